"""Stage 2, tables: pages -> raw tables (find: ruled grids and unruled tables from word gutters)
-> logical tables (stitch: parts joined across pages, repeated headers dropped, split rows
re-joined, merged cells filled) with each column's role read from its header (headers)."""
