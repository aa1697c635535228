from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Pages render without a collectstatic manifest (tests never run collectstatic)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def frameworks_loaded(db, shared_data):
    from frameworks.loader import load_frameworks

    return load_frameworks(shared_data / "frameworks")
