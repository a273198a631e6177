# Waypost: `make run` serves the demo with a worker; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell scripts/find-python)
UV := $(shell scripts/find-uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
DEMO := WAYPOST_DEMO=1

.PHONY: run setup deps frontend database test test-fast lint audit check-deploy backup restore bench clean

## setup: install everything, build the front end, migrate, seed the demo, collect static files
setup: deps frontend database

deps: .venv/.synced
.venv/.synced: pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

frontend: node_modules/.installed
	npm run --silent build

database: deps frontend
	mkdir -p var
	$(DEMO) $(MANAGE) migrate --noinput
	$(DEMO) $(MANAGE) seed_demo
	$(DEMO) $(MANAGE) collectstatic --noinput --verbosity 0

## run: serve the demo at http://127.0.0.1:8000 with a task worker; Ctrl-C stops both
run: setup
	@echo "Waypost demo: http://127.0.0.1:8000 (demo users in README.md). Ctrl-C stops."
	@$(DEMO) $(MANAGE) deliver_outbox
	@$(PY) scripts/run-demo.py

## test: set up, then run the whole suite (browser tests included)
test: setup
	.venv/bin/ruff check waypost conftest.py
	$(DEMO) $(MANAGE) makemigrations --check --dry-run > /dev/null || (echo "Missing migrations: run makemigrations" && exit 1)
	.venv/bin/pytest -q -n auto --dist loadgroup

## test-fast: the suite without the browser tests
test-fast: deps
	.venv/bin/pytest -q -n auto --dist loadgroup -m "not browser"

BENCH_SCALE ?= quick

## bench: time the benchmarks into bench/results.md (BENCH_SCALE=quick|full, ONLY=match,load,reports,import,dedupe; ONLY=faults: load with a worker crash, run only when named)
bench: deps frontend
	mkdir -p var
	$(DEMO) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) bench/run.py --scale $(BENCH_SCALE) $(if $(ONLY),--only $(ONLY))

lint: deps
	.venv/bin/ruff check waypost conftest.py
	.venv/bin/ruff format --check waypost conftest.py

## audit: known vulnerabilities in the locked Python and npm packages (allow-list: audit-allowlist.toml)
audit: deps
	$(PY) -m waypost.lib.dependency_audit

## check-deploy: Django's deployment checks with production settings
check-deploy: deps
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=waypost.example.org \
	  MFA_ENCRYPTION_KEY=$$(head -c 32 /dev/urandom | base64) \
	  CLAMD_ADDRESS=unix:///run/clamav/clamd.ctl \
	  $(MANAGE) check --deploy --fail-level WARNING

## backup: back up the database to var/backups/ (mode 0600) with a manifest (docs/backup-and-restore.md)
backup: deps
	$(MANAGE) backup $(if $(OUTPUT),--output $(OUTPUT))

## restore: restore FILE=var/backups/... into the configured database, then check every table (FORCE=1 to replace a database that has tables)
restore: deps
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=var/backups/waypost-....dump [FORCE=1]" && exit 1)
	$(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf .venv node_modules build var
