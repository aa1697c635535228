"""Schemathesis over /api/v1/openapi.json with every check it has, and its stateful phase.

Every check runs (`--checks all` of the command line): no server error, every status code and
body documented, schema-violating requests refused, schema-valid requests accepted, and the
stateful checks (use after free, resource availability, ignored auth, object-level
authorisation). It runs as a secretariat officer, as a Kenyan focal point and anonymously.

One check is narrowed, not dropped: "schema-valid data is accepted" also admits a 422 whose every
error is one of the rules a JSON schema cannot state (api.schemas.RULES_BEYOND_THE_SCHEMA: an
end before a start, percentages that do not add up, a code the plan does not list…), which the
API's description lists for client authors. Any other 422 to schema-valid data still fails.

Bounded (a few examples per operation) so the suite stays fast.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.schemas import is_rule_beyond_the_schema
from api.v1 import api


def _load():
    """The schema served at /api/v1/openapi.json, built without a request (collection has no
    database), calling the WSGI application directly."""
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    )
    loaded.app = get_wsgi_application()
    return loaded


def schema_valid_data_is_accepted(ctx, response, case):
    """positive_data_acceptance, admitting a 422 made only of rules the schema cannot state."""
    if response.status_code == 422:
        errors = json.loads(response.content or b"{}").get("errors") or [{}]
        if all(is_rule_beyond_the_schema(e.get("message", "")) for e in errors):
            return None
    return positive_data_acceptance(ctx, response, case)


load_all_checks()
CHECKS_ALL = [
    schema_valid_data_is_accepted if check is positive_data_acceptance else check
    for check in CHECKS.get_all()
]

schema = _load()
focal_point_schema = _load()
# Anonymous writes all stop at 401, so the boundary-value ("coverage") phase, which ignores
# max_examples, is spent on the signed-in runs only; the anonymous run fuzzes.
anonymous_schema = _load()
anonymous_schema.config.phases.coverage.enabled = False
focal_point_schema.config.phases.coverage.enabled = False

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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


def _token(user) -> str:
    from accounts.tokens import create_token

    _token, clear = create_token(user, "schemathesis")
    return clear


def _records(personas) -> None:
    from digicoop.testing import make_activity

    make_activity(personas, state="approved")
    make_activity(personas, state="submitted")
    make_activity(personas, state="draft")


@pytest.fixture
def secretariat_token(personas):
    _records(personas)
    return _token(personas.secretariat)


@pytest.fixture
def focal_point_token(personas):
    _records(personas)
    return _token(personas.kenyan_focal_point)


@schema.parametrize()
@FUZZ
def test_the_api_keeps_its_contract_for_the_secretariat(case, secretariat_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secretariat_token}"}, checks=CHECKS_ALL
    )


@focal_point_schema.parametrize()
@FUZZ
def test_the_api_keeps_its_contract_for_a_focal_point(case, focal_point_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {focal_point_token}"}, checks=CHECKS_ALL
    )


@anonymous_schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_anonymous_callers_get_only_documented_answers(case, db):
    case.call_and_validate(checks=CHECKS_ALL)


def _stateful(loaded, token: str | None):
    if token:
        # Credentials through schemathesis' auth hook rather than fixed headers, so that its
        # "ignored auth" check can send the same request with broken credentials.
        @loaded.auth()
        class Bearer:
            def get(self, case, context):
                return token

            def set(self, case, data, context):
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    class Workflow(loaded.as_state_machine()):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS_ALL, transport_kwargs=kwargs or None)

    Workflow.run(
        settings=hypothesis_settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_the_api_keeps_its_contract_from_one_operation_to_the_next_for_the_secretariat(
    secretariat_token,
):
    _stateful(_load(), secretariat_token)


def test_the_api_keeps_its_contract_from_one_operation_to_the_next_for_a_focal_point(
    focal_point_token,
):
    _stateful(_load(), focal_point_token)


def test_the_api_keeps_its_contract_from_one_operation_to_the_next_anonymously(db):
    _stateful(_load(), None)


def test_the_stateful_phase_has_links_to_follow():
    """Without links the stateful phase only replays single calls: the create → submit/return/
    documents and plans → indicator chains must be in the schema."""
    document = api.get_openapi_schema()
    created = document["paths"]["/api/v1/activities/"]["post"]["responses"][201]["links"]
    refs = {link["operationRef"] for link in created.values()}
    assert "#/paths/~1api~1v1~1activities~1{activity_id}~1return/post" in refs
    assert "#/paths/~1api~1v1~1activities~1{activity_id}~1documents/post" in refs
    plans = document["paths"]["/api/v1/plans"]["get"]["responses"][200]["links"]
    assert any("indicators" in link["operationRef"] for link in plans.values())
