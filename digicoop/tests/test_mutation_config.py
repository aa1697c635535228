"""`make mutants` runs the suite in a copy of the tree made from pyproject's [tool.mutmut]
lists: an app missing from them makes every mutant fail to import, which reads as "killed"."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_mutation_run_copies_every_app_and_the_catalogues():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    copied = set(config["source_paths"]) | set(config["also_copy"])
    apps = {
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in {"bench", "scripts"} and not p.parent.name.startswith(".")
    }
    assert apps - copied == set(), "add these to [tool.mutmut] also_copy in pyproject.toml"
    assert {"locale", "templates", "static", "conftest.py", "manage.py"} <= copied
