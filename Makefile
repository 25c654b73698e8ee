# Shortcuts for people who have make; the README's two commands need nothing but Python.
.PHONY: help run test doctest clean exports bench fuzz

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

.venv/bin/planner: pyproject.toml
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

run: .venv/bin/planner  ## open the planner on your workspace (seeded on first run)
	.venv/bin/planner

test: .venv/bin/planner  ## the whole test suite, as CI runs it
	.venv/bin/python -m pytest

bench: .venv/bin/planner  ## speed benchmark of issue 6 on 10,000 generated events (a few minutes; BENCH=--quick)
	.venv/bin/python bench/run.py $(BENCH)

fuzz: .venv/bin/planner  ## fuzz the loaders and date parsing with 20x the suite's cases, random each run (minutes)
	HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest -p no:cacheprovider -q tests/test_fuzz.py

exports: .venv/bin/planner  ## regenerate exports/ (the seeded trips as .ics; records export state in seeds/)
	.venv/bin/planner --dir seeds export --all --out exports

clean:  ## remove the virtual environment and caches
	rm -rf .venv .pytest_cache .hypothesis
