from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is deliberately slow; tests create many users and prove nothing about hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic`; tests serve static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # Whole public responses are cached only in the tests about the cache (lib/tests/
    # test_public_cache.py turns it on): elsewhere a test may change a setting or a function
    # between two reads of a page, which no write would announce. Each test process counts
    # (rate limits) and caches for itself, never in the shared var/cache files.
    settings.PUBLIC_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # A second database standing for a read replica (lib/tests/test_replicas.py): created only
    # for the tests that ask for it, and used only where DATABASE_REPLICAS names it.
    default = settings.DATABASES["default"]
    # Tables from the models (no data migrations: they write through the default alias); the
    # test copies in the reference rows it needs.
    replica = {
        **default,
        "TEST": {**default.get("TEST", {}), "NAME": None, "MIRROR": None, "MIGRATE": False},
    }
    if default["ENGINE"].endswith("postgresql"):
        replica["TEST"]["NAME"] = f"test_{default['NAME']}_replica"
    settings.DATABASES["replica"] = replica
    # Mutation testing runs the same tests once per mutant: a test database kept in a file
    # (with --reuse-db) is migrated once instead of every time (see `make mutants`).
    keep = os.environ.get("DIGICOOP_TEST_DATABASE_FILE")
    if keep and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = keep


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (its database starts afresh too)."""
    from django.core.cache import cache

    cache.clear()


def _commits(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "live_server" in names or "transactional_db" in names


def pytest_collection_modifyitems(items):
    for item in items:
        if _commits(item):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def reference_data(request):
    """Tests that commit (browser tests against live_server, transactional tests) flush every
    table when they end, wiping the built-in plan and the countries that data migrations load;
    reload them before each such test (see ensure_reference_data for why not serialized
    rollback)."""
    if not _commits(request.node):
        return
    request.getfixturevalue("transactional_db")
    from digicoop.testing import ensure_reference_data

    ensure_reference_data()


def require_shared_data(path: Path = SHARED_DATA) -> Path:
    """The project's shared reference data, or a failure saying where it was looked for.

    A failure, never a skip: a missing folder would otherwise turn every test that reads real
    files (IATI samples, the XSD, WDI, frameworks) into a silent pass."""
    if not path.is_dir():
        pytest.fail(
            f"reference data not found at {path}: these tests read the project's shared folder, "
            "laid beside the repository (../shared/data); check it out there (CI always has it)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return require_shared_data()


@pytest.fixture
def personas(db):
    from digicoop.testing import personas as build

    return build()


@pytest.fixture
def plan(db):
    from digicoop.testing import BUILTIN_PLAN
    from plans.models import Plan

    return Plan.objects.get(slug=BUILTIN_PLAN)


@pytest.fixture
def frameworks_loaded(db, shared_data):
    """SDG and Agenda 2063 code lists, loaded from the reference files."""
    from frameworks.loader import load_frameworks

    return load_frameworks(shared_data / "frameworks")


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium from Debian. Missing Chromium is an error, never a skip."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def api_responses_keep_the_contract(request, monkeypatch):
    """Every response a test receives from /api/v1/ through Django's test client is checked
    against the served OpenAPI schema (status documented, body as documented): the API's tests
    double as a test of the schema's honesty. Tests that send hostile requests on purpose and
    assert their own status are checked too; only the fuzz tests, which run schemathesis' own
    checks, are left out."""
    if "test_openapi_fuzz" in request.node.nodeid:
        yield
        return
    from django.test.client import Client

    from api.contract import contract_errors

    broken: list[str] = []
    sent = Client.request

    def checked(self, **environ):
        response = sent(self, **environ)
        path = environ.get("PATH_INFO", "")
        if path.startswith("/api/v1/"):
            broken.extend(
                contract_errors(
                    environ.get("REQUEST_METHOD", "GET"),
                    path,
                    response.status_code,
                    response.content if not response.streaming else b"",
                    response.get("Content-Type", ""),
                )
            )
        return response

    monkeypatch.setattr(Client, "request", checked)
    yield
    assert not broken, "API responses outside the schema:\n" + "\n".join(broken)
