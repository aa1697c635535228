"""Check one API response against the served OpenAPI schema: its status code is documented for
the operation, and its JSON body matches the documented schema. The test suite runs it on every
response its API tests receive (conftest.py). Needs the dev dependencies (jsonschema-rs)."""

from __future__ import annotations

import json
import re
from functools import cache

from jsonschema_rs import Draft202012Validator


@cache
def _document() -> dict:
    from django.core.serializers.json import DjangoJSONEncoder

    from api.v1 import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


@cache
def _operations() -> list[tuple[re.Pattern, str, dict]]:
    found = []
    for template, operations in _document()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        for method, operation in operations.items():
            found.append((pattern, method.upper(), operation))
    return found


def contract_errors(method: str, path: str, status: int, body: bytes, content_type: str) -> list:
    """What is wrong with this response under the schema (empty when nothing is)."""
    matches = [op for pattern, m, op in _operations() if m == method and pattern.match(path)]
    if not matches:
        return []  # not an operation (unknown path or method): answered by the not-found route
    responses = matches[0]["responses"]
    documented = responses.get(str(status))
    if documented is None:
        return [f"{method} {path}: status {status} is not documented"]
    media = documented.get("content", {}).get("application/json")
    if media is None or not body:
        return []
    if not content_type.startswith("application/json"):
        return [f"{method} {path}: {status} answered {content_type!r}, not JSON"]
    schema = {**media["schema"], "components": _document()["components"]}
    validator = Draft202012Validator(schema)
    return [
        f"{method} {path} → {status}: {error.message} at /{'/'.join(map(str, error.instance_path))}"
        for error in validator.iter_errors(json.loads(body))
    ]
