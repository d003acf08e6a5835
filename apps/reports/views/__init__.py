"""The reports app's portal pages, one module per sub-domain."""
