"""The reports app's reads, one module per sub-domain."""
