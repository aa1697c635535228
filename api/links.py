"""OpenAPI links between operations: where the identifiers one answer gives can be used next.

Generated clients and schemathesis' stateful phase follow them (create an activity, then submit,
return or document it; list plans, then read one plan's indicator). Targets are named by path
and method rather than operation id, so moving a router between modules cannot break them.
"""

from __future__ import annotations

ACTIVITY = "/api/v1/activities/{activity_id}"
ACTIVITY_OPERATIONS = [
    (ACTIVITY, "get"),
    (ACTIVITY, "patch"),
    (ACTIVITY, "delete"),
    *((f"{ACTIVITY}/{move}", "post") for move in ("submit", "approve", "return", "archive")),
    (f"{ACTIVITY}/results", "get"),
    (f"{ACTIVITY}/results", "put"),
    (f"{ACTIVITY}/documents", "post"),
    (f"{ACTIVITY}/history", "get"),
]
TAGS = "/api/v1/frameworks/activities/{pk}"
PLAN = "/api/v1/plans/{slug}"

# (source path, method, status) → [(target path, method, {parameter: runtime expression})]
LINKS: dict[tuple[str, str, int], list[tuple[str, str, dict[str, str]]]] = {
    ("/api/v1/activities/", "post", 201): [
        *(
            (path, method, {"activity_id": "$response.body#/id"})
            for path, method in ACTIVITY_OPERATIONS
        ),
        (TAGS, "get", {"pk": "$response.body#/id"}),
        (TAGS, "put", {"pk": "$response.body#/id"}),
    ],
    ("/api/v1/activities/", "get", 200): [
        (ACTIVITY, "get", {"activity_id": "$response.body#/items/0/id"}),
        (f"{ACTIVITY}/history", "get", {"activity_id": "$response.body#/items/0/id"}),
    ],
    (ACTIVITY, "get", 200): [
        *(
            (path, method, {"activity_id": "$response.body#/id"})
            for path, method in ACTIVITY_OPERATIONS
            if (path, method) != (ACTIVITY, "get")
        ),
    ],
    ("/api/v1/plans", "get", 200): [
        (PLAN, "get", {"slug": "$response.body#/0/slug"}),
        (f"{PLAN}/pillars", "get", {"slug": "$response.body#/0/slug"}),
        (f"{PLAN}/targets", "get", {"slug": "$response.body#/0/slug"}),
        (
            f"{PLAN}/indicators/{{code}}",
            "get",
            {"slug": "$response.body#/0/slug", "code": "$response.body#/0/indicators/0"},
        ),
    ],
    ("/api/v1/organisations", "get", 200): [
        (
            "/api/v1/organisations/{organisation_id}",
            "get",
            {"organisation_id": "$response.body#/0/id"},
        ),
    ],
    ("/api/v1/talent/programmes", "get", 200): [
        (
            "/api/v1/talent/programmes/{programme_id}/enrolments",
            "get",
            {"programme_id": "$response.body#/0/id"},
        ),
    ],
    ("/api/v1/tokens/", "post", 201): [
        ("/api/v1/tokens/{token_id}", "delete", {"token_id": "$response.body#/id"}),
    ],
}


def _name(path: str, method: str) -> str:
    words = [w.strip("{}") for w in path.removeprefix("/api/v1/").split("/") if w]
    return "".join(w.title().replace("_", "") for w in [method, *words])


def add_links(schema: dict) -> dict:
    """Write LINKS into the responses of ``schema`` (an OpenAPI document), in place."""
    paths = schema["paths"]
    for (source, method, status), targets in LINKS.items():
        response = paths[source][method]["responses"][status]
        links = response.setdefault("links", {})
        for path, target_method, parameters in targets:
            if path not in paths or target_method not in paths[path]:
                raise LookupError(f"link target {target_method.upper()} {path} is not in the API")
            pointer = path.replace("~", "~0").replace("/", "~1")
            links[_name(path, target_method)] = {
                "operationRef": f"#/paths/{pointer}/{target_method}",
                "parameters": parameters,
            }
    return schema
