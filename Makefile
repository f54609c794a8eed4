# marsad: `make run` (demo) and `make test` (lint, types, tests) on a machine with python3.11 and make.
#
# The virtualenv and the installs are stamped, so a second `make test` installs nothing unless
# pyproject.toml changed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
SHARED ?= ../shared
DB     ?= marsad.db
OUT    ?= out

BIN       := $(VENV)/bin
VENV_OK   := $(VENV)/.stamp-venv
RUN_OK    := $(VENV)/.stamp-install
DEV_OK    := $(VENV)/.stamp-install-dev

.DEFAULT_GOAL := help
.PHONY: help run serve test web lint typecheck pytest bench eval eval-more clean

help:
	@echo "make run        create $(VENV), install marsad, run it on the shipped example reports, build incidents"
	@echo "make serve      the REST API and the map page of $(DB) on http://127.0.0.1:8000/"
	@echo "make test       install the dev tools, then ruff, mypy and pytest"
	@echo "make web        the map page's libraries: npm ci in web/, copied into the served static folder"
	@echo "make bench      documents/second and peak memory of the pipeline"
	@echo "make eval       score the seed and the Airwars archive with the shared scorer ($(SHARED))"
	@echo "make eval-more  also the false-alarm (quiet) and place (IDRISI) scores"
	@echo "make clean      remove $(OUT)/, $(DB) and caches (not the virtualenv)"

# pip is upgraded first: the pip that ships with python 3.11 resolves justext's lxml[html_clean]
# extra wrongly, and `import trafilatura` then fails (lxml.html.clean is a separate project now).
$(VENV_OK):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(RUN_OK): pyproject.toml $(VENV_OK)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_OK): pyproject.toml $(VENV_OK)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUN_OK)

run: $(RUN_OK) web
	$(BIN)/marsad run --db $(DB)
	$(BIN)/marsad incidents build --db $(DB)
	@echo
	@echo "To open the map: make serve, then http://127.0.0.1:8000/ in a browser (Ctrl-C stops it)."

serve: $(RUN_OK) web
	$(BIN)/marsad serve --db $(DB)

test: web lint typecheck pytest

# The map page's libraries come from npm (exact versions in web/package-lock.json; install scripts
# are not run) and are copied, with their licences, into the served folder's vendor/ (not committed).
# Without npm the page cannot be built: say so and go on, so `make test` still runs everything else;
# the browser test then skips, or fails when MARSAD_REQUIRE_BROWSER=1 (as CI should set it).
WEB_NPM_OK := web/node_modules/.stamp-npm
WEB_OK     := src/marsad/serve/static/vendor/MANIFEST.json

$(WEB_NPM_OK): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(WEB_OK): $(WEB_NPM_OK) scripts/build_web.py
	$(PYTHON) scripts/build_web.py

ifeq ($(shell command -v npm 2>/dev/null),)
web:
	@echo "npm not found: the map page's libraries are not installed (apt-get install -y npm)" >&2
else
web: $(WEB_OK)
endif

lint: $(DEV_OK)
	$(BIN)/ruff check src tests

typecheck: $(DEV_OK)
	$(BIN)/mypy

# pytest exits 5 when it collected no test: that is a failure here, never a pass.
pytest: $(DEV_OK)
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

bench: $(RUN_OK)
	@if [ -d "$(SHARED)/data/news-saudinewsnet" ]; then \
	  $(BIN)/python scripts/benchmark.py --saudinewsnet $(SHARED)/data/news-saudinewsnet --limit 2000; \
	else \
	  echo "($(SHARED)/data/news-saudinewsnet not found: benchmarking the shipped examples)"; \
	  $(BIN)/python scripts/benchmark.py --corpus src/marsad/examples/examples.jsonl --repeat 250; \
	fi

# `marsad extract` exits 1 when some documents failed; the scores are still worth having.
EXTRACT = $(BIN)/marsad extract --quiet

eval: $(RUN_OK)
	@if [ ! -d "$(SHARED)/eval" ]; then echo "$(SHARED)/eval not found: nothing to score (set SHARED=...)"; exit 0; fi; \
	set -e; mkdir -p $(OUT); \
	echo "== seed (gold)"; \
	$(EXTRACT) $(SHARED)/examples/seed.jsonl -o $(OUT)/seed.pred.jsonl || [ $$? -eq 1 ]; \
	$(BIN)/python $(SHARED)/eval/score.py gold --gold $(SHARED)/eval/gold/seed.jsonl --pred $(OUT)/seed.pred.jsonl; \
	if [ -d "$(SHARED)/data/airwars-syria-archive" ]; then \
	  echo "== airwars"; \
	  $(BIN)/python $(SHARED)/eval/score.py airwars-input --data $(SHARED)/data/airwars-syria-archive -o $(OUT)/airwars.input.jsonl; \
	  $(EXTRACT) $(OUT)/airwars.input.jsonl -o $(OUT)/airwars.pred.jsonl --errors $(OUT)/airwars.errors.jsonl || [ $$? -eq 1 ]; \
	  $(BIN)/python $(SHARED)/eval/score.py airwars --data $(SHARED)/data/airwars-syria-archive --pred $(OUT)/airwars.pred.jsonl; \
	fi

eval-more: eval
	@if [ ! -d "$(SHARED)/data" ]; then exit 0; fi; \
	set -e; \
	if [ -d "$(SHARED)/data/news-saudinewsnet" ]; then \
	  echo "== quiet (false alarms)"; \
	  $(BIN)/python $(SHARED)/eval/score.py quiet-input --data $(SHARED)/data/news-saudinewsnet -o $(OUT)/quiet.input.jsonl; \
	  $(EXTRACT) $(OUT)/quiet.input.jsonl -o $(OUT)/quiet.pred.jsonl || [ $$? -eq 1 ]; \
	  $(BIN)/python $(SHARED)/eval/score.py quiet --pred $(OUT)/quiet.pred.jsonl; \
	fi; \
	if [ -d "$(SHARED)/data/idrisi-ar" ]; then \
	  echo "== places (IDRISI)"; \
	  $(BIN)/python $(SHARED)/eval/score.py places-input --data $(SHARED)/data/idrisi-ar -o $(OUT)/places.input.jsonl; \
	  $(EXTRACT) $(OUT)/places.input.jsonl -o $(OUT)/places.pred.jsonl || [ $$? -eq 1 ]; \
	  $(BIN)/python $(SHARED)/eval/score.py places --data $(SHARED)/data/idrisi-ar --pred $(OUT)/places.pred.jsonl; \
	fi

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
	rm -f $(DB) $(DB)-wal $(DB)-shm
