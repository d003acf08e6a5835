"""The studios API shapes, one module per sub-domain."""
