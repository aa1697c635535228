from __future__ import annotations

import pytest

from digicoop.testing import plain_static_storage


@pytest.fixture(autouse=True)
def _plain_static(settings):
    plain_static_storage(settings)
