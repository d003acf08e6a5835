"""The studios' sheets: exports (no database writes), one module per topic."""
