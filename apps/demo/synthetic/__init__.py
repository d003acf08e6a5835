"""A large synthetic district for benchmarks and load tests (`manage.py generate_synthetic
--schools N --teachers-per-school M [--district-code synth] [--year Y] [--seed S]
[--years K] [--ledger-rows-per-teacher R]`).

What it writes, in one transaction and with `bulk_create` only for people and evidence
(no per-row save):

1. the policy packs (`load_all`, idempotent, by the command) and a district on packs
   xuhui-2026 + xuhui-backbone-2023 — when the code exists and the district is one this
   command made, its rows are deleted first, in bulk, so running it again replaces rather
   than adds (`wipe`);
2. N schools of mixed types in a fixed pattern, some opted into Appendix-2 featured
   projects (so featured-project indicators are sometimes applicable) (`people`);
3. M teachers per school, the year's classes with homeroom teachers and deputies — the
   builders of `apps.people.demo`, which leave the last class of every school whose
   code ends in 2 without a homeroom teacher (`people`);
4. evidence for the document indicators (about 60% of the applicable ones per school:
   accepted, waiting for review, or returned with a comment), with their history
   (`evidence`);
5. logins `<code>_admin`, `<code>_reviewer`, `<code>_leader` (password of the demo);
6. with `--years K`, classes and homeroom assignments for each of the K school years up to
   `--year`; with `--ledger-rows-per-teacher R` (R > 0), training records for those years
   (`training`, `activities`, `records`): per school and year, school activities — a
   problem-oriented research session every month from September to June, joint sessions
   with ideological-political teachers, a cadre training and ordinary sessions — with
   attendance, verified external records, a few reversals, so that every teacher has
   exactly R ledger rows per school year; credit assignments for the finished semesters
   of two schools in three; archive entries for most teachers.

Attendance, ledger rows, activities and external records are written with PostgreSQL
COPY (ids reserved from their sequences first, so ledger rows can name their attendance,
external record or reversed row; `writes`), a few round trips per school: at 300 schools
× 50 teachers × 3 years × 45 rows (≈2M ledger rows) `bulk_create` would take many
minutes. Every database constraint holds: the foreign keys (deferred) are checked before
the command returns, and the timings it prints show how long each step took.

Names are generated from common characters: no real person's data.
"""

from .generate import analyze_filled_tables, generate

__all__ = ["analyze_filled_tables", "generate"]
