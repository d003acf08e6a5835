"""Training pages.

* School portal (/s/<school_id>/training/…): activities and their sign-in, 学时审定 of the
  teachers' external records, the hours ledger with reversals, end-of-semester credits,
  and each teacher's development archive with a printable view. The school's leader
  writes; the district's roles read.
* District portal (/d/<district_id>/training/…): the district's own activities, with
  sign-in across all its schools (its admin writes, its roles read).
* Both portals keep files with an activity's record (attachments): its organiser uploads,
  whoever reads the activity downloads.
* Teacher space (/me/…): the home page with this year's progress, logging an external
  training, own records, own ledger and own archive.

Every view resolves its tenant through the portal mixins (or, in the teacher space,
through the person's own teacher records), reads through selectors and writes through
the services, whose Chinese messages are shown on the fields they name.
"""

from .district import (
    DistrictActivityAttachmentAddView,
    DistrictActivityAttachmentFileView,
    DistrictActivityCreateView,
    DistrictActivityDetailView,
    DistrictActivityListView,
)
from .school import (
    ActivityAttachmentAddView,
    ActivityAttachmentFileView,
    ActivityCreateView,
    ActivityDetailView,
    ActivityListView,
    ArchiveFileView,
    ArchiveListView,
    ArchivePrintView,
    ArchiveTeacherView,
    CreditOffsetView,
    CreditsView,
    ExternalDetailView,
    ExternalFileView,
    ExternalQueueView,
    LedgerReverseView,
    LedgerTeacherView,
    LedgerView,
)
from .teacher import (
    MyArchiveFileView,
    MyArchivePrintView,
    MyArchiveView,
    MyExternalCreateView,
    MyExternalFileView,
    MyLedgerView,
    MyTrainingView,
    teacher_home,
)

__all__ = [
    "ActivityAttachmentAddView",
    "ActivityAttachmentFileView",
    "ActivityCreateView",
    "ActivityDetailView",
    "ActivityListView",
    "ArchiveFileView",
    "ArchiveListView",
    "ArchivePrintView",
    "ArchiveTeacherView",
    "CreditOffsetView",
    "CreditsView",
    "DistrictActivityAttachmentAddView",
    "DistrictActivityAttachmentFileView",
    "DistrictActivityCreateView",
    "DistrictActivityDetailView",
    "DistrictActivityListView",
    "ExternalDetailView",
    "ExternalFileView",
    "ExternalQueueView",
    "LedgerReverseView",
    "LedgerTeacherView",
    "LedgerView",
    "MyArchiveFileView",
    "MyArchivePrintView",
    "MyArchiveView",
    "MyExternalCreateView",
    "MyExternalFileView",
    "MyLedgerView",
    "MyTrainingView",
    "teacher_home",
]
