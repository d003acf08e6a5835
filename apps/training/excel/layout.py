"""The training sheets' layout: their names and columns, and the blank import templates
built from them (a guide sheet, bold headers, drop-downs for the choice columns)."""

from __future__ import annotations

from apps.core.xlsx import Column, TemplateSheet, build_template
from apps.training.models import CreditClass, ExternalLevel, TrainingActivity
from apps.training.models.vocab import MAX_EXTERNAL_HOURS

ATTENDANCE_SHEET = "签到表"
EXTERNAL_SHEET = "校外培训"

SCHOOL_CODE = Column("学校代码", "school_code", required=True, hint="本区学校的代码，见学校概览")
EMPLOYEE_NO = Column("工号", "employee_no", required=True, hint="教师名册中的工号")
ATTENDANCE_COLUMNS = (
    EMPLOYEE_NO,
    Column("姓名", "name", hint="可不填；填写时须与名册一致"),
    Column("认定学时", "hours", hint="可不填，默认为活动学时；须大于 0 且不超过活动学时"),
)
DISTRICT_ATTENDANCE_COLUMNS = (SCHOOL_CODE, *ATTENDANCE_COLUMNS)
EXTERNAL_COLUMNS = (
    EMPLOYEE_NO,
    Column("培训名称", "title", required=True),
    Column("主办单位", "organiser", required=True),
    Column(
        "主办层级",
        "organiser_level",
        required=True,
        hint="、".join(str(x) for x in ExternalLevel.labels),
    ),
    Column("日期", "date", required=True, hint="如 2025-10-18，不能晚于今天"),
    Column("学时", "hours", required=True, hint=f"大于 0，不超过 {MAX_EXTERNAL_HOURS}"),
    Column("学分类别", "credit_class", required=True, hint="讲座类 / 实践类"),
    Column("说明", "note"),
)


def attendance_columns(activity: TrainingActivity) -> tuple[Column, ...]:
    """A district activity's sheet names the school too."""
    return DISTRICT_ATTENDANCE_COLUMNS if activity.school_id is None else ATTENDANCE_COLUMNS


def build_attendance_template(activity: TrainingActivity) -> bytes:
    """The 签到表 of one activity; a district activity's sheet names the school too."""
    district_wide = activity.school_id is None
    who = "本区任一学校的教师，按 学校代码+工号 识别" if district_wide else "本校教师，按工号识别"
    return build_template(
        heading=(
            f"签到表导入模板 · {activity.title}（{activity.date:%Y-%m-%d}，{activity.hours} 学时）"
        ),
        guide=[
            f"1. 在“{ATTENDANCE_SHEET}”工作表中从第 2 行开始，每位出勤教师一行；"
            "标 * 的列必填，不要修改表头。",
            f"2. 出勤教师为{who}；填写姓名时须与名册一致。",
            f"3. 认定学时可不填，默认为活动学时 {activity.hours}；"
            "填写时须大于 0 且不超过活动学时。",
            "4. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
            "5. 已登记出勤的教师会被跳过（学时台账不可修改，如需更正请冲销后重新登记）。",
            "6. 请直接填写数值，不要使用公式。",
        ],
        sheets=[TemplateSheet(ATTENDANCE_SHEET, attendance_columns(activity))],
    )


def build_external_template() -> bytes:
    """The 校外培训 sheet: one verified record per row."""
    return build_template(
        heading="校外培训学时导入模板",
        guide=[
            f"1. 在“{EXTERNAL_SHEET}”工作表中从第 2 行开始，每条培训记录一行；"
            "标 * 的列必填，不要修改表头。",
            "2. 导入的记录视为由您（德育主任）审定通过，学时即时记入学时台账。",
            "3. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
            "4. 与已登记记录（同一教师、培训名称、主办单位、日期、学时）相同的行会被跳过。",
            "5. 日期写作 2025-10-18；请直接填写数值，不要使用公式。",
        ],
        sheets=[
            TemplateSheet(
                EXTERNAL_SHEET,
                EXTERNAL_COLUMNS,
                {
                    "organiser_level": [str(label) for label in ExternalLevel.labels],
                    "credit_class": [str(label) for label in CreditClass.labels],
                },
            )
        ],
    )
