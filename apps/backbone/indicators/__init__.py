"""The backbone app's compliance evaluators (registered, set-based), one module per topic:

* cohort — XB23-COHORT, XB23-TASKS
* assessments — XB23-ASSESS
* allowance — XB23-ALLOWANCE
* pool — XB-POOL, XB-TARGET
* teams — XB-TEAMS, XB-TEAM-SIZE, XB-LEADER, XB-MEMBER, XB-ASSESS
* work — XB-FIVE, XB-PROJECT, XB-SHOWCASE
"""

from . import allowance, assessments, cohort, pool, teams, work

__all__ = ["allowance", "assessments", "cohort", "pool", "teams", "work"]
