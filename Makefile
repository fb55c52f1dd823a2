# The two commands: `make demo` opens the app on the embedded reference backend,
# `make test` runs every check. Both create .venv and install the project when needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck imports pytest bench clean setup package-smoke translations-update \
	translations-build screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@./scripts/ensure-system-libs
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/account-desk --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

# The end-to-end tests run with every exchange recorded and checked against the published Clio
# Manage API v4 document (the conformance gate, tests/support/conformance.py).
pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --ignore=tests/e2e $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen ACCOUNT_DESK_RECORD_CONFORMANCE=1 $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

test: lint typecheck imports pytest

# Build the one-folder app with PyInstaller and run its --self-check offscreen (CI runs this).
package-smoke: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,packaging]'
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/build.py --smoke

bench: $(STAMP)
	@for b in tests/bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Translations: collect every string shown by ui/ into the .ts files (translators edit those),
# then compile them to the .qm files the app loads (both are committed, so the app needs no Qt
# tools). Module-level helpers (_t, _tr, _translate, t) are lupdate's tr under the empty context.
LANGUAGES := fr_CA
TS_FILES  := $(LANGUAGES:%=resources/i18n/account_desk_%.ts)
LUPDATE_ALIASES := tr+=_t,tr+=_tr,tr+=_translate,tr+=t
UI_SOURCES := $(shell find ui -name "*.py" | sort)

translations-update: $(STAMP)
	$(BIN)/pyside6-lupdate -locations relative -no-obsolete \
		-tr-function-alias $(LUPDATE_ALIASES) $(UI_SOURCES) -ts $(TS_FILES)
	$(BIN)/pyside6-lupdate -locations none -pluralonly -no-obsolete \
		-tr-function-alias $(LUPDATE_ALIASES) $(UI_SOURCES) \
		-ts resources/i18n/account_desk_en.ts

translations-build: $(STAMP)
	@for ts in resources/i18n/*.ts; do $(BIN)/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm || exit 1; done

# README screenshots of every screen (light, dark, 150 % and 200 %), rendered headless.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --all

clean:
	rm -rf $(VENV) build dist *.egg-info
