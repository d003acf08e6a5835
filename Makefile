# Two commands: `make run` (set up and serve the demo) and `make test` (set up and test).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_SETTINGS := config.settings.local
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run dev serve test fuzz lint format services db demo worker clean bench backup restore

help:
	@echo "make run    set up everything and serve the demo portals (web + worker) on http://$(HOST):$(PORT)"
	@echo "make dev    the same with DEBUG on (Django's error pages), for developers"
	@echo "make test   set up what tests need and run the whole suite (PostgreSQL, Redis, Chromium)"
	@echo "make fuzz   the full Schemathesis run over the API as each role (minutes)"
	@echo "make lint   ruff (check + format check), mypy on apps/, djLint on templates"
	@echo "make bench  issue 9's one table (bench/all.py): engine, dashboard at 300 and 2,000 schools, list APIs,"
	@echo "            Excel export and roster import; BENCH_ARGS=\"--quick\" for a smoke run, \"--reuse\" to keep the data"
	@echo "make backup               dump the database and media into var/backups/<timestamp>/"
	@echo "make restore FILE=… [DB=] [MEDIA=1]  restore a backup into a new database (default <name>_restored)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.base-installed: requirements/base.txt requirements/constraints.txt | $(PY)
	$(PIP) install -q -r requirements/base.txt -c requirements/constraints.txt
	@touch $@

$(VENV)/.dev-installed: requirements/base.txt requirements/dev.txt requirements/constraints.txt | $(PY)
	$(PIP) install -q -r requirements/dev.txt -c requirements/constraints.txt
	@touch $@ $(VENV)/.base-installed

services:
	@scripts/services.sh ensure

# A local .env with the service URLs, written once (edit it to point elsewhere).
.env:
	@{ if [ -n "$${DATABASE_URL:-}" ]; then \
	     echo "DATABASE_URL=$$DATABASE_URL"; \
	     echo "MIGRATE_DATABASE_URL=$${MIGRATE_DATABASE_URL:-$$DATABASE_URL}"; \
	   else \
	     echo "DATABASE_URL=postgres://homeroom_app@127.0.0.1:5432/homeroom"; \
	     echo "MIGRATE_DATABASE_URL=$${MIGRATE_DATABASE_URL:-postgres://homeroom_owner@127.0.0.1:5432/homeroom}"; \
	   fi; \
	   if [ -n "$${REDIS_URL:-}" ]; then echo "REDIS_URL=$$REDIS_URL"; \
	   elif scripts/services.sh redis-ok; then echo "REDIS_URL=redis://127.0.0.1:6379/0"; \
	   else echo "# REDIS_URL unset: no Redis here, background tasks run eagerly in the web process"; fi; \
	   true; } > .env
	@echo "[env] wrote .env"

# The roles and the database (scripts/ensure_db.py), then the migrations as the schema owner
# (`migrate` runs on MIGRATE_DATABASE_URL); the app itself connects as DATABASE_URL's role.
db: $(VENV)/.base-installed services .env
	@$(PY) scripts/ensure_db.py
	@DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py migrate --noinput -v0

# Backups under var/backups/<timestamp>/ (database dump + media + manifest); a restore goes
# into a new database, named with DB= (docs/operations.md, 备份与恢复).
backup: $(VENV)/.base-installed .env
	@DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py backup

restore: $(VENV)/.base-installed .env
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<timestamp> [DB=name] [MEDIA=1]"; exit 2; }
	@DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py restore "$(FILE)" $(if $(DB),--database-name "$(DB)") $(if $(MEDIA),--media)

demo: db
	@DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py seed_demo

# `make run` is the demo as users meet it: DEBUG off (a 404 is the product's page, not the
# route map), static files served by WhiteNoise from the app directories, the worker with
# its beat. `make dev` is the same with DEBUG on, for developers.
run: demo
	@$(MAKE) --no-print-directory serve DJANGO_DEBUG=false

dev: demo
	@$(MAKE) --no-print-directory serve DJANGO_DEBUG=true

serve:
	@echo ""
	@echo "Portals: http://$(HOST):$(PORT)/   API docs: http://$(HOST):$(PORT)/api/docs/   Health: http://$(HOST):$(PORT)/healthz   (DEBUG $(DJANGO_DEBUG))"
	@set -a; source .env; DJANGO_DEBUG=$(DJANGO_DEBUG); set +a; \
	if [ -n "$${REDIS_URL:-}" ]; then \
	  mkdir -p var; \
	  DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(VENV)/bin/celery -A config worker -Q default,reports -B -s var/celerybeat-schedule -l warning --concurrency 2 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo "[run] Celery worker with beat started (pid $$worker): the job reconciler runs every 30 s"; \
	else echo "[run] no Redis: tasks run eagerly in the web process"; fi; \
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py runserver $(HOST):$(PORT)

worker: db
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(VENV)/bin/celery -A config worker -Q default,reports -l info

test: $(VENV)/.dev-installed
	@REQUIRE_REDIS=1 scripts/services.sh ensure
	@scripts/system_deps.sh
	$(VENV)/bin/pytest -n 2 --create-db $(PYTEST_ARGS)

# The full Schemathesis run (tests/test_fuzz.py, marker `fuzz`): many examples per operation
# and role, within a time cap. `make test` runs its fast subset.
fuzz: $(VENV)/.dev-installed
	@REQUIRE_REDIS=1 scripts/services.sh ensure
	$(VENV)/bin/pytest -m fuzz --create-db tests/test_fuzz.py $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy apps config
	$(VENV)/bin/djlint templates --lint

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat --quiet || true

# Issue 9's one table (bench/all.py, bench/README.md): synthetic districts in the local
# database, then every row. The generator replaces a district by deleting its ledger and
# results, so the bench runs as the schema owner; the API server it starts, as the app role.
bench: db
	@set -a; source .env; set +a; BENCH_APP_DATABASE_URL="$$DATABASE_URL" \
	  DATABASE_URL="$${MIGRATE_DATABASE_URL:-$$DATABASE_URL}" DJANGO_DEBUG=false \
	  DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) bench/all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
