# arshif: build, test and set-up. `make html` and `make test` install what they need
# on first run (a virtualenv from requirements.txt, npm packages from package.json,
# Debian's chromium for the browser tests).

PY        := .venv/bin/python
PELICAN   := .venv/bin/pelican
OUTPUT    ?= output
CONF      ?= pelicanconf.py
PORT      ?= 8000
STAMP_PY  := .venv/.installed
STAMP_JS  := node_modules/.installed
STRICT    ?=
export PYTHONPATH := $(CURDIR)/plugins
export SOURCE_DATE_EPOCH ?= 1443657600

.PHONY: help setup browser html publish serve devserver clean distclean test lock

help:
	@echo "make html        build the demo archive into $(OUTPUT)/ (STRICT=1: warnings fail)"
	@echo "make test        run the whole test suite (installs what it needs)"
	@echo "make serve       serve $(OUTPUT)/ on http://127.0.0.1:$(PORT)"
	@echo "make devserver   rebuild on change and serve"
	@echo "make offline     dist/arshif-offline.zip: the archive for file://, no server"
	@echo "make publish     build for GitHub Pages with publishconf.py (SITEURL=...)"
	@echo "make github      publish to gh-pages with ghp-import (SITEURL=https://USER.github.io/REPO)"
	@echo "make linkcheck   check links, anchors and assets of $(OUTPUT)/"
	@echo "make search Q=.. top ten results of the built search index, under Node"
	@echo "make eval-ner DATA=file.conll / train-ner / cv-ner / bench-ner   the entity tagger"
	@echo "make eval-search / bench-search   search relevance / size and speed against Pagefind"
	@echo "make bench       build speed and memory against plain Pelican (SIZES=\"1000 10000\")"
	@echo "make clean       remove build output (keeps the annotation cache)"
	@echo "make distclean   remove output, cache, virtualenv and node_modules"

$(STAMP_PY): requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(STAMP_PY) $(STAMP_JS)

# Debian's chromium and chromedriver drive the browser tests (no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

html: setup
	$(PELICAN) -s $(CONF) -o $(OUTPUT) $(if $(STRICT),-e STRICT=true)

publish: CONF = publishconf.py
publish: html

serve:
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUT)

devserver: setup
	$(PELICAN) -s $(CONF) -o $(OUTPUT) --autoreload --listen --port $(PORT)

test: setup browser
	$(PY) -m pytest

# Pins requirements.in and everything it pulls in, resolved in a clean virtualenv.
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	( echo "# Pinned by \`make lock\` from requirements.in; do not edit by hand."; \
	  .lock-venv/bin/pip freeze --exclude-editable ) > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf $(OUTPUT) dist

distclean: clean
	rm -rf cache .venv node_modules plugins/entities/data/compiled

-include mk/*.mk
