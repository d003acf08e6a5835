"""A team's sessions (工作室活动, XH26-STUDIO-MONTHLY): recorded by the team's lead or a
manager as a training activity organised by the studio, with who of the team attended.

1. The activity is made by training's `activity_create` — organiser level 工作室 (工作坊
   for a workshop), marked as a problem-oriented research session, so training checks its
   theme, problem and minutes by the district's pack and the ledger and
   XH26-STUDIO-MONTHLY judge it like a school's research session; studios decide who
   may record it (`allowed`).
2. Only the team's active members may be ticked; anyone else is refused by name.
3. The attendance (training's `attendance_record`) credits each member's ledger with the
   session's hours. A district team's members come from several schools: the whole write
   runs inside `team_scope(team)`, which widens the row security to exactly their schools.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.people.models import Teacher
from apps.studios.access import is_lead, may_manage, team_scope
from apps.studios.models import Member, Session, Team, TeamKind, Theme
from apps.training.models import CreditClass, OrganiserLevel, TrainingForm
from apps.training.services import activity_create, attendance_record


def may_record_sessions(user: Any, team: Team) -> bool:
    """The team's lead, or whoever manages the team (apps.studios.access)."""
    return is_lead(user, team) or may_manage(user, team)


def _attendees(team: Team, teachers: Iterable[Teacher | int]) -> list[Teacher]:
    """Step 2: the chosen teachers, each an active member of the team, else refused."""
    wanted = {t if isinstance(t, int) else t.pk for t in teachers}
    if not wanted:
        raise ValidationError({"teachers": "请勾选参加活动的成员。"})
    members = {
        m.teacher_id: m.teacher
        for m in Member.objects.filter(
            team=team, left_on__isnull=True, teacher_id__in=wanted
        ).select_related("teacher")
    }
    strangers = wanted - set(members)
    if strangers:
        names = sorted(Teacher.objects.filter(pk__in=strangers).values_list("name", flat=True))
        shown = "、".join(names) if names else "所选教师"
        raise ValidationError({"teachers": f"以下教师不是本工作室的在册成员：{shown}。"})
    return list(members.values())


def _theme(team: Team, theme: Theme | int | None) -> Theme | None:
    if theme is None:
        return None
    theme_id = theme if isinstance(theme, int) else theme.pk
    found = Theme.objects.filter(team=team, pk=theme_id).first()
    if found is None:
        raise ValidationError({"theme": "所选研究主题不属于本工作室。"})
    return found


@transaction.atomic
def session_record(
    *,
    team: Team,
    actor: Any,
    title: str,
    topic: str,
    date: dt.date,
    hours: Decimal | str,
    module: str,
    minutes: str,
    theme: Theme | int | None = None,
    teachers: Iterable[Teacher | int] = (),
    form: str = TrainingForm.DISCUSSION,
    credit_class: str = CreditClass.PRACTICE,
) -> Session:
    """Record one session of `team` with its attendance (steps in the module docstring)."""
    allowed = may_record_sessions(actor, team)
    if not allowed:
        raise PermissionDenied("only the team's lead or a manager records its sessions")
    if team.ended_on is not None:
        raise ValidationError({"team": "该工作室已结束，不能再登记活动。"})
    level = OrganiserLevel.WORKSHOP if team.kind == TeamKind.WORKSHOP else OrganiserLevel.STUDIO
    with team_scope(team):
        chosen_theme = _theme(team, theme)
        attendees = _attendees(team, teachers)
        activity = activity_create(
            district=team.district, school=team.school, actor=actor, allowed=allowed,
            organiser_level=level, organiser_name=team.name, is_research_session=True,
            title=title, topic=topic, date=date, hours=hours, module=module,
            minutes=minutes, form=form, credit_class=credit_class,
        )  # fmt: skip
        session = Session.objects.create(team=team, activity=activity, theme=chosen_theme)
        attendance_record(activity=activity, teachers=attendees, actor=actor, allowed=allowed)
    return session
