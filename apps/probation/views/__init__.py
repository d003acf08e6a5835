"""views of probation, one module per sub-domain."""
