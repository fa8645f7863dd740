# Consular-help bot. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA := nlu_data

# Rasa's telemetry and error reporting call home and stall on retries without internet.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONUTF8 := 1
export ACTIONS_PORT ?= 5055

RASA := $(BIN)/rasa
# Dev sets in the order they were written, dev.yml, dev2.yml … by number (tests/eval/test.yml is the
# held-out set).
DEV_SETS := $(shell printf '%s\n' $(wildcard tests/eval/dev*.yml) | sort -V)
RASA_FILES := --data $(DATA) --domain domain.yml --config config.yml

.PHONY: help install train run test lint types validate unit e2e eval bench crossval clean browser services \
	cluster-services run-cluster test-prod

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv (Python 3.10) and install the pinned dependencies

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@test -x $(BIN)/python || { py=$$(scripts/find-python) && "$$py" -m venv $(VENV); }
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' || \
	  { echo "error: $(VENV) is not Python 3.10; remove it (rm -rf $(VENV)) and run make install again" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade "pip==24.0"
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt
	@touch $@

# No validation inside `rasa train` (18 s of the 10-minute budget): `make validate`, part of
# `make test`, checks the same data.
models/.trained: $(STAMP) config.yml domain.yml $(shell find $(DATA) bot/nlu bot/data/emergency_examples.yml bot/data/cantonese.yml bot/data/english.yml bot/data/emergency_numbers.yml bot/local_numbers.py bot/safety.py bot/scope.py bot/privacy.py bot/text.py -type f -not -path '*/__pycache__/*' 2>/dev/null)
	@mkdir -p models && touch $@.started  # a file changed during training must retrain next time
	$(RASA) train $(RASA_FILES) --out models --skip-validation
	@mv $@.started $@

train: models/.trained ## train a model when the data changed (rasa skips unchanged data)

run: train ## start the action server and the Rasa server (Ctrl-C stops both)
	@scripts/run

lint: $(STAMP)
	$(BIN)/ruff check bot actions tests
	$(BIN)/ruff format --check bot actions tests

types: $(STAMP)
	$(BIN)/mypy bot actions

validate: $(STAMP)
	$(RASA) data validate $(RASA_FILES)

# Browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts for the screenshots.
CHROMIUM ?= /usr/bin/chromium
BROWSER_FONTS := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
$(CHROMIUM) $(BROWSER_FONTS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei

browser: $(CHROMIUM) $(BROWSER_FONTS) ## install Debian's Chromium and CJK fonts for the browser tests

# Tests start a private PostgreSQL from Debian's binaries (tests/postgres.py).
services: ## install Debian's PostgreSQL for the tests that use a real one
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# The production cluster's parts, from Debian's packages.
cluster-services: services ## install Debian's PostgreSQL, Redis and nginx (for run-cluster, test-prod)
	@command -v redis-server >/dev/null && command -v nginx >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx-light; }

run-cluster: train cluster-services ## PostgreSQL + Redis + nginx + 2 Rasa servers + 1 action server
	@scripts/run-cluster

test-prod: train cluster-services ## reliability: kill a Rasa server under load, restart PostgreSQL, Redis down, fuzz
	$(BIN)/pytest -q tests/prod

unit: $(STAMP) browser services
	$(BIN)/pytest -q --ignore=tests/prod

e2e: train
	$(RASA) test core --stories tests/stories --model models --out var/results/core --fail-on-prediction-errors

test: install lint types validate train unit e2e ## lint, types, data validation, pytest and end-to-end stories

eval: train ## accuracy on the dev and held-out sets, with the BM25 baseline and the ablation
	$(BIN)/python -m bot eval $(DEV_SETS) --held-out tests/eval/test.yml

bench: train browser cluster-services ## parse latency, console latency, load on the single server and the cluster
	$(BIN)/python -m bot bench
	$(BIN)/python scripts/bench-console
	$(BIN)/python scripts/bench-load

crossval: $(STAMP) ## 5-fold cross-validation of the pipeline (5 trainings: ~40 min), writes results/crossval.txt
	$(BIN)/python -m bot crossval --folds 5

clean: ## remove trained models and local state (keeps .venv)
	rm -rf models var .pytest_cache .mypy_cache .ruff_cache
