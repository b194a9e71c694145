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

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[docs,test,data]'
	touch $(STAMP)
