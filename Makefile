# Two entry points for a fresh machine: `make run` (set up, index corpus/ if it changed, serve the UI)
# and `make test` (set up with dev extras, install Debian chromium if missing, run every test).
# `make test-fast` runs only the unit tier.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PIP := $(VENV)/bin/pip
CDS := $(VENV)/bin/cds
# The CPU build of torch sits on this machine's disk; pin it first so nothing pulls a CUDA build.
TORCH := torch==2.13.0
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export GRADIO_ANALYTICS_ENABLED=False
export HF_HUB_OFFLINE=1
export HF_HUB_DISABLE_TELEMETRY=1
export ANONYMIZED_TELEMETRY=False

.PHONY: run test test-fast install install-dev chromium ingest eval clean

run: install
	$(CDS) ingest --quiet
	$(CDS) serve

test: install-dev chromium
	$(VENV)/bin/python -m pytest -q

# The unit tier: no model, no index build, no subprocess (under a minute on 2 cores).
test-fast: install-dev
	$(VENV)/bin/python -m pytest -q -m unit

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet $(FIND_LINKS) $(TORCH)
	$(PIP) install --quiet $(FIND_LINKS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet $(FIND_LINKS) -e '.[dev]'
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

ingest: install
	$(CDS) ingest

eval: install
	$(CDS) eval ../shared/eval/seed_dev_qa.jsonl

clean:
	rm -rf index test-artifacts
