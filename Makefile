# digicoop — `make run` serves the app, `make test` runs the whole suite. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
PYTEST_ARGS ?= -n 2 --dist loadgroup
RATES ?= ../shared/data/indicators/wdi-datasets-org/pa.nus.fcrf
# Empty it (COVERAGE=) to run a part of the suite through make without the coverage gate.
COVERAGE ?= --cov --cov-report=term

.PHONY: run setup test lint typecheck check-system bench mutants clean messages compilemessages

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "digicoop needs Python 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# The IATI 2.03 code lists (the names of sector, aid type, finance type… codes) ship only
	@# inside pyIATI, the IATI Secretariat's library. Its own requirements pin versions far older
	@# than ours (lxml 4.2.4…), so it is installed without them: we never import it and read only
	@# its data files (activities/codelists.py). pyproject.toml cannot say --no-deps.
	$(PY) -m pip install --quiet --no-deps pyIATI==0.4.1
	touch $@

# The interface's languages besides English (locale/<code>/LC_MESSAGES/django.po).
LANGS := fr zh_Hans ar pt
I18N_IGNORE := --ignore .venv --ignore var --ignore bench --ignore 'build/*' --ignore node_modules

# Refresh the catalogues from the code and templates, then compile them.
messages: $(VENV)/.installed
	$(PY) manage.py model_labels
	$(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) $(I18N_IGNORE) --add-location file --no-obsolete
	$(MAKE) compilemessages

# .mo files are build output (git-ignored). Without GNU gettext (a machine without root), Babel
# compiles the same catalogues.
compilemessages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then \
		$(PY) manage.py compilemessages $(I18N_IGNORE) --verbosity 0; \
	else \
		echo "msgfmt (Debian package gettext) not found: compiling the catalogues with Babel"; \
		$(VENV)/bin/pybabel -q compile --domain django --directory locale --use-fuzzy; \
	fi

setup: $(VENV)/.installed compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@# Exchange rates for the finance totals, when the shared reference data sits beside us.
	if [ -d $(RATES) ]; then $(PY) manage.py load_exchange_rates $(RATES); fi
	$(PY) manage.py load_shared_data
	$(PY) manage.py ensure_admin
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The background-job worker (imports, e-mails, reports) runs beside gunicorn and is stopped
# with it, whichever way gunicorn ends (Ctrl-C, kill, crash).
run: setup
	@echo "digicoop is serving on http://$(HOST):$(PORT)/"
	$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn digicoop.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

check-system:
	@scripts/ensure-system-packages

# The browser tests' accessibility check (axe-core), pinned in package.json and package-lock.json;
# `npm ci` installs exactly the locked version. Nothing from node_modules is served.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with django-stubs on the domain modules ([tool.mypy] files in pyproject.toml).
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# The suite with branch coverage; fails below [tool.coverage.report] fail_under.
test: $(VENV)/.installed check-system node_modules/.installed lint typecheck compilemessages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS) $(COVERAGE)

bench: $(VENV)/.installed
	$(PY) -m bench

# Mutation testing of the business rules ([tool.mutmut] in pyproject.toml); one worker, as the
# mutants share one kept SQLite test database. Survivors: bench/mutants-surviving.txt.
mutants: $(VENV)/.installed
	rm -rf mutants var/mutants-test.sqlite3
	DIGICOOP_TEST_DATABASE_FILE=$(CURDIR)/var/mutants-test.sqlite3 $(VENV)/bin/mutmut run --max-children 1
	$(VENV)/bin/mutmut results --all true | grep -v ': killed' > var/mutants-results.txt || true
	( echo "# Mutants not killed by the last \`make mutants\` (see bench/README.md)"; \
	  grep -v ': not checked' var/mutants-results.txt; \
	  echo "# not checked: $$(grep -c ': not checked' var/mutants-results.txt)" ) \
	  > bench/mutants-surviving.txt
	@cat bench/mutants-surviving.txt

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis node_modules
