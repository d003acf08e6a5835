"""The studios' pages: the lead's space, the district's and schools' team pages, the
brief board."""
