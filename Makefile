# Samspill: `make run` serves the demo, `make test` passes the suite. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The install is redone only when pyproject.toml changes.
DEPS_ID := $(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test e2e bench lint format clean cluster-test faults soak api-fuzz

# Extras installed for the tests. CI adds "ldap" (python-ldap needs libldap's headers).
comma := ,
EXTRAS ?= dev
EXTRAS_ID := $(subst $(comma),-,$(EXTRAS))

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

$(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID): $(VENV)/.runtime-$(DEPS_ID)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[$(EXTRAS)]"
	@touch $@

$(VENV)/.e2e-$(DEPS_ID)-$(EXTRAS_ID): $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[$(EXTRAS),e2e]"
	@touch $@

run: $(VENV)/.runtime-$(DEPS_ID)
	$(BIN)/samspill compiletranslations
	$(BIN)/samspill migrate --noinput
	$(BIN)/samspill demo
	@echo "Open http://127.0.0.1:8000/ and log in as: demo / samspill-demo"
	$(BIN)/samspill serve --with-worker

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto

test: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(BIN)/samspill compiletranslations
	$(BIN)/pytest --ignore=tests/e2e -n $(TEST_WORKERS) $(PYTEST_ARGS)

e2e: $(VENV)/.e2e-$(DEPS_ID)-$(EXTRAS_ID)
	@scripts/ensure-chromium
	$(BIN)/samspill compiletranslations
	$(BIN)/pytest tests/e2e -p no:xdist $(PYTEST_ARGS)

bench: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(BIN)/samspill compiletranslations
	$(PY) -m bench

# Two servers sharing PostgreSQL and Redis, plus workers (tests/cluster, docs/operations.md).
cluster-test: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	SAMSPILL_CLUSTER_TESTS=1 $(BIN)/pytest tests/cluster/test_cluster.py tests/cluster/test_workers.py -p no:xdist $(PYTEST_ARGS)

faults: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	SAMSPILL_CLUSTER_TESTS=1 $(BIN)/pytest tests/cluster/test_faults.py -p no:xdist $(PYTEST_ARGS)

DURATION ?= 60
soak: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	SAMSPILL_CLUSTER_TESTS=1 SAMSPILL_SOAK_SECONDS=$(DURATION) $(BIN)/pytest tests/cluster/test_soak.py -p no:xdist -s $(PYTEST_ARGS)

# Schemathesis over every API operation against a live `samspill serve` (docs/api.md).
api-fuzz: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(BIN)/samspill compiletranslations
	scripts/api-fuzz

lint: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-$(DEPS_ID)-$(EXTRAS_ID)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static
