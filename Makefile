# The two commands a newcomer needs: `make build` and `make test`.
# Each first installs what is missing (scripts/setup.sh), then does its job.
VENV ?= .venv
DGKG := $(VENV)/bin/dgkg

.PHONY: setup build test validate clean

setup:
	bash scripts/setup.sh

build: setup
	$(DGKG) build

validate: setup
	$(DGKG) validate

test: setup
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup

clean:
	rm -rf dist dist.* test-artifacts
