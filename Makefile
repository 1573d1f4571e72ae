# Cabinet — everyday commands. `make run` starts the demo firm; `make test` runs every test.
# GNU make; recipes are indented with tabs.

PYTHON      ?= python3.11
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
DATA_DIR    ?= $(CURDIR)/var
HOST        ?= 127.0.0.1
PORT        ?= 8000
PG_URL      ?= postgres://postgres@127.0.0.1:5432/cabinet
PYTEST_ARGS ?=

# make run, make demo and make test use SQLite in the data folder, whatever the shell exports.
SQLITE := env -u DATABASE_URL CABINET_DATA_DIR=$(DATA_DIR)

.PHONY: help install run demo serve test test-pg e2e lint format bench

help:
	@echo "make install   create $(VENV) ($(PYTHON)) and install Cabinet with its dev tools"
	@echo "make run       migrate, load the demo firm once, serve on http://$(HOST):$(PORT)/"
	@echo "make demo      load the demo firm into $(DATA_DIR) (does nothing if loaded)"
	@echo "make test      every test on SQLite, browser tests included"
	@echo "make test-pg   every test on PostgreSQL ($(PG_URL))"
	@echo "make e2e       the browser tests only (Chromium)"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make bench     time the hot reads on two generated firms (BENCH_DB=sqlite|postgresql,"
	@echo "               BENCH_SMALL=10000, BENCH_LARGE=100000, BENCH_REPEAT=20); see README"

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(SQLITE) $(BIN)/cabinet migrate --verbosity 0
	@if [ ! -f $(DATA_DIR)/.demo-loaded ]; then \
		$(SQLITE) $(BIN)/cabinet demo && touch $(DATA_DIR)/.demo-loaded; \
	fi
	$(SQLITE) $(BIN)/cabinet serve --host $(HOST) --port $(PORT)

demo: install
	$(SQLITE) $(BIN)/cabinet migrate --verbosity 0
	$(SQLITE) $(BIN)/cabinet demo
	touch $(DATA_DIR)/.demo-loaded

test: install
	$(SQLITE) $(BIN)/pytest $(PYTEST_ARGS)

test-pg: install
	env CABINET_DATA_DIR=$(DATA_DIR) DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

e2e: install
	$(SQLITE) $(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check cabinet tests
	$(BIN)/ruff format --check cabinet tests

# Not part of `make test` nor CI: minutes of generation, then bench/results/<date>-….md.
# BENCH_DB, BENCH_SMALL, BENCH_LARGE, BENCH_REPEAT and BENCH_PG_URL pass through.
bench: install
	$(BIN)/python bench/run.py

format: install
	$(BIN)/ruff check --fix cabinet tests
	$(BIN)/ruff format cabinet tests
