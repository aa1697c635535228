"""The JSON API, version 1, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Every router lives in this app, one module per area (``api/activities.py``, ``api/talent.py``…),
over the domain functions the pages use; the domain apps never import ``api``.
Authentication is optional at this level (see api.auth): every router decides what an
anonymous caller may do, and write endpoints require a user.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from api import errors
from api.activities import router as activities_router
from api.auth import optional_auth
from api.finance import router as finance_router
from api.frameworks import router as frameworks_router
from api.limits import API_MAX_QUERY_STRING
from api.links import add_links
from api.reference import router as reference_router
from api.schemas import rules_beyond_the_schema_text
from api.talent import router as talent_router
from api.tokens import router as tokens_router

DESCRIPTION = f"""Plans, participants, activities and progress of digital cooperation plans.

Every refusal is a 4xx in one shape: `{{"detail": …, "errors": [{{"field": …, "message": …}}]}}`.
Request bodies refuse properties they do not define. A query string longer than
{API_MAX_QUERY_STRING} bytes is refused with 400 (and a request line past 4,094 bytes with
414 by the web server).

Besides what this schema states, the server checks these rules and answers 422 naming them:

{rules_beyond_the_schema_text()}

Changes: see docs/api.md in the source; version 1 changes only by adding."""


class DigicoopAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Mark optional authentication as optional: an empty requirement admits anonymous
        callers (OpenAPI 3.0, "Security Requirement Object"), so clients and fuzzers know
        reads work without a token."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                security = operation.get("security")
                if security and {"OptionalAuth": []} in security and {} not in security:
                    security.append({})
        return add_links(schema)


api = DigicoopAPI(
    title="digicoop API",
    # /api/v1/ changes only by adding; the minor version counts the additions (docs/api.md).
    version="1.4",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    description=DESCRIPTION,
    auth=optional_auth,
)
errors.install(api)

api.add_router("/activities", activities_router)
api.add_router("/", reference_router)
api.add_router("/tokens", tokens_router)
api.add_router("/frameworks", frameworks_router)
api.add_router("/talent", talent_router)
api.add_router("/finance", finance_router)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths under /api/v1/ answer in the API's error shape, not with an HTML page."""
    return errors.error(api, request, 404, _("No such API endpoint."))
