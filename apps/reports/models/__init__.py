"""The reports app's models, one module per sub-domain, re-exported here."""
