"""The studios' forms, one module per topic."""
