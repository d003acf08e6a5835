"""The studios' writes, one module per topic."""

from .briefs import brief_correct as brief_correct
from .briefs import brief_file as brief_file
from .briefs import brief_review as brief_review
