# `make run`: set up, then extract every document in raw/ into extracted/.
# `make test`: set up, then run the full test suite.
.PHONY: setup run test corpus bench-accuracy bench-speed
setup:
	@bash scripts/setup.sh

run: setup
	.venv/bin/plan-extract batch raw -o extracted

test: setup
	.venv/bin/python -m pytest

corpus: setup
	.venv/bin/python -m tests.corpus.generate
	.venv/bin/python -m tests.corpus.generate --matrix

bench-accuracy: setup
	.venv/bin/python benchmarks/accuracy.py

bench-speed: setup
	.venv/bin/python benchmarks/speed.py
