# samenspel — the two commands a newcomer needs are `make demo` and `make test`.
# Each creates .venv if needed and installs the project into it first.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-samenspel

.DEFAULT_GOAL := help
.PHONY: help install demo test lab benchmarks browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's python3-venv (needed to create $(VENV))"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Cannot create $(VENV): install your system's python3-venv package (Debian: sudo apt-get install python3-venv), then run make again." >&2; exit 2; \
	  fi; }

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install samenspel with its test tools

demo: $(STAMP) ## build the demo community's reports into reports/
	$(VENV)/bin/samenspel run surveys/demo/ronde-1 --out reports/ronde-1
	$(VENV)/bin/samenspel run surveys/demo/ronde-2 --out reports/ronde-2
	$(VENV)/bin/samenspel run

browser: ## make sure headless Chromium is there for the browser tests
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install it (Debian: sudo apt-get install chromium), then run make test again." >&2; exit 2; \
	  fi; }

test: $(STAMP) browser ## run every test
	$(PY) -m pytest

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel
	$(PY) -m ipykernel install --sys-prefix --name samenspel --display-name "samenspel" >/dev/null
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

benchmarks: $(STAMP) ## run the speed and quality benchmarks (prints ratios)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## remove generated reports and caches (not .venv)
	rm -rf reports/*/ .pytest_cache
