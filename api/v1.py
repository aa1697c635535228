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
from api.reference import router as reference_router
from api.talent import router as talent_router
from api.tokens import router as tokens_router


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
        return schema


api = DigicoopAPI(
    title="digicoop API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    description="Plans, participants, activities and progress of digital cooperation plans.",
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
