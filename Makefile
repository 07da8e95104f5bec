# DualGrid: `make run` serves the app, `make test` runs every check.
# Both set everything up on a fresh clone: a virtualenv, the pinned packages,
# the map assets (from the npm registry), the demo county and its store.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo
DEMO_SOURCES := $(shell find geo demo -name '*.py' -not -path '*/__pycache__/*') dispatch/domain.py dispatch/clock.py store/folder.py

# The message catalogs (i18n/locale/*/LC_MESSAGES/dualgrid.po), compiled for gettext.
CATALOGS := $(wildcard i18n/locale/*/LC_MESSAGES/dualgrid.po)
COMPILED := $(CATALOGS:.po=.mo)
# Where the words users see are written (`make catalog` extracts them).
WORDS := app.py views ui actions store dispatch geo i18n

.PHONY: run test check lint setup demo store reset-store clean catalog

run: setup
	$(BIN)/streamlit run app.py

# Everything: lint, types, every test (the browser walks, PostgreSQL when
# DUALGRID_TEST_PG names a server, the robustness tests) on the demo county.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	env -u DUALGRID_TEST_COUNTY $(BIN)/pytest

# The fast lane, before each commit: lint, types, the import contract, the unit tests
# and the page tests on a fixture county of one station (cut from the demo, kept in
# data/small), SQLite only. `make test` still runs everything.
FAST := tests/test_architecture.py tests/i18n tests/dispatch tests/geo tests/onboard tests/ui tests/app
SMALL := data/small
check: $(VENV)/.installed static/vendor/.installed $(COMPILED) $(SMALL)/source.txt
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	env -u DUALGRID_TEST_PG DUALGRID_TEST_COUNTY=small $(BIN)/pytest -q -n 2 \
	  -m "not e2e and not full_county" $(FAST)

$(SMALL)/source.txt: $(DEMO)/manifest.json tests/small_county.py
	$(BIN)/python -m tests.small_county $(DEMO) $(SMALL)
	touch $@

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: $(VENV)/.installed static/vendor/.installed $(COMPILED) $(DEMO)/manifest.json store

# A catalog compiled for gettext (never committed).
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After changing words in the code: the template from the code, then each language's
# catalog brought up to it (new ids untranslated, gone ones kept as obsolete); translate
# the new ones in i18n/locale/zh_CN/LC_MESSAGES/dualgrid.po (tests/i18n says which).
catalog: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _n:1,2 --no-location --sort-output \
	  --project DualGrid -o i18n/dualgrid.pot $(WORDS)
	$(BIN)/pybabel update -i i18n/dualgrid.pot -d i18n/locale -D dualgrid \
	  --no-fuzzy-matching --ignore-obsolete

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

static/vendor/.installed: package.json package-lock.json ui/assets.py $(VENV)/.installed
	npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python -m ui.assets
	touch $@

# The demo county is rebuilt when its generator changes. No store is ever deleted here:
# `store` brings the tables up to date in place (Alembic migrations) and loads the demo
# into an empty store; a store holding anything else is kept, with a note.
# The generator also writes the files the demo's utility would hand over (raw/), and
# onboarding checks them: the door a real county comes in by is tried on every build.
$(DEMO)/manifest.json: $(DEMO_SOURCES) $(VENV)/.installed
	$(BIN)/python -m demo $(DEMO) --force
	$(BIN)/python -m store onboard $(DEMO)/raw --check

demo: $(DEMO)/manifest.json

store: $(DEMO)/manifest.json
	mkdir -p data
	$(BIN)/python -m store upgrade
	$(BIN)/python -m store load-demo $(DEMO) --keep-other

# Starting the default store afresh is asked for by name, and backed up first.
# A store too broken to back up is kept as its files.
reset-store: $(VENV)/.installed
	test ! -f data/dualgrid.db || $(BIN)/python -m store backup --db sqlite:///data/dualgrid.db \
	  || (mkdir -p backups && for f in data/dualgrid.db*; do \
	        cp "$$f" "backups/broken-$$(date +%Y%m%d-%H%M%S)-$${f#data/}"; done)
	rm -f data/dualgrid.db data/dualgrid.db-wal data/dualgrid.db-shm

clean: reset-store
	rm -rf $(DEMO) data/small static/vendor node_modules
