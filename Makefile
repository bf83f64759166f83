# The two commands: `make serve` and `make test`. Both set up .venv from requirements.txt first;
# a second run finds the venv up to date and skips the install.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build figures translations bench

serve: $(INSTALLED)
	$(PYTHON) -m mkdocs serve --strict --dev-addr $(HOST)

test: $(INSTALLED)
	$(PYTHON) -m pytest

build: $(INSTALLED)
	$(PYTHON) -m mkdocs build --strict

# Rewrite the committed figures from what the pages' code draws now.
figures: $(INSTALLED)
	UPDATE_FIGURES=1 $(PYTHON) -m pytest docs -q

# After updating English pages: record which Chinese version each one translates.
translations: $(INSTALLED)
	$(PYTHON) -m tests.translations $(PAGES)

# Medians of several timed runs; not a test, machines are noisy.
bench: $(INSTALLED)
	$(PYTHON) tests/bench.py

$(INSTALLED): requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
