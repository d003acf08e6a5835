"""The studios' reads, one module per topic."""

from .briefs import brief_board as brief_board
from .briefs import brief_due as brief_due
from .briefs import brief_due_day as brief_due_day
from .briefs import quarters_due as quarters_due
