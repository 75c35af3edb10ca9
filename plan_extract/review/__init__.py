"""Review and correct: one self-contained HTML page per document (page.py, crops from the PDF in
images.py, a batch index), and the corrections staff save from it (corrections.py), re-applied
by the run chain at every re-extraction."""
