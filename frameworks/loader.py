"""Loading the SDG and Agenda 2063 frameworks from the files published for them.

SDG texts come from the open-sdg ``sdg-translations`` layout: one folder per language holding
``global_goals.yml`` (``N-title``, ``N-short``) and ``global_targets.yml`` (``N-x-title``,
target ``N.x``). Agenda 2063 comes as ``aspirations.csv`` and ``goals.csv`` (English).
Loading is idempotent: re-running updates texts in place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from frameworks.models import Agenda2063Aspiration, Agenda2063Goal, SdgGoal, SdgTarget

_GOAL_KEY = re.compile(r"^(\d{1,2})-(title|short)$")
_TARGET_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-title$")


class FrameworkFileError(ValueError):
    """A framework file that does not have the expected shape."""


@dataclass
class LoadSummary:
    languages: list[str]
    goals: int
    targets: int
    aspirations: int
    agenda2063_goals: int


def _yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkFileError(
            _("%(path)s: not valid YAML (%(reason)s)") % {"path": path, "reason": exc}
        ) from None
    if not isinstance(data, dict):
        raise FrameworkFileError(
            _("%(path)s: expected a mapping of keys such as 1-title to text") % {"path": path}
        )
    return data


def _target_order(code: str) -> tuple[int, int, str]:
    goal, part = code.split(".")
    return (int(goal), 0 if part.isdigit() else 1, part.zfill(2))


def read_sdg(sdg_dir: Path) -> tuple[dict, dict, dict, list[str]]:
    """({goal: {lang: title}}, {goal: {lang: short}}, {target: {lang: title}}, languages)."""
    titles: dict[str, dict] = {}
    shorts: dict[str, dict] = {}
    targets: dict[str, dict] = {}
    languages = sorted(p.name for p in sdg_dir.iterdir() if (p / "global_goals.yml").is_file())
    if not languages:
        raise FrameworkFileError(
            _("%(path)s: no <language>/global_goals.yml found") % {"path": sdg_dir}
        )
    for lang in languages:
        for key, text in _yaml(sdg_dir / lang / "global_goals.yml").items():
            match = _GOAL_KEY.match(str(key))
            if match and text:
                bucket = titles if match.group(2) == "title" else shorts
                bucket.setdefault(match.group(1), {})[lang] = " ".join(str(text).split())
        target_file = sdg_dir / lang / "global_targets.yml"
        if target_file.is_file():
            for key, text in _yaml(target_file).items():
                match = _TARGET_KEY.match(str(key))
                if match and text:
                    code = f"{match.group(1)}.{match.group(2)}"
                    targets.setdefault(code, {})[lang] = " ".join(str(text).split())
    return titles, shorts, targets, languages


def _read_csv(path: Path, columns: list[str]) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise FrameworkFileError(
                _("%(path)s: missing column(s) %(names)s")
                % {"path": path, "names": ", ".join(sorted(missing))}
            )
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        for column in columns[:-1]:
            if not (row[column] or "").strip().isdigit():
                raise FrameworkFileError(
                    _("%(path)s, row %(row)s, column %(column)s: %(value)r; expected a number")
                    % {"path": path, "row": n, "column": column, "value": row[column]}
                )
    return rows


@transaction.atomic
def load_frameworks(directory: Path) -> LoadSummary:
    """Load ``directory/sdg/<lang>/…`` and ``directory/agenda2063/*.csv``."""
    titles, shorts, targets, languages = read_sdg(directory / "sdg")
    for code, title in titles.items():
        SdgGoal.objects.update_or_create(
            code=code, defaults={"number": int(code), "title": title, "short": shorts.get(code, {})}
        )
    for order, code in enumerate(sorted(targets, key=_target_order)):
        goal = code.split(".")[0]
        if goal not in titles:
            raise FrameworkFileError(
                _("target %(target)s belongs to goal %(goal)s, which has no title")
                % {"target": code, "goal": goal}
            )
        SdgTarget.objects.update_or_create(
            code=code, defaults={"goal_id": goal, "order": order, "title": targets[code]}
        )
    a2063 = directory / "agenda2063"
    aspirations = _read_csv(a2063 / "aspirations.csv", ["aspiration_id", "title"])
    goals = _read_csv(a2063 / "goals.csv", ["goal_id", "aspiration_id", "title"])
    for row in aspirations:
        Agenda2063Aspiration.objects.update_or_create(
            number=int(row["aspiration_id"]), defaults={"title": {"en": row["title"].strip()}}
        )
    known = {int(r["aspiration_id"]) for r in aspirations}
    for row in goals:
        if int(row["aspiration_id"]) not in known:
            raise FrameworkFileError(
                _(
                    "goals.csv: goal %(goal)s names aspiration %(aspiration)s, which "
                    "aspirations.csv does not have"
                )
                % {"goal": row["goal_id"], "aspiration": row["aspiration_id"]}
            )
        Agenda2063Goal.objects.update_or_create(
            number=int(row["goal_id"]),
            defaults={
                "aspiration_id": int(row["aspiration_id"]),
                "title": {"en": row["title"].strip()},
            },
        )
    return LoadSummary(languages, len(titles), len(targets), len(aspirations), len(goals))
