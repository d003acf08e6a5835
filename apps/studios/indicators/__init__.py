"""The studios' compliance evaluators (registered on import)."""
