# The two commands in the README: `make build` and `make test`.
PY := .venv/bin/python

.PHONY: setup build test test-fast golden schema check lint preview clean

setup:
	@bash scripts/setup.sh

build: setup
	$(PY) generate.py build

check: setup
	$(PY) generate.py check

# pytest on every core (pytest-xdist), a test file per worker at a time: module fixtures run once
test: setup
	$(PY) -m ruff check briefgen tests generate.py bench scripts
	$(PY) -m ruff format --check briefgen tests generate.py bench scripts
	$(PY) -m mypy
	$(PY) -m pytest -n auto --dist loadfile

# Everyday iteration: lint, types and the tests that render no PDF and start no browser.
test-fast: setup
	$(PY) -m ruff check briefgen tests generate.py bench scripts
	$(PY) -m ruff format --check briefgen tests generate.py bench scripts
	$(PY) -m mypy
	$(PY) -m pytest -q -m "not slow and not pdf and not browser"

# Regenerate tests/golden/*.html after a meant change to templates, CSS or selection; review the diff.
golden: setup
	BRIEFGEN_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py
	git diff --stat tests/golden

# Rewrite what briefgen/load/schema.py drives after a change to it: the JSON Schemas in
# briefgen/load/schemas/ and the field tables of docs/content-format.md and docs/theming.md.
schema: setup
	$(PY) scripts/update_schema.py
	git diff --stat briefgen/load/schemas docs

preview: build
	@bash scripts/preview.sh

clean:
	rm -rf output

# The output checks alone: Nu HTML checker, axe-core in chromium, PDF fonts/bookmarks/notes.
.PHONY: test-output
test-output: setup
	$(PY) -m pytest -q tests/test_browser.py tests/test_pdf_quality.py
