"""Stage 3, interpretation: logical tables and the text outside them -> model rows.
tasks (task tables), indicators + targets (indicator grids, target cells), body (tasks and
targets written in prose under unit headings), metadata (letterhead, title, signature, references)."""
