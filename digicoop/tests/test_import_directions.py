"""Core below, features above: every import between the project's apps follows an allowed arrow.

The test reads the source (``ast``), so it sees imports inside functions too. Tests and
migrations are left out: tests may import whatever helps them prove a behaviour, and
migrations are frozen history. A new app, or a new arrow, is a decision written here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The project package's modules that every app may use: configuration and the task queue.
# They import no app. The rest of ``digicoop`` (urls, testing, wsgi) sits on top of everything.
FRAME = {"digicoop.envconf", "digicoop.settings", "digicoop.tasks"}

# The core: what the plan is, who takes part, who may do what, and shared helpers. A core app
# imports only core apps (and the frame); everything else is a feature built on top of it.
CORE = {"lib", "languages", "plans", "participants", "accounts"}
_OVER_ACTIVITIES = CORE | {"activities"}
_FEATURES = {"finance", "frameworks", "indicators", "progress", "talent", "interop"}

# app → the apps it may import. Read bottom to top: an arrow only ever points down.
ALLOWED: dict[str, set[str]] = {
    # Core.
    "lib": set(),
    # Languages, multilingual text and labels: read by every model that holds a narrative.
    "languages": {"lib"},
    "plans": {"lib", "languages"},
    "participants": {"lib", "languages", "plans"},
    "accounts": {"lib", "languages", "plans", "participants"},
    # Activities, on the core.
    "activities": {"lib", "languages", "plans", "participants", "accounts"},
    # Features over activities.
    # A pledge's delivery is read from the records: projects and talents as the targets count them.
    "finance": _OVER_ACTIVITIES | {"progress", "talent"},
    "frameworks": _OVER_ACTIVITIES,
    "indicators": _OVER_ACTIVITIES,
    # Each target's measure, progress and history: a registry the features add to, so it
    # imports none of them (the public pages that show targets beside the features are portal).
    "progress": _OVER_ACTIVITIES,
    # The talent registry registers its measure (digital talents) with progress.metrics.
    "talent": _OVER_ACTIVITIES | {"progress"},
    # The IATI export writes an activity's SDG and Agenda 2063 tags.
    "interop": _OVER_ACTIVITIES | {"frameworks"},
    # The members' workspace: joining the plan, my tasks and notifications. It reads the
    # features whose work waits for people (imports, trainee duplicates) and listens to the
    # signals activities and interop send; nothing below imports it.
    "workspace": _OVER_ACTIVITIES | {"interop", "talent"},
    # The outer ring: the public pages, the HTTP API, the demo data set, the project's URLs and
    # test personas.
    # The public pages lay out the targets' progress beside the features' figures.
    "portal": _OVER_ACTIVITIES | {"finance", "indicators", "interop", "progress", "talent"},
    # Progress reports lay out the features' figures (progress, finance, talent, frameworks) as
    # the public pages compute them (portal).
    "reports": _OVER_ACTIVITIES | _FEATURES | {"portal"},
    "api": _OVER_ACTIVITIES | _FEATURES,
    "demo": _OVER_ACTIVITIES | _FEATURES,
    "digicoop": _OVER_ACTIVITIES | _FEATURES | {"api", "demo", "portal", "reports", "workspace"},
}


def _packages() -> list[str]:
    """Top-level project packages (apps and lib); bench/ and scripts/ are tools, not apps."""
    return sorted(
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in {"bench", "scripts"} and not p.parent.name.startswith(".")
    )


def _node(module: str) -> str:
    if module.startswith("digicoop."):
        top = ".".join(module.split(".")[:2])
        return top if top in FRAME else "digicoop"
    return module.split(".")[0]


def _source_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT / package).parts
        if parts[0] not in {"tests", "migrations"}:
            yield path


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            # `from digicoop import tasks` names the module in the alias.
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def _arrows() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) → the files that make the arrow."""
    known = set(_packages()) | FRAME
    arrows: dict[tuple[str, str], list[str]] = {}
    for package in _packages():
        for path in _source_files(package):
            here = _node(".".join(path.relative_to(ROOT).with_suffix("").parts))
            for module in _imports(path):
                there = _node(module)
                if there in known and there != here and not {here, there} <= FRAME:
                    arrows.setdefault((here, there), []).append(str(path.relative_to(ROOT)))
    return arrows


def test_every_app_has_its_place_in_the_list_of_allowed_arrows():
    unplaced = set(_packages()) - set(ALLOWED)
    assert not unplaced, (
        f"{sorted(unplaced)} not placed: add each to ALLOWED in {Path(__file__).name} with the "
        "apps it may import (core apps below it only)"
    )


def test_no_app_imports_against_the_allowed_arrows():
    wrong = [
        f"{importer} imports {imported} ({', '.join(sorted(set(files)))}); "
        f"{importer} may import only {sorted(ALLOWED.get(importer, set()) | FRAME)}"
        for (importer, imported), files in sorted(_arrows().items())
        if imported not in ALLOWED.get(importer, set()) | FRAME
    ]
    assert not wrong, "\n".join(wrong)


def test_the_core_imports_nothing_above_it():
    for app in CORE:
        assert ALLOWED[app] <= CORE, f"{app} is core: it may import only {sorted(CORE)}"


def _cycle(arrows: dict[str, set[str]]) -> tuple[str, ...]:
    """The first loop of arrows found (its first app repeated at its end), or () if none."""
    done: set[str] = set()

    def visit(app: str, path: tuple[str, ...]) -> tuple[str, ...]:
        if app in path:
            return (*path[path.index(app) :], app)
        if app in done:
            return ()
        for below in sorted(arrows.get(app, set())):
            if found := visit(below, (*path, app)):
                return found
        done.add(app)
        return ()

    for app in sorted(arrows):
        if found := visit(app, ()):
            return found
    return ()


def test_the_allowed_arrows_make_no_cycle():
    # No exception: every import the code makes is an allowed arrow, so the code has no cycle
    # between apps either.
    cycle = _cycle(ALLOWED)
    assert not cycle, "cycle: " + " → ".join(cycle)


def test_the_cycle_check_finds_a_loop_through_several_apps():
    arrows = {"portal": {"progress"}, "progress": {"finance"}, "finance": {"talent"}}
    assert _cycle(arrows) == ()
    arrows["talent"] = {"progress"}
    assert _cycle(arrows) == ("finance", "talent", "progress", "finance")


def test_the_walk_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "views.py"
    source.write_text("def view():\n    from talent.models import Programme\n")
    assert "talent.models" in _imports(source)
    assert _node("digicoop.tasks") == "digicoop.tasks" and _node("digicoop.urls") == "digicoop"
