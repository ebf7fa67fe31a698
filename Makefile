# Two commands set everything up on a fresh machine:
#   make book   -- build the site into _build/html (warnings are errors)
#   make test   -- run every check: data, nbval, the build, the browser tests
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HTML := _build/html
PORT ?= 8000
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: all setup browser check book pdf dist execute test test-fast lint format serve clean bench

all: book

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	# Make the book/ package importable from the venv (notebooks, Sphinx, tests).
	$(PY) -c "import pathlib, site; pathlib.Path(site.getsitepackages()[0], 'nhs_commissioning_book.pth').write_text('$(CURDIR)\n')"
	touch $(STAMP)

# Debian's Chromium, for the browser tests and the PDF (Playwright never downloads one), and
# poppler's pdftotext, with which the tests read the PDF's text.
browser:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

check: setup
	$(PY) -m book check

book: setup browser
	$(PY) -m book build
	$(PY) -m book pdf
	@echo "The book is built: open file://$(CURDIR)/$(HTML)/index.html (or run: make serve)"
	@echo "The PDF is at $(CURDIR)/_build/pdf/commissioning-in-the-nhs.pdf (also linked from the site)"

# The whole book as one PDF (Debian's Chromium prints the single-page build).
pdf: setup browser
	$(PY) -m book pdf

# One zip of the built site, PDF and data that works unzipped, from disk, offline.
dist: book
	$(PY) -m book dist

execute: setup
	$(PY) -m book execute

test: lint check browser
	$(PY) -m pytest

# Data, unit, prose and architecture checks only (no build, browser, PDF or notebook runs): for edit loops.
test-fast: lint check
	$(PY) -m pytest tests -m "not slow" -o addopts="--strict-markers -p no:cacheprovider -ra -n 2"

# ruff, configured in pyproject.toml: lint and formatting are checked by make test; make format rewrites.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

serve:
	@test -d $(HTML) || { echo "Build the book first: make book"; exit 1; }
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(HTML)

bench: check browser
	$(PY) benchmarks/run.py

# Every external link, checked over the network with Sphinx's linkcheck builder.
# Not part of make test (it needs the network and other people's servers). The
# report is _build/linkcheck/output.txt (problems) and output.json (every link).
.PHONY: linkcheck
linkcheck: setup
	$(PY) -m book linkcheck

clean:
	rm -rf _build
