"""Stage 4, normalisation: raw cells -> canonical values. deadlines (a deadline cell ->
{kind, start, due, recurrence}) and units (a lead / coordinator cell -> canonical unit names)."""
