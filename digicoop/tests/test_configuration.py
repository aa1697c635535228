"""A malformed environment variable stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from digicoop import envconf

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "value", "reader", "message"),
    [
        ("DIGICOOP_DEBUG", "maybe", lambda n: envconf.env_bool(n), "DIGICOOP_DEBUG must be one"),
        ("X_WORKERS", "three", lambda n: envconf.env_int(n, 1), "X_WORKERS must be an integer"),
        ("X_WORKERS", "0", lambda n: envconf.env_int(n, 1, minimum=1), "at least 1"),
        ("X_HOSTS", "a,,b", lambda n: envconf.env_list(n, []), "X_HOSTS must be a comma"),
        ("DATABASE_URL", "mysql://x@y/z", lambda n: envconf.env_database(n, ""), "DATABASE_URL"),
        ("DATABASE_URL", "nonsense", lambda n: envconf.env_database(n, ""), "DATABASE_URL"),
    ],
)
def test_malformed_values_are_refused_naming_the_variable(
    monkeypatch, name, value, reader, message
):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader(name)


def test_well_formed_values_are_read(monkeypatch):
    monkeypatch.setenv("DIGICOOP_DEBUG", "Yes")
    monkeypatch.setenv("X_HOSTS", "a.example, b.example")
    assert envconf.env_bool("DIGICOOP_DEBUG") is True
    assert envconf.env_list("X_HOSTS", []) == ["a.example", "b.example"]
    assert envconf.env_database("NO_SUCH_VAR", "sqlite:////srv/x.db")["NAME"] == "/srv/x.db"


def test_a_secret_comes_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret-value\n")
    monkeypatch.delenv("APP_KEY", raising=False)
    monkeypatch.setenv("APP_KEY_FILE", str(secret))
    assert envconf.env_secret("APP_KEY") == "s3cret-value"
    monkeypatch.setenv("APP_KEY", "other")
    with pytest.raises(ImproperlyConfigured, match="either APP_KEY or APP_KEY_FILE"):
        envconf.env_secret("APP_KEY")


def test_a_missing_secret_file_is_named(monkeypatch, tmp_path):
    monkeypatch.delenv("APP_KEY", raising=False)
    monkeypatch.setenv("APP_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="APP_KEY_FILE: cannot read"):
        envconf.env_secret("APP_KEY")


def test_the_local_secret_is_generated_once_and_kept_private(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = envconf.local_secret(path)
    assert envconf.local_secret(path) == first
    assert len(first) >= 50
    assert path.stat().st_mode & 0o077 == 0


def test_the_app_refuses_to_start_with_a_malformed_variable(tmp_path):
    env = {**os.environ, "DIGICOOP_DEBUG": "perhaps", "DIGICOOP_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DIGICOOP_DEBUG must be one of" in result.stderr
