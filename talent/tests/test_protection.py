from __future__ import annotations

import sqlite3

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from talent.crypto import DecryptionError, generate_key, keyring, parse_keys
from talent.identity import find, reveal
from talent.keycheck import check_data_key, ensure_key_opens_data
from talent.models import KeyCanary, Person
from talent.rotation import rotate
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db

OLD, NEW = generate_key(), generate_key()


@pytest.fixture
def enrolled(personas, settings):
    settings.DIGICOOP_DATA_KEYS = OLD
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    e = enrol_row(
        programme, personas.kenyan_ministry, email="zawadi.otieno@example.org", name="Zawadi Otieno"
    )
    return e.person


def test_personal_fields_are_sealed_and_readable_only_through_the_key(enrolled):
    stored = bytes(Person.objects.values_list("personal", flat=True).get(pk=enrolled.pk))
    assert b"zawadi" not in stored.lower()
    assert reveal(enrolled).email == "zawadi.otieno@example.org"
    assert "zawadi" not in repr(reveal(enrolled)).lower()
    assert "zawadi" not in str(enrolled).lower()


def test_exact_lookup_by_email_uses_the_blind_index(enrolled):
    assert find(email=" ZAWADI.otieno@example.org") == [enrolled]
    assert find(email="someone.else@example.org") == []


def test_no_trainee_email_or_name_is_stored_in_clear_text(enrolled, tmp_path):
    """Read the raw bytes of the database: its file image on SQLite, the raw rows on PostgreSQL.

    The SQLite test database lives in memory; ``serialize()`` returns exactly the bytes the
    database file would hold, which we write out and open with the sqlite3 module as a file.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = tmp_path / "raw.sqlite3"
        copy.write_bytes(connection.connection.serialize())
        with sqlite3.connect(copy) as raw_db:
            rows = raw_db.execute("SELECT count(*) FROM talent_person").fetchone()
        assert rows == (1,)
        raw = copy.read_bytes().lower()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM talent_person")
            raw = repr(cursor.fetchall()).lower().encode()
            cursor.execute("SELECT * FROM talent_enrolment")
            raw += repr(cursor.fetchall()).lower().encode()
    assert len(raw) > 300  # we did read the stored rows
    assert b"zawadi" not in raw
    assert b"otieno" not in raw
    assert b"700 000 001" not in raw  # the phone number


def test_rotation_keeps_data_readable_with_the_new_key_and_not_with_the_old(enrolled, settings):
    settings.DIGICOOP_DATA_KEYS = f"{NEW},{OLD}"
    assert rotate() == 1
    settings.DIGICOOP_DATA_KEYS = NEW
    person = Person.objects.get(pk=enrolled.pk)
    assert reveal(person).name == "Zawadi Otieno"
    assert find(email="zawadi.otieno@example.org") == [person]
    assert check_data_key() == []
    settings.DIGICOOP_DATA_KEYS = OLD
    with pytest.raises(DecryptionError):
        reveal(person)
    assert find(email="zawadi.otieno@example.org") == []


def test_a_wrong_key_stops_start_up_and_writes_nothing(enrolled, settings):
    stored = _stored()
    settings.DIGICOOP_DATA_KEYS = NEW
    errors = check_data_key()
    assert [e.id for e in errors] == ["talent.E002"]
    assert "DIGICOOP_DATA_KEY" in errors[0].hint
    with pytest.raises(ImproperlyConfigured, match="cannot open the stored personal data"):
        ensure_key_opens_data()
    assert _stored() == stored  # no canary and no person re-sealed under the wrong key


def _stored() -> tuple:
    return (
        list(KeyCanary.objects.values_list("key_id", "sealed")),
        list(Person.objects.values_list("pk", "key_id", "personal")),
    )


@pytest.mark.parametrize(
    "raw", ["", "short", "x" * 43 + ",", "!" * 43, f"{OLD},{OLD}"], ids=str.__len__
)
def test_a_malformed_key_is_refused_with_a_clear_message(raw):
    with pytest.raises(ImproperlyConfigured, match="DIGICOOP_DATA_KEY"):
        parse_keys(raw)


def test_the_ring_never_prints_key_material(settings):
    settings.DIGICOOP_DATA_KEYS = OLD
    assert OLD not in repr(keyring())


def test_the_rotate_command_reencrypts_with_a_progress_bar_and_a_summary(enrolled, settings):
    import io

    from django.core.management import call_command

    settings.DIGICOOP_DATA_KEYS = f"{NEW},{OLD}"
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out)
    text = out.getvalue()
    assert (
        "Records to re-encrypt under key" in text
        and "[#" in text
        and "Records re-encrypted under key" in text
        and ": 1; left under other keys: 0." in text
    )
    settings.DIGICOOP_DATA_KEYS = NEW
    assert reveal(Person.objects.get(pk=enrolled.pk)).name == "Zawadi Otieno"


def test_the_rotate_command_generates_a_valid_key():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("rotate_data_key", "--generate", stdout=out)
    assert len(parse_keys(out.getvalue().strip())) == 1


def test_a_malformed_key_in_the_environment_stops_start_up(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DIGICOOP_DATA_KEY": "not-a-key", "DIGICOOP_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, str(root / "manage.py"), "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DIGICOOP_DATA_KEY: key 1 is malformed" in result.stderr
