"""Scanned pages: a rendered page image -> words, lines, ruling lines and ruled tables in PDF
points, so that the table and interpret stages read scans the way they read native text."""
