"""The studios' compliance evaluators (registered on import), set-based:

* `studios.school_studio`, `studios.monthly_sessions` — XH26-A2-2 (with
  XH26-STUDIO-MONTHLY), combined by the pack's `all_of`;
* `studios.rules`, `studios.themes`, `studios.collection` — XH26-A2P-4.1…4.3;
* `studios.workshops` — XB23-WORKSHOP;
* `studios.briefs` — XB23-BRIEF;

and the `studios` data source (`common.fingerprint`)."""

from . import briefs, common, studios, tiered, workshops

__all__ = ["briefs", "common", "studios", "tiered", "workshops"]
