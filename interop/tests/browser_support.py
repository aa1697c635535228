"""Reference data for browser tests.

Browser tests run against a live server, so they use transactional tests, which empty the
database after each test. Countries and the built-in plan come from data migrations; when a
previous transactional test has flushed them, they are loaded again here by the same
migration functions.
"""

from __future__ import annotations

import importlib

from django.apps import apps

LOADERS = {
    "participants.Country": "participants.migrations.0002_load_iso_countries_and_au_members",
    "plans.Plan": "plans.migrations.0002_load_china_africa_action_plan",
}


def ensure_reference_data() -> None:
    for label, module in LOADERS.items():
        if not apps.get_model(label).objects.exists():
            importlib.import_module(module).load(apps, None)
