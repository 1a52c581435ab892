# The two commands of the README: `make run` starts the app, `make test` runs every test.
# Both install what they need first (idempotently).
SHELL := /bin/bash
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false

PYTHON := .venv/bin/python

.PHONY: help install migrate run test test-unit test-integration test-e2e bench

help:
	@echo "make run    install what is missing, migrate, start the app at http://localhost:3000"
	@echo "make test   install what is missing (Chromium too), then unit + integration + e2e tests"

install:
	@bash scripts/bootstrap.sh

migrate: install
	@$(PYTHON) -m alembic upgrade head

run: migrate
	@echo "==> Starting the app at http://localhost:3000 (Ctrl+C stops it)"
	@$(PYTHON) -m reflex run

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
