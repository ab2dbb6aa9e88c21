# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo run test lint unit reliability bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## start the station app on the demo warehouse (embedded SQLite beside config.toml)
demo: $(STAMP)
	$(BIN)/wms demo

run: $(STAMP)
	$(BIN)/wms run

## lint, types, layering, then the whole suite (starts and stops a throw-away PostgreSQL 15)
test: lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## the long runs: crash loops, soak and long fuzzing (not part of make test)
reliability: $(STAMP)
	$(BIN)/python -m pytest -q -m slow tests

bench: $(STAMP)
	$(BIN)/python bench/scan_latency.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis
