# Two commands are all a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QUALIFY_ENV ?= development
# Test workers (pytest-xdist): one per core; JOBS=0 runs the suite in one process.
JOBS ?= auto

.PHONY: run test lint translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/qualify db upgrade
	# The key that signs certificate PDFs, kept outside the database (once; never replaced).
	$(BIN)/qualify certificates init-key --if-missing
	# Refused (and the site starts anyway) when a course was changed in the browser.
	-$(BIN)/qualify content import
	$(BIN)/qualify demo setup
	$(BIN)/qualify demo cohort
	$(BIN)/qualify demo authoring
	# The outbox worker runs beside the server and stops with it.
	$(BIN)/qualify worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/qualify serve --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/ruff check qualify tests bench
	$(BIN)/pytest -q -n $(JOBS) --dist worksteal $(PYTEST_ARGS)

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k Message -k N_plural:1,2 -o qualify/translations/messages.pot qualify
	$(BIN)/pybabel update -i qualify/translations/messages.pot -d qualify/translations --no-fuzzy-matching -w 100
	$(BIN)/pybabel compile -d qualify/translations

clean:
	rm -rf $(VENV) build *.egg-info
