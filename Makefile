# The two commands in the README: `make build` and `make test`.
PY := .venv/bin/python

.PHONY: setup build test check lint preview clean

setup:
	@bash scripts/setup.sh

build: setup
	$(PY) generate.py build

check: setup
	$(PY) generate.py check

test: setup
	$(PY) -m ruff check briefgen tests generate.py bench
	$(PY) -m mypy
	$(PY) -m pytest

preview: build
	@bash scripts/preview.sh

clean:
	rm -rf output
