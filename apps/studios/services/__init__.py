"""The studios' writes, one module per topic (other apps import from here)."""

from .briefs import brief_correct as brief_correct
from .briefs import brief_file as brief_file
from .briefs import brief_review as brief_review
from .outcomes import outcome_add as outcome_add
from .outcomes import outcome_promote as outcome_promote
