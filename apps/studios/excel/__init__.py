"""The studios' sheets (exports), one module per topic; no database writes."""
