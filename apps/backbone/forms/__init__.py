"""The backbone app's forms, one module per topic."""
