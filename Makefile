# Two commands set everything up on a fresh machine: `make html` and `make test`.
# Both create .venv from pyproject.toml on first use; the stamp file is written
# only after a complete install, so an interrupted one is retried.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPHINX := $(PY) -m sphinx -M
SPHINXOPTS := -c . -W --keep-going -n -q

.PHONY: html test doctest bench clean

html: $(STAMP)
	$(SPHINX) html docs _build $(SPHINXOPTS)
	@echo "Built: $(CURDIR)/_build/html/index.html"

test: $(STAMP)
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

clean:
	rm -rf _build $(VENV) .pytest_cache *.egg-info

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
