"""API shapes of the studios, one module per topic."""
