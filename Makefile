# arshif — make demo | make test | make lint | make bench | make constraints
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.arshif-installed
PIP_VERSION := 26.3
export PATH := $(CURDIR)/$(BIN):$(PATH)
export ARSHIF_HOME ?= $(CURDIR)/var

.PHONY: install demo test test-fast test-future lint bench bench-extraction constraints clean-demo

install: $(STAMP)

# The venv is (re)built when missing or when the pins or the project's metadata change.
$(STAMP): constraints/constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==$(PIP_VERSION)
	$(BIN)/python -m pip install -q -c constraints/constraints.txt -e '.[test,bench]'
	$(BIN)/python -m pip check
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/arshif demo run

# Airflow on this machine (scheduler, DAG processor, triggerer, UI on 127.0.0.1:8082), crawling
# the demo sites hourly; `make airflow-stop` ends it.
.PHONY: airflow airflow-stop
airflow: $(STAMP)
	$(BIN)/arshif airflow start --demo

airflow-stop: $(STAMP)
	$(BIN)/arshif airflow stop

# The 15 slowest tests are printed at the end of every run (issue 18: the suite's time is watched).
test: $(STAMP) pywb chromium
	$(BIN)/python -m pytest -q --timeout=1500 --durations=15 tests

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q --timeout=600 --durations=15 -m "not slow" tests

# The whole suite with the clock moved a year ahead (Debian's libfaketime, preloaded into every
# process the tests start but SeaweedFS, whose Go runtime reads the clock itself): a test that
# depends on today's date fails here. FUTURE=+730d moves it further. Left out: the Celery
# scale-out test, whose Airflow scheduler would run a year ahead of the machine's PostgreSQL and
# Redis (services this target cannot move): its DAG run never ended there, a clock skew between
# processes rather than a dependence on the date.
FUTURE ?= +365d
.PHONY: test-future faketime
test-future: $(STAMP) pywb chromium faketime
	faketime -f "$(FUTURE)" $(BIN)/python -m pytest -q --timeout=1500 --durations=15 \
		--ignore=tests/scale/test_celery_scale_out.py tests

faketime:
	command -v faketime >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q faketime)

lint: $(STAMP)
	$(BIN)/ruff check .

# Benchmarks: each rewrites its own section of docs/benchmarks.md.
bench: bench-extraction bench-crawl bench-dedupe bench-storage bench-archive bench-search bench-retrieval bench-growth

bench-extraction: $(STAMP)
	$(BIN)/python bench/extraction.py $(BENCH_EXTRACTION_ARGS)

.PHONY: bench-crawl
bench-crawl: $(STAMP)
	$(BIN)/python bench/crawl.py $(BENCH_CRAWL_ARGS)

.PHONY: bench-dedupe bench-storage
bench-dedupe: $(STAMP)
	$(BIN)/python bench/dedupe.py $(BENCH_DEDUPE_ARGS)

bench-storage: $(STAMP)
	$(BIN)/python bench/storage.py $(BENCH_STORAGE_ARGS)

.PHONY: bench-search
bench-search: $(STAMP)
	$(BIN)/python bench/search.py $(BENCH_SEARCH_ARGS)

.PHONY: bench-retrieval
bench-retrieval: $(STAMP)
	$(BIN)/python bench/retrieval.py $(BENCH_RETRIEVAL_ARGS)

.PHONY: bench-growth
bench-growth: $(STAMP)
	$(BIN)/python bench/growth.py $(BENCH_GROWTH_ARGS)

.PHONY: bench-archive
bench-archive: $(STAMP)
	$(BIN)/python bench/archive.py $(BENCH_ARCHIVE_ARGS)

# Debian's Chromium for the web UI's browser test (tests/ui, driven by playwright without its
# own browser download). Needs root (apt-get), as on the project's machines and CI.
.PHONY: chromium
chromium:
	command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# pywb (`arshif replay`, tests/replay) in a venv of its own: its pins (redis 2.10) conflict with Airflow's.
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.arshif-installed
.PHONY: pywb
pywb: $(PYWB_STAMP)

$(PYWB_STAMP): constraints/pywb.txt
	@test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install -q --upgrade pip==$(PIP_VERSION)
	$(PYWB_VENV)/bin/python -m pip install -q -c constraints/pywb.txt pywb boto3
	$(PYWB_VENV)/bin/python -m pip check
	@touch $(PYWB_STAMP)

# Regenerate the pins from the current, verified venv (after `pip install` of a new dependency).
constraints: $(STAMP)
	$(BIN)/python -m pip check
	{ sed -n '1,3p' constraints/constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints/constraints.new
	mv constraints/constraints.new constraints/constraints.txt

clean-demo:
	-$(BIN)/arshif demo stop
	-$(BIN)/arshif s3 stop
	rm -rf var
