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
from . import assessments  # noqa: F401
# ---- end assessments ----
# ---- allowance ----
from . import allowance  # noqa: F401
# ---- end allowance ----
# ---- pool ----
from . import pool as pool
# ---- end pool ----
# ---- teams ----
from . import teams  # noqa: F401
# ---- end teams ----
# ---- work ----
from . import work  # noqa: F401  XB-FIVE, XB-PROJECT, XB-SHOWCASE
# ---- end work ----
