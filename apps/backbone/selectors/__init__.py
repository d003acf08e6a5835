"""The backbone app's selectors, one module per topic."""
