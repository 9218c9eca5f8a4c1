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
	@echo "make hub          a class on this machine: JupyterHub, accounts, exchange (root)"
	@echo "make hub-clean    delete the accounts make hub created"
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

# make hub   the course served to a class by JupyterHub on http://127.0.0.1:8000/,
#            one server per account (dlc-instructor, dlc-student1, dlc-student2,
#            created when missing), the nbgrader exchange in /srv/dlcourse. As root.
# make hub HUB_ARGS="--port 9000"   pass options to 'dlcourse hub'
HUB_ARGS ?=
PROXY := hub/node_modules/.bin/configurable-http-proxy

.PHONY: hub hub-proxy hub-clean

hub: $(STAMP) $(PROXY)
	$(PY) -m dlkit.course hub --create-users $(HUB_ARGS)

hub-clean: $(STAMP)
	$(PY) -m dlkit.course hub --remove-users $(HUB_ARGS)

# JupyterHub's proxy comes from npm, at the versions hub/package-lock.json pins.
hub-proxy: $(PROXY)

$(PROXY): hub/package.json hub/package-lock.json
	cd hub && npm ci --no-fund --no-audit
	touch $(PROXY)

# As root the suite also runs the class on this machine, which needs the proxy.
ifeq ($(shell id -u),0)
test: $(PROXY)
endif

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
