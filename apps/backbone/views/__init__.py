"""The backbone app's views, one module per topic."""
