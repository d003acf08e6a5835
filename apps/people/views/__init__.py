"""Portal pages of people data, one module per sub-domain: `portal` (roster, classes,
assignments, roster import, the district's school pages) and `transfers` (a teacher
moved, leaving and coming back, ADR 0012)."""
