"""Training evaluators registered into the compliance engine (set-based: a few aggregate
queries for all schools of a district).

* `training.monthly_sessions` — XH26-A2-1 (part): ≥ n problem-oriented research sessions
  recorded by the school each month of the school year up to the reference date; the
  missing months are named.
* `training.yearly_hours` — PT24-HOURS, LS15-YEAR-HOURS: every homeroom teacher of the year
  has at least `min_hours` in the ledger this school year, from the pack's `sources`
  (PT24-HOURS: school-based training only).
* `training.credit_completion` — XH26-A2-3: every homeroom teacher reaches the
  district-designated credits this year (credits converted from the ledger by the pack's
  rates, or as the training officer assigned them).
* `training.credit_assignment` — PT24-CREDIT: credits assigned for every finished semester.
* `training.joint_sessions` — XH26-A2-4 (part): joint sessions with ideological-political
  teachers this year.
* `training.archive` — XH26-A3-1, PT24-ARCHIVE: every homeroom teacher has training in the
  ledger this year and at least one achievement or honour in the archive.
* `training.cadre` — XH26-CADRE: every moral-education cadre trained within n years.
* `training.evaluation` — PT24-EVAL: process and outcome evaluation for every homeroom teacher.
* `training.credit_offsets` — XB23-CREDIT: the backbone centralised training's offset
  recognised, once in the cohort, for every teacher who completed that training.
* `training.needs_survey` — PT24-NEEDS: district and school needs surveys this year, answered
  by the school's homeroom teachers.
* `training.new_homeroom_hours` — LS15-NEW-HOURS: new homeroom teachers' pre-service hours.
* `training.layers` — LS15-LAYERS: pre-service, in-service and backbone training all present.

Rules per school year (hours, credits, archive, evaluation, surveys, layers) are judged
once the year has ended (`common._due_at_year_end`): before, a shortfall is not yet due.

One module per sub-domain (`activities`, `ledger`, `credits`, `evaluations`, `surveys`,
`layers`, with the shared shapes in `common`); importing this package registers them all
(`TrainingConfig.ready`).
"""

from . import activities, credits, evaluations, layers, ledger, surveys
from .credits import _credits_by_teacher  # timed by bench/training.py

__all__ = [
    "_credits_by_teacher",
    "activities",
    "credits",
    "evaluations",
    "layers",
    "ledger",
    "surveys",
]
