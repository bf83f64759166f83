# The two commands: `make serve` and `make test`. Both set up .venv from requirements.txt first;
# a second run finds the venv up to date and skips the install.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# the browser tests and the audit drive Debian's chromium (never `playwright install`: offline here);
# another Chromium-based browser works too: make test CHROMIUM=/usr/bin/google-chrome
export CHROMIUM ?= /usr/bin/chromium
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := .audit/node_modules/.bin/lighthouse

.PHONY: serve test portability portability-avx2 portability-none build figures translations notebooks bench links audit pdf cjk-fonts

# Live reload for writers: an edit is shown in about 3 s, so a rebuild makes one language
# (LANGUAGE=zh by default, LANGUAGE=en, or LANGUAGE=all: both, ~6 s) and leaves out the "last
# updated" dates (a `git log` per page). `make build` and the deploy build everything.
LANGUAGE ?= zh
serve: $(INSTALLED)
	@echo "make serve: only the $(LANGUAGE) pages (LANGUAGE=en or LANGUAGE=all for others; all reloads slower), no 'last updated' dates; make build builds everything"
	PAGE_DATES=false $(if $(filter-out all,$(LANGUAGE)),SERVE_LANGUAGE=$(LANGUAGE)) $(PYTHON) -m mkdocs serve --strict --dev-addr $(HOST)

# both cores (pytest-xdist, tests/parallel.py): a page stays in one worker, the kernels spread out;
# `make test SHARD=2/3` runs the second of three deterministic shares (CI matrix), JOBS=1 one process;
# PYTEST_ARGS go to the main run only (tests/bench.py asks it for a JUnit report)
JOBS ?= auto
XDIST = $(if $(filter 1,$(JOBS)),,-n $(JOBS) --dist loadfile) $(if $(SHARD),--shard $(SHARD))
# Each page's code runs once per instruction set: natively here with the Chinese pages, then in the
# portability pass below. The English pages have the same code, directives and outputs (the parity
# check, tests/checks.py), so running them natively too would repeat the Chinese run; the test
# record is kept per page for both languages (tests/provenance.py). `pytest docs` still runs both.
test: $(INSTALLED) $(CHROMIUM)
	$(PYTHON) -m pytest $(XDIST) $(PYTEST_ARGS) tests docs/zh
	$(MAKE) --no-print-directory portability

# The pages again as CPUs without AVX-512 run them (GitHub's runners, most laptops): the Chinese
# pages with AVX2, the English ones with no vector instructions. Both languages run the same code
# and show the same outputs, so each instruction set sees every block once.
AVX2 := ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2
NO_SIMD := ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_ENABLE_INSTRUCTIONS=SSE4_2
# The two passes run side by side, one process each: cheaper than two xdist runs one after the other.
SHARD_ARG = $(if $(SHARD),--shard $(SHARD))
portability: $(INSTALLED)
	$(MAKE) --no-print-directory -j2 portability-avx2 portability-none
portability-avx2:
	PORTABILITY_PASS=1 $(AVX2) $(PYTHON) -m pytest -q --no-header $(SHARD_ARG) docs/zh
portability-none:
	PORTABILITY_PASS=1 $(NO_SIMD) $(PYTHON) -m pytest -q --no-header $(SHARD_ARG) docs/en

build: $(INSTALLED)
	$(PYTHON) -m mkdocs build --strict

# Rewrite the committed figures from what the pages' code draws now.
figures: $(INSTALLED)
	UPDATE_FIGURES=1 $(PYTHON) -m pytest docs -q

# After updating English pages: record which Chinese version each one translates.
translations: $(INSTALLED)
	$(PYTHON) -m tests.translations $(PAGES)

# Rewrite the committed notebooks from the pages (tests/notebooks.py); a test fails when they differ.
notebooks: $(INSTALLED)
	$(PYTHON) -m tests.notebooks

# Every external link of the built site with the pages it is on (not fetched); broken internal ones.
links: $(INSTALLED)
	$(PYTHON) -m tests.links

# The whole book as one PDF per language (site/pdf/), printed by headless chromium, then checked.
pdf: $(INSTALLED) $(CHROMIUM) cjk-fonts
	$(PYTHON) -m tests.pdf

# Lighthouse scores of every page, served gzip-compressed like a static host (tests/audit.py).
audit: $(INSTALLED) $(CHROMIUM) cjk-fonts $(LIGHTHOUSE)
	$(PYTHON) -m tests.audit $(PAGES)

# Medians of several timed runs; not a test, machines are noisy.
bench: $(INSTALLED)
	$(PYTHON) -m tests.bench

$(INSTALLED): requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# As root (CI's clean machine) install chromium from Debian; otherwise say how.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "The browser tests need Debian's chromium at $@. Install it: sudo apt-get update && sudo apt-get install chromium" >&2; \
		exit 1; \
	fi

# A Chinese font, as a Chinese reader's device has: without one the PDF shows boxes, and chromium
# searches every font for each Chinese character, which Lighthouse counts against the Chinese pages
# (practice/migration: layout while the page loads 250 ms without, 100 ms with fonts-noto-cjk).
cjk-fonts: $(CHROMIUM)
	@if fc-list :lang=zh family | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; \
	else \
		echo "make pdf and make audit need a Chinese font. Install one: sudo apt-get update && sudo apt-get install fonts-noto-cjk" >&2; \
		exit 1; \
	fi

$(LIGHTHOUSE):
	@command -v npm >/dev/null || { echo "make audit needs npm (Node.js 18.16 or later) to install Lighthouse" >&2; exit 1; }
	npm install --prefix .audit --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
