#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine with Python 3.11: Debian packages, a virtual
# environment in .venv and the project installed into it. Quick on a second run.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(tesseract-ocr tesseract-ocr-vie hunspell-vi ghostscript qpdf poppler-utils fonts-liberation fonts-liberation2 fonts-dejavu-core
              libreoffice-writer-nogui   # converts Word 97-2003 .doc (readers/doc.py)
              chromium                   # the review page tested in a real browser (tests/test_review_browser.py)
              gcc libc6-dev)             # builds readers/_pdfium_loops.c (optional: without it, ctypes calls)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
# (reinstalled when the project's settings or its C source change: the install builds the C loops)
stamp=.venv/.installed-$(cat pyproject.toml plan_extract/readers/*.c | sha256sum | cut -c1-16)
if [[ ! -f $stamp ]]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-*; touch "$stamp"
fi
