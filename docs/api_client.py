"""A small digicoop API client: list, create and submit an activity (standard library only).

    python docs/api_client.py http://127.0.0.1:8000 TOKEN ORGANISATION_ID

It reads the served OpenAPI schema first and stops if the server's API is not version 1, then
validates nothing itself: the schema documents every rule, and every refusal comes back as
``{"detail": …, "errors": [{"field": …, "message": …}]}``, which it prints.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request


class APIError(Exception):
    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body
        fields = "; ".join(f"{e['field']}: {e['message']}" for e in body.get("errors", []))
        super().__init__(f"{status} {body.get('detail', '')} {fields}".strip())


class Client:
    def __init__(self, base_url: str, token: str | None = None):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None) -> dict | list:
        request = urllib.request.Request(  # noqa: S310 (the caller chooses the server)
            self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request) as response:  # noqa: S310
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise APIError(error.code, json.loads(error.read() or b"{}")) from None

    def schema_version(self) -> str:
        return self.call("GET", "/openapi.json")["info"]["version"]

    def activities(self, **filters) -> dict:
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        return self.call("GET", f"/activities/?{query}")

    def create_activity(
        self, plan: str, organisation: int, identifier: str, title: str, kind: str = "training"
    ) -> dict:
        # A kind (whose pillar comes with it) is needed before the record can be submitted.
        body = {
            "plan": plan,
            "reporting_org": organisation,
            "iati_identifier": identifier,
            "title": {"en": title},
            "kind": kind,
        }
        return self.call("POST", "/activities/", body)

    def submit(self, activity: dict) -> dict:
        return self.call(
            "POST", f"/activities/{activity['id']}/submit", {"version": activity["version"]}
        )


def main(base_url: str, token: str, organisation: int) -> dict:
    client = Client(base_url, token)
    version = client.schema_version()
    if not version.startswith("1."):
        raise SystemExit(f"This client speaks API version 1; the server speaks {version}.")
    plan = client.call("GET", "/plans")[0]["slug"]
    print(f"{client.activities(plan=plan)['count']} activities visible in {plan}")
    draft = client.create_activity(plan, organisation, "XM-EXAMPLE-1", "Example activity")
    submitted = client.submit(draft)
    print(f"created {submitted['iati_identifier']} and moved it to {submitted['workflow_state']}")
    return submitted


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
