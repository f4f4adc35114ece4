# Samspill: `make run` serves the demo, `make test` passes the suite. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The install is redone only when pyproject.toml changes.
DEPS_ID := $(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test e2e bench lint format clean

$(VENV)/.python-ok:
	@py="$${PYTHON:-$$(scripts/find-python)}" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi; \
	$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "$(VENV) uses Python older than 3.12; remove it (rm -rf $(VENV)) and run make again."; exit 1; }
	@touch $@

$(VENV)/.runtime-$(DEPS_ID): $(VENV)/.python-ok
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dev-$(DEPS_ID): $(VENV)/.runtime-$(DEPS_ID)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

$(VENV)/.e2e-$(DEPS_ID): $(VENV)/.dev-$(DEPS_ID)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,e2e]"
	@touch $@

run: $(VENV)/.runtime-$(DEPS_ID)
	$(BIN)/samspill compiletranslations
	$(BIN)/samspill migrate --noinput
	$(BIN)/samspill demo
	@echo "Open http://127.0.0.1:8000/ and log in as: demo / samspill-demo"
	$(BIN)/samspill serve

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto

test: $(VENV)/.dev-$(DEPS_ID)
	$(BIN)/samspill compiletranslations
	$(BIN)/pytest --ignore=tests/e2e -n $(TEST_WORKERS) $(PYTEST_ARGS)

e2e: $(VENV)/.e2e-$(DEPS_ID)
	@scripts/ensure-chromium
	$(BIN)/samspill compiletranslations
	$(BIN)/pytest tests/e2e -p no:xdist $(PYTEST_ARGS)

bench: $(VENV)/.dev-$(DEPS_ID)
	$(BIN)/samspill compiletranslations
	$(PY) -m bench

lint: $(VENV)/.dev-$(DEPS_ID)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-$(DEPS_ID)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static
