"""The school activities of one school year, planned before anything is written:

1. a problem-oriented research session every month from September to June (July and
   August are holidays), on a topic of `RESEARCH_TOPICS`, with minutes;
2. two joint sessions with ideological-political teachers (XH26-A2-4);
3. one moral-education cadre training;
4. ordinary lectures and practice sessions until the plan has `count` activities.

Dates fall between 1 September and the end of June, or yesterday when that is earlier.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from apps.tenancy.models import School
from apps.training.models import CreditClass, TrainingForm

LECTURE, PRACTICE = CreditClass.LECTURE.value, CreditClass.PRACTICE.value
LAST_TEACHING_MONTH = 6
RESEARCH_FORMS = (TrainingForm.CASE, TrainingForm.DISCUSSION, TrainingForm.LESSON_STUDY)
PRACTICE_FORMS = (TrainingForm.DRILL, TrainingForm.OBSERVATION, TrainingForm.ONLINE)

RESEARCH_TOPICS = (
    "学生冲突的成因与干预", "沉默型学生的发现与支持", "家校沟通中的分歧化解",
    "班级小岗位的设计与轮换", "学困生的学习动机激发", "青春期情绪问题的识别",
    "网络沉迷学生的引导", "班干部培养的梯度设计", "转学生融入班集体",
    "考试焦虑的疏导", "主题班会的设计与实施", "综合素质评价的过程记录",
)  # fmt: skip
ORDINARY_TITLES = (
    "班主任专业素养专题讲座", "班级活动设计工作坊", "学生发展指导案例研讨",
    "心理健康教育专题培训", "家庭教育指导能力提升", "班级文化建设观摩",
    "德育课程一体化研修", "劳动教育的班级实践", "班主任工作经验交流",
)  # fmt: skip
MINUTES = (
    "围绕“{topic}”，三位班主任分享了本班的真实案例，全体讨论成因，"
    "形成了可操作的干预步骤，并约定下月回访实施效果。"
)


@dataclass(frozen=True)
class PlannedActivity:
    title: str
    topic: str
    date: dt.date
    hours10: int  # hours in tenths: integer arithmetic for millions of rows
    form: str
    credit_class: str
    research: bool = False
    joint: bool = False
    cadre: bool = False
    minutes: str = ""


@dataclass(frozen=True)
class _Window:
    """The days of the school year that activities may fall on."""

    start: dt.date
    end: dt.date

    def day(self, rng: random.Random) -> dt.date:
        return self.start + dt.timedelta(days=rng.randint(0, (self.end - self.start).days))


def plan_year(
    school: School, year: int, count: int, rng: random.Random, last_day: dt.date
) -> list[PlannedActivity]:
    """`count` activities (at least the special ones) of one school in one school year."""
    window = _Window(dt.date(year, 9, 1), min(dt.date(year + 1, LAST_TEACHING_MONTH, 30), last_day))
    rows = _research_sessions(window, rng)
    rows += [_joint_session(n, window.day(rng)) for n in (1, 2)]
    rows.append(_cadre_training(school, window.day(rng)))
    while len(rows) < count:
        rows.append(_ordinary_session(window, rng))
    return rows


def _research_sessions(window: _Window, rng: random.Random) -> list[PlannedActivity]:
    rows = []
    month_start = window.start
    while month_start <= window.end:
        next_month = dt.date(
            month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1
        )
        month = _Window(month_start, min(next_month - dt.timedelta(days=1), window.end))
        topic = rng.choice(RESEARCH_TOPICS)
        rows.append(
            PlannedActivity(
                title=f"{month_start.month}月问题导向型研修：{topic}",
                topic=topic,
                date=month.day(rng),
                hours10=20,
                form=rng.choice(RESEARCH_FORMS),
                credit_class=PRACTICE,
                research=True,
                minutes=MINUTES.format(topic=topic),
            )
        )
        month_start = next_month
    return rows


def _joint_session(number: int, day: dt.date) -> PlannedActivity:
    return PlannedActivity(
        title=f"与思政课教师共同研修（{number}）：学生思想动态分析",
        topic="学生思想动态的共同研判",
        date=day,
        hours10=20,
        form=TrainingForm.DISCUSSION,
        credit_class=PRACTICE,
        joint=True,
    )


def _cadre_training(school: School, day: dt.date) -> PlannedActivity:
    return PlannedActivity(
        title=f"{school.name}德育干部专题培训",
        topic="德育工作的统筹与指导",
        date=day,
        hours10=30,
        form=TrainingForm.LECTURE,
        credit_class=LECTURE,
        cadre=True,
    )


def _ordinary_session(window: _Window, rng: random.Random) -> PlannedActivity:
    lecture = rng.random() < 0.6
    return PlannedActivity(
        title=rng.choice(ORDINARY_TITLES),
        topic=rng.choice(RESEARCH_TOPICS),
        date=window.day(rng),
        hours10=rng.choice((15, 20, 20, 30, 40)),
        form=TrainingForm.LECTURE if lecture else rng.choice(PRACTICE_FORMS),
        credit_class=LECTURE if lecture else PRACTICE,
    )
