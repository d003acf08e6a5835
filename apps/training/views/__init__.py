"""Training pages, one module per sub-domain (shared helpers and portal mixins in `common`):

* `activities` and `attendance` — activities of a school or of the district, their sign-in
  checklist and the files kept with them;
* `external` — 学时审定 of the teachers' external records; the teacher's own records;
* `ledger` — the hours ledger with reversals and its export; the teacher's own ledger;
* `credits` — end-of-semester credits and offsets; the teacher's home with their progress;
* `archive` — each teacher's development archive with a printable view;
* `programmes`, `surveys`, `evaluations` — 启航 / 续航 / 领航 cohorts, needs surveys, and
  the training evaluation;
* `research` — the district's spot-check of the schools' research sessions (XH26-A2-1);
* `imports` — the Excel imports of sign-in sheets and external hours, with their jobs.

Every view resolves its tenant through the portal mixins (or, in the teacher space,
through the person's own teacher records), reads through selectors and writes through
the services, whose Chinese messages are shown on the fields they name.
"""
