# The two commands a newcomer needs: `make build` and `make test`.
# Each first installs what is missing (scripts/setup.sh), then does its job.
VENV ?= .venv
DGKG := $(VENV)/bin/dgkg

.PHONY: setup build test lint validate clean

setup:
	bash scripts/setup.sh

build: setup
	$(DGKG) build

validate: setup
	$(DGKG) validate

# Lint first: a formatting slip fails in seconds, not after the suite.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

test: lint
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup

clean:
	rm -rf dist dist.* test-artifacts
