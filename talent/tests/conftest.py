from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas' passwords need not resist cracking in tests; Argon2 would cost seconds each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
