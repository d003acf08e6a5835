"""The backbone app's services, one module per topic."""
