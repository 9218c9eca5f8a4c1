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

.PHONY: help env lab instructor test course check-course sync validate clean

help:
	@echo "make lab          open the course in JupyterLab (your copy in work/)"
	@echo "make test         run the whole test suite"
	@echo "make course       regenerate course/ from solutions/ (instructors)"
	@echo "make instructor   open JupyterLab on the course root, with formgrader"
	@echo "make sync         update work/ from course/ without losing your edits"
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

test: $(STAMP)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf gradebook.db submitted autograded feedback downloaded release exchange artifacts
