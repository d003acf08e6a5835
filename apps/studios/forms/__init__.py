"""Forms of the studios' pages, one module per topic."""
