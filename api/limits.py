"""The API's limit on the length of a query string, answered in the API's own error shape.

Every filter has a documented maximum length, and codes are URL-safe ASCII, so no query the
schema allows needs more than ``API_MAX_QUERY_STRING`` bytes (the longest: a 200-character
free-text search of 4-byte characters, 2,400 bytes encoded, beside eight 100-character codes); a
longer one is refused with 400 before any parsing, in the API's error shape. (gunicorn refuses
request lines past 4,094 bytes by itself, with a plain-text 414, which the schema documents.)
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
API_MAX_QUERY_STRING = 3900


class QueryStringLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(API_PREFIX)
            and len(request.META.get("QUERY_STRING", "")) > API_MAX_QUERY_STRING
        ):
            body = {
                "detail": _("The query string is longer than %(limit)s bytes.")
                % {"limit": API_MAX_QUERY_STRING},
                "errors": [],
            }
            return HttpResponse(json.dumps(body), status=400, content_type="application/json")
        return self.get_response(request)
