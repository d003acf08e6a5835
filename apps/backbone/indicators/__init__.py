"""The backbone app's compliance evaluators (registered, set-based), one module per topic:

* cohort — XB23-COHORT, XB23-TASKS
* assessments — XB23-ASSESS
* allowance — XB23-ALLOWANCE
* pool — XB-POOL, XB-TARGET
* teams — XB-TEAMS, XB-TEAM-SIZE, XB-LEADER, XB-MEMBER, XB-ASSESS
* work — XB-FIVE, XB-PROJECT, XB-SHOWCASE
"""

# ---- cohort ----
# ---- end cohort ----
# ---- assessments ----
# ---- end assessments ----
# ---- allowance ----
# ---- end pool ----
# ---- teams ----
# ---- end teams ----
# ---- work ----
from . import (
    allowance,  # noqa: F401
    assessments,  # noqa: F401
    cohort,  # noqa: F401
    teams,  # noqa: F401
    work,  # noqa: F401  XB-FIVE, XB-PROJECT, XB-SHOWCASE
)

# ---- end allowance ----
# ---- pool ----
from . import pool as pool
# ---- end work ----
