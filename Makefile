# The two commands of the README: `make run` starts the app, `make test` runs every test.
# Both install what they need first (idempotently).
SHELL := /bin/bash
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false

PYTHON := .venv/bin/python
PORT ?= 3000
RUNS ?= 10

.PHONY: help install migrate run dev test test-unit test-integration test-e2e bench bench-history

help:
	@echo "make run    install what is missing, migrate, start the app at http://localhost:$(PORT)"
	@echo "make test   install what is missing (Chromium too), then unit + integration + e2e tests"
	@echo "make dev    like run, with hot reload of chatapp/ (UI on :3000, API on :8000)"
	@echo "make bench  print the performance figures (needs PostgreSQL for its rows)"
	@echo "make bench-history  time the chat page in Chromium for a user with a lot of history"

install:
	@bash scripts/bootstrap.sh

migrate: install
	@$(PYTHON) -m alembic upgrade head

# Production mode: one port for the pages, the websocket and the HTTP API; no hot reload.
run: migrate
	@echo "==> Building and starting the app at http://localhost:$(PORT) (Ctrl+C stops it)"
	@$(PYTHON) -m reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# Development mode: reloads when code under chatapp/ changes (never on database writes).
dev: migrate
	@REFLEX_HOT_RELOAD_OVERRIDE_PATHS=$(CURDIR)/chatapp $(PYTHON) -m reflex run --frontend-port 3000 --backend-port 8000

test: install
	@bash scripts/install-chromium.sh
	@bash scripts/ensure-services.sh
	@$(PYTHON) -m pytest

test-unit: install
	@$(PYTHON) -m pytest tests/unit

test-integration: install
	@bash scripts/ensure-services.sh
	@$(PYTHON) -m pytest tests/integration

test-e2e: install
	@bash scripts/install-chromium.sh
	@$(PYTHON) -m pytest tests/e2e

# Benchmarks print figures; they assert nothing (see bench/ and the README's Performance section).
bench: install
	@bash scripts/ensure-services.sh
	@$(PYTHON) -m pip install --disable-pip-version-check --quiet -r bench/requirements.txt
	@$(PYTHON) bench/guard_overhead.py
	@$(PYTHON) bench/guard_steps.py
	@$(PYTHON) bench/guard_steps.py --history 60

# The chat page in Chromium for a user with 1,000 conversations (one of 5,000 messages): builds
# and starts the app in .web-bench (a few minutes the first time). `make bench-history RUNS=3`;
# BENCH_ARGS=--postgres repeats it on PostgreSQL.
bench-history: install
	@bash scripts/install-chromium.sh
	@$(PYTHON) bench/chat_history.py --runs $(RUNS) $(BENCH_ARGS)
