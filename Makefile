.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

# The test suite's services; override either from the environment to point elsewhere.
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/swp
REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=
# pytest-xdist spreads the tests over a worker per core (up to four), each with its own test database.
PYTEST_WORKERS ?= auto

# `make run` is the embedded default whatever the shell has exported: SQLite, tasks in-process.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL -u ALLOWED_HOSTS DEBUG=true
# Checks run the way production does (DEBUG off), so settings must be complete.
CHECKED := env -u DEBUG DATABASE_URL='$(DATABASE_URL)' REDIS_URL='$(REDIS_URL)' \
	SECRET_KEY=test-only-not-secret ALLOWED_HOSTS=localhost,127.0.0.1,testserver
# A worker on the in-memory broker would start and never receive a task, so insist on Redis.
REQUIRE_REDIS := @test -n "$${REDIS_URL:-}" || { echo "Set REDIS_URL (and DATABASE_URL, shared with the web app)." >&2; exit 1; }

ASSET_SOURCES := $(wildcard static/src/*)

.PHONY: help setup assets run services test lint fmt worker beat clean bench

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(VENV)/.installed assets ## Create the virtualenv, install Python and npm packages, build assets

$(VENV):
	$(PYTHON) -m venv $(VENV)

# Order-only on the venv: pip touches the directory, which must not by itself force a reinstall.
$(VENV)/.installed: pyproject.toml | $(VENV)
	$(BIN)/pip install -e '.[dev]'
	touch $@

# npm writes this file on every install, so it records when node_modules last matched the lock.
node_modules/.package-lock.json: package-lock.json package.json
	npm ci
	touch $@

assets: static/dist/app.css ## Build GOV.UK Frontend CSS, JS and images into static/dist

static/dist/app.css: node_modules/.package-lock.json $(ASSET_SOURCES)
	node static/src/build.mjs

run: setup ## Run the app on SQLite with the demo partnership and users at http://127.0.0.1:8000
	$(EMBEDDED) $(BIN)/python manage.py migrate --no-input
	$(EMBEDDED) $(BIN)/python manage.py load_partnership partnerships/westminster.yaml
	$(EMBEDDED) $(BIN)/python manage.py load_demo
	$(EMBEDDED) $(BIN)/python manage.py runserver 127.0.0.1:8000

services: ## Install and start what the tests need: PostgreSQL, Redis, chromium, Pango
	bash .ci/services.sh

test: setup services ## Lint, type-check, check migrations and layering, then run the tests on PostgreSQL and Redis
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(CHECKED) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(CHECKED) $(BIN)/mypy .
	$(CHECKED) $(BIN)/pytest --numprocesses=$(PYTEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff, format check, import layering and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(CHECKED) $(BIN)/mypy .

fmt: $(VENV)/.installed ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: $(VENV)/.installed ## Run a Celery worker (needs REDIS_URL)
	$(REQUIRE_REDIS)
	$(BIN)/celery -A swp worker -l info

beat: $(VENV)/.installed ## Run Celery beat, the scheduler (needs REDIS_URL)
	$(REQUIRE_REDIS)
	$(BIN)/celery -A swp beat -l info

# The benchmark's own database (dropped and made again by every run), with a tiny twin named *_tiny.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/swp_bench

bench: setup services ## Time the key pages, a pack and the MPS import at council scale (bench/README.md)
	env -u DEBUG DATABASE_URL='$(BENCH_DATABASE_URL)' REDIS_URL='$(REDIS_URL)' SECRET_KEY=bench-only-not-secret \
		ALLOWED_HOSTS=testserver,localhost,127.0.0.1 $(BIN)/python -m bench.run

clean: ## Remove built assets, collected static files and tool caches
	rm -rf static/dist staticfiles .pytest_cache .mypy_cache .ruff_cache .import_linter_cache test-results
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +
