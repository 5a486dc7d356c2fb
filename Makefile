# ridni — the two quick-start commands:
#   make demo   install, build a demo registry from synthetic data, link it, serve it
#   make test   install everything (Debian packages too, when root) and run the whole suite
# Both work on a fresh Debian machine with Python 3.11.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DEMO_DIR ?= demo
DEMO_DB ?= sqlite:///$(DEMO_DIR)/ridni.db
DEMO_CHILDREN ?= 2000
DEMO_UNRELATED ?= 20000
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

DEBIAN_PACKAGES := chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
	postgresql

.PHONY: demo test install install-test system-deps postgres lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv

# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set (as on our CI machines)
# Python never writes it, and every command would compile its imports again (`ridni` started in
# 11 s instead of 2).
COMPILE := $(BIN)/python -m compileall -q -j 2 $(VENV)/lib src >/dev/null

install: $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e .
	$(COMPILE)

install-test: $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e ".[test,spark]"
	$(COMPILE)

# Debian packages the test suite needs (browser tests, PDFs, Spark's JVM, PostgreSQL).
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
		command -v java >/dev/null || echo default-jre-headless); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages: $$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "missing Debian packages (run as root to install): $$missing"; fi; \
	fi

# PostgreSQL must answer on 127.0.0.1:5432 for the test suite; start the cluster if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start && \
		pg_isready -q -h 127.0.0.1 -p 5432 -t 30; }

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: system-deps postgres install-test lint
	RIDNI_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) RIDNI_REQUIRE_SPARK=1 \
		$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

demo: install
	mkdir -p $(DEMO_DIR)
	$(BIN)/ridni --db $(DEMO_DB) init
	$(BIN)/ridni synth $(DEMO_DIR)/world --children $(DEMO_CHILDREN) --unrelated $(DEMO_UNRELATED) --seed 7
	$(BIN)/ridni --db $(DEMO_DB) import-world $(DEMO_DIR)/world
	$(BIN)/ridni --db $(DEMO_DB) link
	$(BIN)/ridni --db $(DEMO_DB) demo-users
	$(BIN)/ridni --db $(DEMO_DB) demo-cases
	$(BIN)/ridni --db $(DEMO_DB) serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(DEMO_DIR) .pytest_cache .ruff_cache
