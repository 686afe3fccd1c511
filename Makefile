# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export GX_ANALYTICS_ENABLED := false
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: demo demo-cluster test lint ui bench clean chromium

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

## demo: serve the demo site, backfill its 60 days, print what the marts say
demo: $(STAMP)
	$(BIN)/akhbar demo

## demo-cluster: the same demo on the cluster profile: a throwaway PostgreSQL holds the Dagster
## instance and the shared host gate, 2 local Dask workers run the steps; all stopped after
demo-cluster: $(STAMP)
	$(BIN)/akhbar demo-cluster --workers 2

## test: the whole test suite (real Dagster runs, real DuckDB, the demo site on loopback)
test: $(STAMP) chromium
	$(BIN)/python -m pytest

## chromium: best effort, Debian's chromium for the report's browser test (Playwright drives
## it; no browser download): installed when missing and apt-get runs as root. Never fails
## the build: without chromium that one test skips and says why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
		&& command -v apt-get >/dev/null 2>&1 && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium not installed: the report's browser test will be skipped"

## lint: formatting, lint, types, and the import layers of .importlinter
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy pipelines assets quality warehouse
	$(BIN)/lint-imports

## ui: the Dagster UI on http://127.0.0.1:3000 (runs of `make demo` show up here)
ui: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	@test -f $(DAGSTER_HOME)/dagster.yaml || cp pipelines/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dg dev --host 127.0.0.1 --port 3000

## bench: the benchmarks (see benchmarks/RESULTS.md for results and exact commands)
bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/fetch.py
	$(BIN)/python benchmarks/topics.py
	$(BIN)/python benchmarks/stories.py
	benchmarks/fresh_demo.sh

## clean: everything a run writes: the analysts' file, the lake, raw bodies, topic models,
## per-run robots.txt answers, Data Docs and validation results, the news reports, the Dagster
## instance
clean:
	rm -rf warehouse/news.duckdb* warehouse/.*.partial* warehouse/lake warehouse/raw \
		warehouse/models warehouse/runs warehouse/quality warehouse/snapshots warehouse/reports \
		warehouse/cluster-demo \
		.dagster_home
