# Two commands set everything up on a fresh machine: `make html` and `make test`.
# Both create .venv from pyproject.toml on first use; the stamp file is written
# only after a complete install, so an interrupted one is retried.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPHINX := $(PY) -m sphinx -M
SPHINXOPTS := -c . -W --keep-going -n -q

.PHONY: html test doctest bench clean runner

# The Python that runs the pages' examples in the browser (docs/_runner,
# CoWasm bundled by webpack; about 15 MB, built into docs/_runner/dist and
# copied into the site by docs/_ext/runner.py). Built only where npm is
# installed; elsewhere, or when the npm step fails, the site is built
# without Run buttons and one line says so. npm ci runs again only when the
# lock file changes, webpack only when a source does.
RUNNER := docs/_runner
NPM := $(shell command -v npm 2>/dev/null)
# Its test (tests/test_browser_runner.py) drives the system's chromium with
# Playwright, 165 MB installed, so Playwright is installed only where the
# test can run: where npm and chromium are both on PATH.
CHROMIUM := $(shell command -v chromium 2>/dev/null)
BROWSER_TEST := $(if $(and $(NPM),$(CHROMIUM)),$(VENV)/.browser-installed)

html: $(STAMP) runner
	$(SPHINX) html docs _build $(SPHINXOPTS)
	@echo "Built: $(CURDIR)/_build/html/index.html"

test: $(STAMP) $(BROWSER_TEST)
	$(PY) -m pytest
	$(SPHINX) doctest docs _build $(SPHINXOPTS)

doctest: $(STAMP)
	$(SPHINX) doctest docs _build $(SPHINXOPTS)

# Speed beside a NumPy loop, scikit-learn and PyTorch (if installed); see
# docs/performance.md. BENCHOPTS passes options, e.g. BENCHOPTS="--workloads 1".
bench: $(STAMP) $(VENV)/.bench-installed
	$(PY) benchmarks/bench.py $(BENCHOPTS)

$(VENV)/.bench-installed: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

$(VENV)/.browser-installed: $(STAMP)
	$(PY) -m pip install --quiet -e '.[browser]'
	touch $@

clean:
	rm -rf _build $(VENV) .pytest_cache *.egg-info $(RUNNER)/dist $(RUNNER)/node_modules

runner:
ifeq ($(NPM),)
	@if [ -f $(RUNNER)/dist/.built ]; then echo "runner: npm not found; the pages use the browser runtime built before"; \
	else echo "runner: npm not found, so the pages have no Run buttons (install Node.js and npm to build them)"; fi
else
	@$(MAKE) -s --no-print-directory $(RUNNER)/dist/.built || \
	  { rm -rf $(RUNNER)/dist; echo "runner: the npm step above failed, so the pages have no Run buttons"; }
endif

$(RUNNER)/node_modules/.installed: $(RUNNER)/package.json $(RUNNER)/package-lock.json
	cd $(RUNNER) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(RUNNER)/dist/.built: $(RUNNER)/node_modules/.installed $(RUNNER)/webpack.config.js $(wildcard $(RUNNER)/src/*.js)
	cd $(RUNNER) && npm run --silent build
	touch $@

# The environment is rebuilt from scratch (--clear) whenever pyproject.toml
# changes, so nothing a former version needed stays behind. Two savings, about
# 70 MB of 340 (measured with du): setuptools, which Python 3.11's venv adds
# but nothing here runs (pip builds mlp in an isolated environment of its
# own); and --no-compile, so that bytecode is written only for the modules
# that are imported (8 MB), not ahead of time for every module of every package.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip uninstall --quiet --yes setuptools
	$(PY) -m pip install --quiet --no-compile -e '.[docs,test]'
	touch $(STAMP)
