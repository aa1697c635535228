from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_test_settings(settings):
    """Personas' passwords need not resist cracking in tests (Argon2 costs seconds each), and
    pages render without a collectstatic manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
