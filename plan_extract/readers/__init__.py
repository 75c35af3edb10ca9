"""Stage 1, reading: a file -> pages of characters, ruling lines and text lines (PDF, with legacy
TCVN3/VNI text layers converted and image-only pages sent to OCR) or the same objects from a DOCX.
The only stage that touches input files; bad input is an `InputError` with a one-line message."""
