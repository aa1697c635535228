"""Backups: `backup` then `restore` into an emptied database and media folder gives back every
table row for row and every uploaded file byte for byte, the site serves the restored records
and trainees' encrypted fields decrypt with the key; a restore refuses, writing nothing,
anything that is not a complete backup it can use."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from activities.models import Activity, DocumentLink
from digicoop.testing import make_activity
from lib.backup import PAYLOADS
from talent.crypto import generate_key
from talent.identity import reveal
from talent.models import Person
from talent.tests.helpers import enrol_row, make_programme

# Restores write outside any test transaction (SQLite's backup API, pg_restore's own session):
# every test commits (transactional_db), and the reference data is reloaded before each.


def every_table() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = sorted(
                (
                    tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                    for row in cursor.fetchall()
                ),
                key=repr,
            )
    return out


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def every_file(root) -> dict[str, bytes]:
    """Every file under ``root``, by its path relative to it."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def records(transactional_db, personas):
    activity = make_activity(personas, title="Fibre for county hospitals", state="approved")
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    person = enrol_row(
        programme, personas.kenyan_ministry, name="Zawadi Otieno", email="zawadi@example.org"
    ).person
    return activity, person


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()


def test_backup_then_restore_gives_back_every_table_and_the_site_serves_it(
    client, records, tmp_path
):
    activity, person = records
    before = every_table()
    out = StringIO()
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=out)
    assert "Not included: the secret key and the personal-data keys" in out.getvalue()
    manifest = json.loads(zipfile.ZipFile(tmp_path / "site.zip").read("manifest.json"))
    assert manifest["keys_included"] is False and manifest["engine"] == connection.vendor

    wipe()
    assert Activity.objects.count() == 0
    call_command("restore", str(tmp_path / "site.zip"), stdout=StringIO())

    assert every_table() == before
    page = client.get(f"/activities/{activity.pk}/")
    assert page.status_code == 200 and "Fibre for county hospitals" in page.content.decode()
    restored = Person.objects.get(pk=person.pk)
    assert reveal(restored).name == "Zawadi Otieno"  # decrypts with the key kept apart
    client.force_login(User.objects.get(username="secretariat"))
    assert client.get("/accounts/tokens/").status_code == 200


def _refused(path, match: str) -> None:
    from django.conf import settings

    before, files = every_table(), every_file(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path), stdout=StringIO())
    assert every_table() == before and every_file(settings.MEDIA_ROOT) == files


def test_uploaded_files_come_back_byte_for_byte_with_the_records_that_name_them(
    records, media, tmp_path
):
    activity, _person = records
    document = DocumentLink.objects.create(
        activity=activity, file=ContentFile(os.urandom(70_000), name="rapport-été.pdf")
    )
    (media / "reports/2026/12").mkdir(parents=True)
    (media / "reports/2026/12/plan-en.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(5000))
    (media / "imports/2026/12").mkdir(parents=True)
    (media / "imports/2026/12/empty.csv").write_bytes(b"")
    files, tables = every_file(media), every_table()
    assert len(files) == 3

    out = StringIO()
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=out)
    assert "(files: 3)" in out.getvalue()
    manifest = json.loads(zipfile.ZipFile(tmp_path / "site.zip").read("manifest.json"))
    assert sorted(name for name, _size in manifest["media"]) == sorted(files)
    assert manifest["keys_included"] is False

    wipe()
    shutil.rmtree(media)
    out = StringIO()
    call_command("restore", str(tmp_path / "site.zip"), stdout=out)
    assert "(files: 3)" in out.getvalue()
    assert every_file(media) == files and every_table() == tables
    restored = DocumentLink.objects.get(pk=document.pk)
    assert restored.file.read() == files[document.file.name]
    assert not [p for p in media.parent.iterdir() if "restore" in p.name]  # staging removed


def test_a_restore_into_a_media_folder_holding_files_is_refused_and_nothing_changes(
    records, media, tmp_path
):
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    wipe()
    media.mkdir(exist_ok=True)
    (media / "left-over.pdf").write_bytes(b"older file")
    _refused(tmp_path / "site.zip", "uploaded files' folder .* is not empty")


def test_a_backup_placing_a_file_outside_the_media_folder_is_refused_and_nothing_changes(
    records, media, tmp_path
):
    (media / "documents").mkdir(parents=True)
    (media / "documents/a.pdf").write_bytes(b"A")
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    wipe()
    shutil.rmtree(media)
    source = zipfile.ZipFile(tmp_path / "site.zip")
    manifest = json.loads(source.read("manifest.json"))
    for name, listed in (
        ("escape.zip", ["../escaped.pdf", 1]),
        ("absolute.zip", [str(tmp_path / "absolute.pdf"), 1]),
    ):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("manifest.json", json.dumps({**manifest, "media": [listed]}))
            for item in source.namelist():
                if item != "manifest.json":
                    archive.writestr(item, source.read(item))
            archive.writestr("media/" + listed[0], b"X")
        _refused(tmp_path / name, "outside the uploaded files' folder")
    assert not (tmp_path / "escaped.pdf").exists() and not (tmp_path / "absolute.pdf").exists()

    with zipfile.ZipFile(tmp_path / "missing.zip", "w") as archive:
        archive.writestr(
            "manifest.json", json.dumps({**manifest, "media": [["documents/b.pdf", 1]]})
        )
        for item in source.namelist():
            if item != "manifest.json":
                archive.writestr(item, source.read(item))
    _refused(tmp_path / "missing.zip", "no media/documents/b.pdf: it is incomplete")


def test_a_version_1_backup_of_the_database_alone_still_restores(records, tmp_path):
    tables = every_table()
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    source = zipfile.ZipFile(tmp_path / "site.zip")
    manifest = json.loads(source.read("manifest.json"))
    del manifest["media"]
    with zipfile.ZipFile(tmp_path / "v1.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps({**manifest, "version": 1}))
        archive.writestr(PAYLOADS[connection.vendor], source.read(PAYLOADS[connection.vendor]))
    wipe()
    call_command("restore", str(tmp_path / "v1.zip"), stdout=StringIO())
    assert every_table() == tables


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path, transactional_db):
    wipe()
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    _refused(text, "not a digicoop backup")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(other, "not a digicoop backup \\(no manifest\\)")
    _refused(tmp_path / "missing.zip", "There is no file")


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(records, tmp_path):
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    wipe()
    cut = tmp_path / "cut.zip"
    cut.write_bytes((tmp_path / "site.zip").read_bytes()[:-200])
    _refused(cut, "not a digicoop backup|damaged|incomplete")

    source = zipfile.ZipFile(tmp_path / "site.zip")
    manifest = json.loads(source.read("manifest.json"))
    for name, change, match in (
        ("newer.zip", {"migrations": [["accounts", "9999_future"]]}, "newer version"),
        (
            "engine.zip",
            {"engine": "postgresql" if connection.vendor == "sqlite" else "sqlite"},
            "backup; the configured database is",
        ),
        ("keys.zip", {"key_fingerprints": ["0123456789abcdef"]}, "personal-data keys"),
    ):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("manifest.json", json.dumps({**manifest, **change}))
            for item in source.namelist():
                if item != "manifest.json":
                    archive.writestr(item, source.read(item))
        _refused(tmp_path / name, match)


def test_a_backup_is_not_restored_over_a_database_in_use(records, tmp_path):
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    make_activity_count = Activity.objects.count()
    _refused(tmp_path / "site.zip", "not empty")
    assert Activity.objects.count() == make_activity_count


def test_the_restore_needs_the_personal_data_keys_of_the_backup(records, tmp_path, settings):
    call_command("backup", output=str(tmp_path / "site.zip"), stdout=StringIO())
    wipe()
    settings.DIGICOOP_DATA_KEYS = generate_key()
    _refused(tmp_path / "site.zip", "personal-data keys")
