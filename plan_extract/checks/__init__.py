"""Self-checks: every extraction checks itself and points at its doubtful rows (see rows.py)."""
from plan_extract.checks.rows import MISSING_ROW_CODES, check_plan, confidence, review_of, summary_line  # noqa: F401
from plan_extract.checks.prose import check_prose_targets  # noqa: F401,E402
