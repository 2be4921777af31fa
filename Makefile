# One obvious entry point per job:
#   make site   install what is missing, build the national site, serve it on http://127.0.0.1:8000
#   make test   install what is missing (Debian's chromium too) and run every test
#               (the accessibility crawl opens one page per page structure;
#               FULL=1 or `make test-full` opens every page)
#   make build  build into site/ without serving
#   make bench  run the benchmarks, write bench/results.json
#   make serve-prod  serve site/ through Debian's nginx with the generated production config
#   make dist MUNICIPALITY=askoy  a reproducible release archive of one variant, in dist/
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000
BUILD_ARGS ?=
PYTEST_ARGS ?=
MUNICIPALITY ?=

# FULL=1: the browser crawl opens every built page instead of one per structure.
FULL ?=
FULL_ENV := $(if $(filter-out 0,$(FULL)),KOORDINERT_FULL_CRAWL=1,KOORDINERT_FULL_CRAWL=)

.PHONY: help install site build serve serve-prod nginx dist test test-full pytest lint bench chromium clean lock

help:
	@echo "make site   - install, build the national site and serve it on http://$(HOST):$(PORT)"
	@echo "make test   - install (including Debian's chromium) and run every test"
	@echo "              (crawl: one page per structure; FULL=1 for every page)"
	@echo "make test-full - make test with the full crawl (before a release, after a theme change)"
	@echo "make build  - build into site/ (BUILD_ARGS='--municipality askoy' for a variant)"
	@echo "make bench  - run the benchmarks and write bench/results.json"
	@echo "make lint   - ruff and mypy (Python), TypeScript and ESLint (JavaScript)"
	@echo "make serve-prod PORT=8080 - serve site/ through Debian's nginx with deploy/'s headers"
	@echo "make dist MUNICIPALITY=askoy - reproducible archive of a variant + deploy configs in dist/"

$(STAMP): requirements/site.txt requirements/test.txt requirements/constraints.txt
	@PYBIN=$$(scripts/find-python.sh) && { [ -x $(PY) ] || "$$PYBIN" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/test.txt -c requirements/constraints.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# Debian's chromium, for the browser tests (never `playwright install`).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi
	@/usr/bin/chromium --version

# Debian's nginx and its Brotli module, for `make serve-prod` and the publishing
# tests (started by them on loopback; the system service is never used).
nginx:
	@if [ ! -x /usr/sbin/nginx ] || [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nginx libnginx-mod-http-brotli-static >/dev/null; \
	fi
	@/usr/sbin/nginx -v

build: $(STAMP) $(NODE_STAMP)
	$(PY) build_site.py $(BUILD_ARGS)

serve: $(STAMP)
	$(PY) -m sitegen.serve site --host $(HOST) --port $(PORT)

site: build serve

serve-prod: $(STAMP) nginx
	$(PY) -m sitegen.deploy serve site --host 127.0.0.1 --port $(PORT)

dist: $(STAMP) $(NODE_STAMP)
	@[ -n "$(MUNICIPALITY)" ] || { echo "usage: make dist MUNICIPALITY=askoy" >&2; exit 2; }
	$(PY) -m sitegen.dist --municipality $(MUNICIPALITY) --out dist

# TypeScript checks the JSDoc types of the site's JavaScript (tsconfig.json),
# ESLint lints it and the JavaScript tests (eslint.config.js).
lint: $(STAMP) $(NODE_STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.worker.json
	node_modules/.bin/eslint --max-warnings 0 theme/assets/koordinert tests eslint.config.js

install: $(STAMP) $(NODE_STAMP) chromium nginx

test: install lint pytest

test-full:
	$(MAKE) test FULL=1

# pytest exits 5 when it collected no test; say so plainly instead of failing
# with an unexplained code (a real test failure still fails the run).
pytest: install
	@set +e; $(FULL_ENV) $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit 5)"; exit 1; fi; exit $$rc

bench: $(STAMP) $(NODE_STAMP) chromium
	$(PY) -m bench

lock: $(STAMP)
	$(PY) -m pip freeze --exclude pip --exclude setuptools | sed '1i # Full resolved set, frozen with `pip freeze` on Python 3.13. Regenerate with `make lock`.' > requirements/constraints.txt

clean:
	rm -rf site deploy .generated build dist .pytest_cache .mypy_cache .ruff_cache bench/out
