# Every workflow of the course is a verb here. The environment (.venv) is made
# on first use, so each verb works on a fresh clone.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# make lab NO_BROWSER=1   only print the address (servers, containers)
NO_BROWSER ?=
# make test PYTEST_ARGS="-k basics"   pass options to pytest
PYTEST_ARGS ?=

# make collect A=01_basics FROM=downloads.zip   import submissions (zip or folder)
# make grade A=01_basics WORKERS=2               autograde them
A ?=
FROM ?=
WORKERS ?= 2

.PHONY: help env lab instructor test course check-course sync collect grade \
	feedback export clean

help:
	@echo "make lab          open the course in JupyterLab (your copy in work/)"
	@echo "make test         run the whole test suite"
	@echo "make course       regenerate course/ from solutions/ (instructors)"
	@echo "make instructor   open JupyterLab on the course root, with formgrader"
	@echo "make sync         update work/ from course/ without losing your edits"
	@echo "make collect A=.. FROM=..  import submissions (an LMS zip or a folder)"
	@echo "make grade A=..   autograde every submission (WORKERS=2 by default)"
	@echo "make feedback A=..  feedback HTML per student, hidden tests hidden"
	@echo "make export       grade tables and per-exercise summaries in grades/"
	@echo "make bench        every benchmark; results in benchmarks/results/"
	@echo "make env          only create the environment in $(VENV)"

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

env: $(STAMP)

lab: $(STAMP)
	$(PY) -m dlkit.course lab $(if $(NO_BROWSER),--no-browser)

instructor: $(STAMP)
	$(PY) -m dlkit.course lab --instructor $(if $(NO_BROWSER),--no-browser)

sync: $(STAMP)
	$(PY) -m dlkit.course sync

course: $(STAMP)
	$(PY) -m dlkit.course build

check-course: $(STAMP)
	$(PY) -m dlkit.course build --check

collect: $(STAMP)
	$(PY) -m dlkit.course collect "$(A)" "$(FROM)"

grade: $(STAMP)
	$(PY) -m dlkit.course grade "$(A)" --workers $(WORKERS)

feedback: $(STAMP)
	$(PY) -m dlkit.course feedback "$(A)"

export: $(STAMP)
	$(PY) -m dlkit.course export

test: $(STAMP)
	$(PY) -m pytest -n 2 --durations=15 $(PYTEST_ARGS)

clean:
	rm -rf autograded feedback grades artifacts
	@echo "submissions (submitted/, downloaded/) and gradebook.db are kept"

# make bench   every benchmark: dlkit against NumPy and PyTorch, the notebooks'
#              run times, grading throughput; results in benchmarks/results/.
# make bench BENCH_ARGS="--only mlp,conv --submissions 40"   pass options
# Where the machine sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, the run unsets
# both: they hold NumPy to older, slower kernels. BENCH_KEEP_BLAS_ENV=1 keeps them.
BENCH_ARGS ?=
BENCH_KEEP_BLAS_ENV ?=
BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: bench

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	rm -f $(VENV)/.bench-*
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(if $(BENCH_KEEP_BLAS_ENV),,env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE) \
		$(PY) -m benchmarks.run $(BENCH_ARGS)
