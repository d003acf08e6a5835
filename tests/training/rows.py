"""Training rows for the persona world, made on first use (idempotent, so the tenancy
matrix can name them from its kwargs lambdas): per school, an activity its first teacher
attended (with the ledger row and one attachment), an external record of that teacher
waiting for 学时审定 and an archive entry, each marked `MK-<key>-` like the world's other
rows; per district, a district-level activity attended by the first teacher of each of its
schools, with one attachment.

They are not part of `tests.personas.build_world` on purpose: other training tests count
ledger rows and external records of the world and must not see these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.accounts.models import User
from apps.core.schoolyear import current_school_year, school_year, semester_of
from apps.people.models import Teacher
from apps.tenancy.models import Membership, Role
from apps.training.models import (
    ActivityAttachment,
    ActivityAttachmentFile,
    ArchiveEntry,
    ArchiveFile,
    Attendance,
    EntryKind,
    ExternalTraining,
    ExternalTrainingFile,
    LedgerEntry,
    TrainingActivity,
)
from tests.personas import SchoolData, World, evidence_pdf

MINUTES = "围绕班级中学生同伴冲突的成因展开研讨，三位班主任分享案例并形成干预方案，下月跟进。"


@dataclass
class TrainingRows:
    activity: TrainingActivity  # the school's own, attended by teachers[0]
    attendance: Attendance
    entry: LedgerEntry  # teachers[0]'s ledger row for it
    external: ExternalTraining  # teachers[0]'s, with a file, waiting for 学时审定 at first
    archive: ArchiveEntry  # teachers[0]'s, with a file
    attachment: ActivityAttachment  # the activity's, a marked PDF


def first_day() -> object:
    """The first day of this school year: always in the past, always this year."""
    return school_year(current_school_year()).start


def attend(activity: TrainingActivity, teacher: Teacher, creator: User) -> LedgerEntry:
    """An attendance and its ledger row, made directly as the service would make them."""
    attendance, _ = Attendance.objects.get_or_create(
        activity=activity, teacher=teacher, defaults={"hours": activity.hours}
    )
    year, term = semester_of(activity.date)
    entry, _ = LedgerEntry.objects.get_or_create(
        attendance=attendance,
        defaults={
            "teacher": teacher, "school_id": teacher.school_id,
            "district_id": teacher.district_id, "kind": EntryKind.ATTENDANCE,
            "date": activity.date, "school_year": year, "semester": term,
            "hours": attendance.hours, "credit_class": activity.credit_class,
            "title": activity.title, "activity": activity, "created_by": creator,
        },
    )  # fmt: skip
    return entry


def attach(activity: TrainingActivity, name: str, creator: User) -> ActivityAttachment:
    """The activity's attachment `name` (a small PDF carrying the name), made once."""
    data = evidence_pdf(name)
    attachment, created = ActivityAttachment.objects.get_or_create(
        activity=activity,
        file_name=name,
        defaults={
            "title": name.removesuffix(".pdf"), "file_type": "pdf", "file_size": len(data),
            "uploaded_by": creator,
        },
    )  # fmt: skip
    if created:
        ActivityAttachmentFile.objects.create(attachment=attachment, data=data)
    return attachment


def school_rows(sd: SchoolData) -> TrainingRows:
    school, teacher, creator = sd.school, sd.teachers[0], sd.job.created_by
    scope = {"school": school, "district_id": school.district_id}
    activity, _ = TrainingActivity.objects.get_or_create(
        **scope,
        title=f"{sd.marker}学生冲突案例研讨",
        defaults={
            "organiser_level": "school", "topic": "学生同伴冲突的成因与干预",
            "date": first_day(), "hours": Decimal("2.0"), "form": "case",
            "credit_class": "lecture", "is_research_session": True, "minutes": MINUTES,
            "created_by": creator,
        },
    )  # fmt: skip
    entry = attend(activity, teacher, creator)
    external, created = ExternalTraining.objects.get_or_create(
        **scope,
        title=f"{sd.marker}市级班主任专题培训",
        defaults={
            "teacher": teacher, "organiser": "市师资培训中心", "organiser_level": "city",
            "date": first_day(), "hours": Decimal("6.0"), "credit_class": "lecture",
            "file_name": f"{sd.marker}结业证书.pdf", "file_type": "pdf", "submitted_by": creator,
        },
    )  # fmt: skip
    if created:
        ExternalTrainingFile.objects.create(record=external, data=evidence_pdf(sd.marker))
    archive, created = ArchiveEntry.objects.get_or_create(
        **scope,
        title=f"{sd.marker}区级主题班会展示课",
        defaults={
            "teacher": teacher, "kind": "open_lesson", "level": "district", "date": first_day(),
            "file_name": f"{sd.marker}展示课.pdf", "file_type": "pdf", "created_by": creator,
        },
    )  # fmt: skip
    if created:
        ArchiveFile.objects.create(entry=archive, data=evidence_pdf(sd.marker))
    attachment = attach(activity, f"{sd.marker}研讨签到表.pdf", creator)
    assert entry.attendance is not None
    return TrainingRows(activity, entry.attendance, entry, external, archive, attachment)


def district_activity(key: str, world: World) -> TrainingActivity:
    """District `key`'s own activity, attended by the first teacher of each school."""
    district = world.districts[key]
    creator = world.schools[f"{key}1"].job.created_by
    activity, created = TrainingActivity.objects.get_or_create(
        district=district,
        school=None,
        title=f"{district.name}班主任集中培训",
        defaults={
            "organiser_level": "district", "organiser_name": "区教育学院",
            "topic": "班级建设的难点与对策", "date": first_day(), "hours": Decimal("3.0"),
            "form": "lecture", "credit_class": "lecture", "created_by": creator,
        },
    )  # fmt: skip
    if created:
        for number in ("1", "2"):
            attend(activity, world.schools[f"{key}{number}"].teachers[0], creator)
        attach(activity, f"区级集中培训{key}课件.pdf", creator)
    return activity


def district_attachment(key: str, world: World) -> ActivityAttachment:
    """The attachment of district `key`'s own activity."""
    attachment = district_activity(key, world).attachments.order_by("pk").first()
    assert attachment is not None
    return attachment


def leader_logged(sd: SchoolData) -> ExternalTraining:
    """An external record of the school's second teacher, logged by the school's leader
    and waiting: the one record the leader may still correct or withdraw."""
    leader = (
        Membership.objects.filter(school=sd.school, role=Role.SCHOOL_LEADER)
        .select_related("user")
        .first()
    )
    assert leader is not None
    record, _ = ExternalTraining.objects.get_or_create(
        school=sd.school,
        district_id=sd.school.district_id,
        title=f"{sd.marker}区级班主任培训（学校代登记）",
        defaults={
            "teacher": sd.teachers[1], "organiser": "区教育学院", "organiser_level": "district",
            "date": first_day(), "hours": Decimal("3.0"), "credit_class": "lecture",
            "submitted_by": leader.user,
        },
    )  # fmt: skip
    return record
