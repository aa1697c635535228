"""Deployment security: `check --deploy` is clean under the documented production settings,
every page carries a strict Content-Security-Policy, and pages with personal data are not
stored by browsers or proxies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talent.tests.helpers import enrol_row, make_programme

ROOT = Path(__file__).resolve().parents[2]

# The production variables the README documents (the secret key is any long random value).
PRODUCTION = {
    "DIGICOOP_SECRET_KEY": "x7Qm2vN9pL4sT8wZ1cR6yB3hJ5kD0fG-aE7uI9oP2qW4eR6tY8uI0oP3aS5dF7gH",
    "DIGICOOP_ALLOWED_HOSTS": "digicoop.example.org",
    "DIGICOOP_CSRF_TRUSTED_ORIGINS": "https://digicoop.example.org",
    "DIGICOOP_SECURE_COOKIES": "true",
    "DIGICOOP_BEHIND_TLS_PROXY": "true",
    "DIGICOOP_SSL_REDIRECT": "true",
    "DIGICOOP_HSTS_SECONDS": "31536000",
    "DIGICOOP_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DIGICOOP_HSTS_PRELOAD": "true",
    "DIGICOOP_REQUIRE_2FA_FOR_STAFF": "true",
}


def _check_deploy(tmp_path, extra: dict) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DIGICOOP_VAR_DIR": str(tmp_path)}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_reports_nothing_under_the_production_settings(tmp_path):
    result = _check_deploy(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path):
    """The check itself can fail: leave HSTS and the redirect out and it says so."""
    partial = {k: v for k, v in PRODUCTION.items() if "HSTS" not in k and "SSL" not in k}
    result = _check_deploy(tmp_path, partial)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_with_personal_data_are_not_stored(client, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    person = enrol_row(programme, personas.kenyan_ministry).person
    client.force_login(personas.secretariat)
    for url in (
        f"/talent/programmes/{programme.pk}/",
        f"/talent/persons/{person.ref}/",
        f"/talent/persons/{person.ref}/export.json",
        "/accounts/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
