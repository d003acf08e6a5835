"""The backbone app's compliance evaluators (registered, set-based), one module per topic:

* cohort — XB23-COHORT, XB23-TASKS
* assessments — XB23-ASSESS
* allowance — XB23-ALLOWANCE
* pool — XB-POOL, XB-TARGET
* teams — XB-TEAMS, XB-TEAM-SIZE, XB-LEADER, XB-MEMBER, XB-ASSESS
* work — XB-FIVE, XB-PROJECT, XB-SHOWCASE
"""

# ---- cohort ----
from . import cohort  # noqa: F401

# ---- end cohort ----
# ---- assessments ----
# ---- end assessments ----
# ---- allowance ----
# ---- end allowance ----
# ---- pool ----
# ---- end pool ----
# ---- teams ----
# ---- end teams ----
# ---- work ----
# ---- end work ----
