# Two commands matter: `make run` (install, build the index if needed, serve) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install index run test test-fast lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: unpinned, pip resolves a multi-GB CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

index: install
	$(VENV)/bin/ragqa index --corpus corpus --index index

run: install
	$(VENV)/bin/ragqa serve --corpus corpus --index index --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/python -m pytest

# the model-free tier (seconds): every test not marked slow, i.e. no real model, server, browser or llama.cpp
test-fast: install
	$(VENV)/bin/python -m pytest -m "not slow" -q

# ruff (lint + format check), mypy (src, settings in pyproject.toml), import-linter (contracts in .importlinter).
# Every tool runs even when an earlier one failed, so one run lists every problem; the target fails if any did.
LINT_STEPS := "ruff check src tests bench" "ruff format --check src tests bench" "mypy" "lint-imports"
lint: install
	@status=0; for step in $(LINT_STEPS); do \
		echo "+ $$step"; $(VENV)/bin/$$step || status=1; \
	done; exit $$status

clean:
	rm -rf $(VENV) index/CURRENT index/versions
