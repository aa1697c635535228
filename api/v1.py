"""The JSON API, version 1, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Each app exposes a django-ninja ``router`` in its own ``api.py``; they are mounted here.
"""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="digicoop API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    description="Plans, participants, activities and progress of digital cooperation plans.",
)
api.add_router("/talent", "talent.api.router")
