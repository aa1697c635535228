from __future__ import annotations

import pytest


@pytest.fixture
def frameworks_loaded(db, shared_data):
    from frameworks.loader import load_frameworks

    load_frameworks(shared_data / "frameworks")
