"""The studios forms, one module per sub-domain."""
