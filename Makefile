# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
VIGIE  := $(VENV)/bin/vigie
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast venv assets data build serve bench clean

run: venv data build serve

venv: $(VENV)/.installed assets

# Front-end assets (DSFR, dsfr-chart, maplibre-gl) from the npm registry, pinned by package-lock.json,
# copied into the package's static/vendor/ (no CDN at run time). Idempotent: see scripts/assets.sh.
assets:
	scripts/assets.sh

$(VENV)/.installed: pyproject.toml
	scripts/system-deps.sh
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev,postgres]"
	touch $@

data: venv
	$(VIGIE) data pull

build: venv
	$(VIGIE) build

serve: venv
	$(VIGIE) serve --host $(HOST) --port $(PORT)

# Whole suite, slow end-to-end tests included (they build the real warehouse once).
# scripts/postgres.sh starts a throw-away PostgreSQL (installing it from Debian packages if
# needed) so the programme-store tests also run on it; without one they are skipped.
test: venv
	-scripts/chromium.sh
	scripts/postgres.sh run $(PY) -m pytest -n 2 --dist loadgroup

# The quick loop: everything but the tests marked slow.
test-fast: venv
	$(PY) -m pytest -n 2 -m "not slow"

bench: venv
	$(PY) benchmarks/bench_warehouse_build.py
	$(PY) benchmarks/bench_mirror_checks.py
	$(PY) benchmarks/bench_fiche_pdf.py

clean:
	rm -rf var .pytest_cache .hypothesis
