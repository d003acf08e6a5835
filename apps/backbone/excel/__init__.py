"""The backbone app's excel, one module per topic."""
