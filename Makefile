# Shortcuts for people who have make; the README's two commands need nothing but Python.
.PHONY: help run test lint format clean exports bench fuzz docs-images

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

.venv/bin/planner: pyproject.toml
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

run: .venv/bin/planner  ## open the planner on your workspace (seeded on first run)
	.venv/bin/planner

test: .venv/bin/planner  ## the whole test suite, as CI runs it (in parallel: pytest-xdist)
	.venv/bin/python -m pytest

lint: .venv/bin/planner  ## the static checks CI runs first: ruff, ruff format --check, mypy, import contracts
	.venv/bin/ruff check planner tests bench tools
	.venv/bin/ruff format --check planner tests bench tools
	.venv/bin/mypy
	.venv/bin/lint-imports

format: .venv/bin/planner  ## fix what ruff can fix and reformat the code
	.venv/bin/ruff check --fix planner tests bench tools
	.venv/bin/ruff format planner tests bench tools

bench: .venv/bin/planner  ## speed benchmark of issue 6 on 10,000 generated events (a few minutes; BENCH=--quick)
	.venv/bin/python bench/run.py $(BENCH)

fuzz: .venv/bin/planner  ## fuzz the loaders and date parsing with 20x the suite's cases, random each run (minutes)
	HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest -p no:cacheprovider -q -n 0 tests/test_fuzz.py

exports: .venv/bin/planner  ## regenerate exports/ (the seeded trips as .ics; records export state in seeds/)
	.venv/bin/planner --dir seeds export --all --no-alarms --out exports

docs-images: .venv/bin/planner  ## redraw docs/agenda-example.png from the real agenda page (needs chromium, fonts-noto-cjk)
	.venv/bin/python tools/docs_images.py

clean:  ## remove the virtual environment and caches
	rm -rf .venv .pytest_cache .hypothesis
