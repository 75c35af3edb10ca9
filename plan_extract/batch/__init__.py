"""A whole archive: worker processes with per-file limits, resume, manifest.csv."""
from plan_extract.batch.runner import (MANIFEST_COLUMNS, STATE_DIR, BatchSettings, Summary,  # noqa: F401
                                       process_file, read_manifest, run_batch)
