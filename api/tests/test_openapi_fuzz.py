"""Schemathesis over /api/v1/openapi.json: no server error, no response outside the schema.

Every default check runs except "schema-valid data is accepted": the domain rightly refuses
data the schema cannot express (a kind code that is not the plan's, percentages that do not
add up to 100, an end before a start) with a 422 in the same error shape.

Bounded (a few examples per operation) so the suite stays fast; it runs anonymously and as a
secretariat officer so that write endpoints are exercised past authentication.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.v1 import api


def _load():
    """The schema served at /api/v1/openapi.json, built without a request (collection has no
    database), calling the WSGI application directly."""
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    )
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()
# Anonymous writes all stop at 401, so the boundary-value ("coverage") phase, which ignores
# max_examples, is spent on the signed-in run only; the anonymous run fuzzes.
anonymous_schema = _load()
anonymous_schema.config.phases.coverage.enabled = False

pytestmark = pytest.mark.django_db
EXCLUDED = [positive_data_acceptance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, which closes database connections at the end
    of each request; Django's own test client switches that off so the test's transaction
    survives. Do the same here (it matters on PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def secretariat_token(personas):
    from accounts.tokens import create_token
    from digicoop.testing import make_activity

    make_activity(personas, state="approved")
    make_activity(personas, state="submitted")
    _token, clear = create_token(personas.secretariat, "schemathesis")
    return clear


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_errors_and_always_matches_its_schema(case, secretariat_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secretariat_token}"}, excluded_checks=EXCLUDED
    )


@anonymous_schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_anonymous_callers_get_only_documented_answers(case, db):
    case.call_and_validate(excluded_checks=EXCLUDED)
