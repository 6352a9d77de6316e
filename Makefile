# The handbook's commands. Everything installs into .venv from requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000
# The engine of `make serve` and `make build`: ProperDocs, the maintained continuation of MkDocs 1.x
# (the tests check that it builds the same site as MkDocs 1.6.1); `make build ENGINE=mkdocs` for MkDocs.
ENGINE ?= properdocs

.PHONY: setup serve build test check bench bench-web new-card new-source translated clean lock screenshots admin

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)                    ## install everything into .venv

serve: $(STAMP)                    ## build and serve the site on http://$(ADDR)/
	NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) serve -f mkdocs.yml --no-strict --dirty --dev-addr $(ADDR)

# the CMS's local backend (decap-server in git mode: each saved entry a branch of this repository)
CMS_PORT ?= 8081
admin: $(STAMP) node_modules/.installed  ## edit cards in the browser on this machine: http://$(ADDR)/admin/
	MODE=git BIND_HOST=127.0.0.1 PORT=$(CMS_PORT) GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js & \
	server=$$!; trap 'kill $$server' EXIT INT TERM; \
	HANDBOOK_ADMIN=true HANDBOOK_CMS_PROXY=http://127.0.0.1:$(CMS_PORT)/api/v1 NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) serve -f mkdocs.yml --no-strict --dev-addr $(ADDR)

build: $(STAMP)                    ## build the static site into site/
	NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) build -f mkdocs.yml --strict

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests (axe-core) will be skipped"; fi

# the test suite's processes (pytest-xdist): one per core; JOBS=0 runs it in this process
JOBS ?= 2

test: $(STAMP) node_modules/.installed  ## run the whole test suite (in JOBS processes; tests/conftest.py: a quicker loop)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

screenshots: $(STAMP)              ## regenerate the README's screenshots (docs/assets/screenshots/)
	HANDBOOK_SCREENSHOTS=docs/assets/screenshots NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest tests/test_browser.py -k screenshot
	HANDBOOK_SCREENSHOTS=docs/assets/screenshots NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest tests/test_cms_browser.py -k "mistake or arrives"

# `make check LANG=fi`: the messages' language, when given on the command line (not the locale's LANG):
# a language that has a catalog (hooks/handbook/locales/<lang>.yml), also as a locale (LANG=sv_SE.UTF-8)
CATALOGS  := $(basename $(notdir $(wildcard hooks/handbook/locales/*.yml)))
LANG_CODE  = $(firstword $(subst _, ,$(firstword $(subst ., ,$(subst -,_,$(LANG))))))
LANG_ARG   = $(if $(filter command line,$(origin LANG)),$(if $(filter $(CATALOGS),$(LANG_CODE)),--lang $(LANG_CODE)))

check: $(STAMP)                    ## run the handbook's content checks (make check LANG=fi: messages in Finnish)
	$(BIN)/handbook check $(LANG_ARG) $(CHECK_ARGS)

bench: $(STAMP)                    ## benchmark against stock Material; exits 1 when a budget is missed (BENCH_ARGS="--sizes 100 --repeat 2")
	NO_MKDOCS_2_WARNING=1 $(BIN)/handbook bench $(BENCH_ARGS)

bench-web: $(STAMP) node_modules/.installed  ## Lighthouse (mobile) and the first view's weight of five pages, served compressed (not part of the tests)
	NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) build -f mkdocs.yml --strict
	$(BIN)/python -m handbook.tools.webbench site $(BENCH_WEB_ARGS)

new-card: $(STAMP)                 ## scaffold a card: make new-card SLUG=… ORG=… MUNICIPALITY=… SOURCE=…
	$(BIN)/handbook new-card $(LANG_ARG) $(if $(SLUG),--slug "$(SLUG)") $(if $(ORG),--organisation "$(ORG)") $(if $(MUNICIPALITY),--municipality "$(MUNICIPALITY)") $(if $(SOURCE),--source "$(SOURCE)")

new-source: $(STAMP)               ## add a source: make new-source TYPE=web|report|article TITLE=… TITLETRANSLATION=… ORG=…|AUTHOR=… DATE=… URL=… [NOTE=… NOTETRANSLATION=…]
	$(BIN)/handbook new-source $(LANG_ARG) $(foreach v,TYPE KEY TITLE TITLETRANSLATION AUTHOR ORG DATE URL PUBLISHER JOURNAL VOLUME NUMBER PAGES NOTE NOTETRANSLATION,$(if $(filter command line,$(origin $(v))),--$(shell echo $(v) | tr A-Z a-z) "$($(v))"))

translated: $(STAMP)               ## record a finished translation: make translated FILE=docs/…/page.en.md
	$(BIN)/handbook translated $(LANG_ARG) $(FILE)

.PHONY: pdf
pdf: $(STAMP)                      ## the handbook as a book: site/kasikirja.pdf and site/handbook.pdf (Chromium)
	HANDBOOK_PDF=1 NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) build -f mkdocs.yml --strict
	$(BIN)/python -m handbook.publish.pdf site

lock:                              ## re-pin requirements.lock from a fresh resolve
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[test]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf site .venv .pytest_cache

.PHONY: early-warning
early-warning: node_modules/.installed  ## build and test with the newest releases within pyproject.toml's ceilings, not the lock (weekly in CI)
	$(PYTHON) .ci/early_warning.py
