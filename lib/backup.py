"""Backups a running site can take, and restores that refuse anything else.

A backup is one zip file: ``manifest.json`` (what it is, from which database engine and
schema, when, and the list of uploaded files), the database itself, taken consistently while
the app keeps running:

- SQLite: SQLite's online backup API, page by page from a read transaction (in WAL mode
  writers go on meanwhile), into ``database.sqlite3``;
- PostgreSQL: ``pg_dump`` (one snapshot, a repeatable-read transaction, writers go on) in its
  custom format, into ``database.pgdump``;

and every file under MEDIA_ROOT (uploaded documents, imported files, produced reports), byte
for byte, under ``media/``. The files are copied after the database's snapshot: the app writes
a file before the row that names it, so every file the snapshot names is there to copy (files
of rows written meanwhile come along too, unnamed and harmless).

What is *not* in it: the secret key and the keys that encrypt trainees' personal data
(``DIGICOOP_DATA_KEY`` or ``var/data_key``). The personal fields are in the backup encrypted,
so a stolen backup alone reveals nothing, and a restored backup reads them only with those
keys: keep them, separately (README, "Backups"). The manifest holds a fingerprint of the keys
(not the keys), and a restore refuses to proceed when none of the running keys matches.

A restore writes into an empty database only (a fresh file or a just-created PostgreSQL
database, migrated or not) and a MEDIA_ROOT holding no file, checks the whole file before
writing anything, then migrates the restored schema up to the code's. The files are unpacked
beside MEDIA_ROOT first and moved in once the database is restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = "digicoop-backup"
# Version 2 added the uploaded files; a version 1 backup (the database only) still restores.
VERSION = 2
READABLE = (1, 2)
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media/"  # the uploaded files' folder in the archive


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    migrations: list[list[str]]
    key_fingerprints: list[str]
    # Every file under MEDIA_ROOT: [path relative to it, with "/", size in bytes].
    media: list[list[str | int]]

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "engine": self.engine,
                "created_at": self.created_at,
                "migrations": self.migrations,
                "key_fingerprints": self.key_fingerprints,
                "media": self.media,
                "keys_included": False,
                "note": "The secret key and the personal-data keys are not in this file.",
            },
            indent=2,
        )


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in PAYLOADS:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def key_fingerprints() -> list[str]:
    """Fingerprints of the personal-data keys in use (a digest, never the keys)."""
    keys = [k.strip() for k in str(getattr(settings, "DIGICOOP_DATA_KEYS", "")).split(",")]
    return [hashlib.sha256(b"digicoop-key:" + k.encode()).hexdigest()[:16] for k in keys if k]


def _applied(alias: str) -> list[list[str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    s = connections[alias].settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["--dbname", str(s["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian package postgresql-client).")
            % {"tool": command[0]}
        )
    result = subprocess.run(  # noqa: S603 - fixed tools, arguments from settings
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(reason)s")
            % {"tool": command[0], "reason": result.stderr.strip()[:2000]}
        )


def backup(output: Path, alias: str = "default") -> Manifest:
    """Write a consistent backup of the database to ``output`` (a zip file)."""
    engine = _engine(alias)
    manifest = Manifest(
        engine=engine,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        migrations=_applied(alias),
        key_fingerprints=key_fingerprints(),
        media=[],
    )
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / PAYLOADS[engine]
        if engine == "sqlite":
            connection = connections[alias]
            connection.ensure_connection()
            target = sqlite3.connect(payload)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            args, env = _pg_env(alias)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(payload),
                    *args,
                ],
                env,
            )
        partial = output.with_name(output.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(payload, PAYLOADS[engine])
            manifest.media = _add_media(archive, Path(settings.MEDIA_ROOT))
            archive.writestr("manifest.json", manifest.as_json())
        partial.replace(output)  # a half-written backup never carries the final name
    return manifest


def _add_media(archive: zipfile.ZipFile, root: Path) -> list[list[str | int]]:
    """Add every regular file under ``root`` to the archive; returns the list the manifest
    keeps. A file removed while the backup runs (a report's temporary part) is left out."""
    listed: list[list[str | int]] = []
    if not root.is_dir():
        return listed
    for folder, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            try:
                info = zipfile.ZipInfo.from_file(path, MEDIA + relative)
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
                    size = source.tell()
            except FileNotFoundError:
                continue
            listed.append([relative, size])
    return listed


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(_("This file is not a digicoop backup (no manifest).")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a digicoop backup (unknown manifest)."))
    if manifest.get("version") not in READABLE:
        raise BackupError(
            _("This backup's format version %(version)s is unknown.")
            % {"version": manifest.get("version")}
        )
    return manifest


def _check(path: Path, alias: str) -> tuple[zipfile.ZipFile, dict]:
    """Everything a restore needs, checked before anything is written."""
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    if not zipfile.is_zipfile(path):
        raise BackupError(
            _("%(file)s is not a digicoop backup (not a backup archive).") % {"file": path.name}
        )
    archive = zipfile.ZipFile(path)
    manifest = read_manifest(archive)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            _("This is a %(backup)s backup; the configured database is %(engine)s.")
            % {"backup": manifest["engine"], "engine": engine}
        )
    payload = PAYLOADS[engine]
    if payload not in archive.namelist():
        raise BackupError(_("The backup has no %(file)s: it is incomplete.") % {"file": payload})
    if archive.testzip() is not None:
        raise BackupError(_("The backup file is damaged (a checksum does not match)."))
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if newer:
        raise BackupError(
            _(
                "This backup comes from a newer version of digicoop (migrations %(names)s are "
                "unknown here): update the code first."
            )
            % {"names": ", ".join(newer[:5])}
        )
    _check_media(archive, manifest.get("media") or [])
    fingerprints = manifest.get("key_fingerprints") or []
    if fingerprints and not set(fingerprints) & set(key_fingerprints()):
        raise BackupError(
            _(
                "None of the personal-data keys in use is the backup's: trainees' personal data "
                "would not decrypt. Set DIGICOOP_DATA_KEY (or var/data_key) to the backup's keys."
            )
        )
    return archive, manifest


def _media_path(relative: object) -> PurePosixPath:
    """A listed file's path under MEDIA_ROOT, refused when it could land anywhere else."""
    path = PurePosixPath(relative) if isinstance(relative, str) else None
    if path is None or path.is_absolute() or not path.parts or ".." in path.parts:
        raise BackupError(
            _("The backup lists a file outside the uploaded files' folder: %(name)s.")
            % {"name": relative}
        )
    return path


def _check_media(archive: zipfile.ZipFile, media: list) -> None:
    """Every listed file is in the archive, at its listed size, and lands under MEDIA_ROOT."""
    for item in media:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], int):
            raise BackupError(_("This file is not a digicoop backup (unknown manifest)."))
        name = MEDIA + _media_path(item[0]).as_posix()
        try:
            size = archive.getinfo(name).file_size
        except KeyError:
            size = None
        if size != item[1]:
            raise BackupError(_("The backup has no %(file)s: it is incomplete.") % {"file": name})


def _holds_files(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() or p.is_symlink() for p in root.rglob("*"))


def _unpack_media(archive: zipfile.ZipFile, media: list, staging: Path) -> list[PurePosixPath]:
    """Write the listed files (checked by ``_check_media``) under ``staging``."""
    unpacked = []
    for relative, _size in media:
        path = _media_path(relative)
        target = staging.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(MEDIA + path.as_posix()) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        unpacked.append(path)
    return unpacked


def _empty(alias: str) -> bool:
    connection = connections[alias]
    from django.contrib.auth import get_user_model

    table = get_user_model()._meta.db_table
    if table not in connection.introspection.table_names():
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0] == 0


def restore(path: Path, alias: str = "default") -> dict:
    """Restore the backup at ``path`` into the (empty) database; returns its manifest."""
    archive, manifest = _check(Path(path), alias)
    if not _empty(alias):
        raise BackupError(
            _("The database is not empty (it has users): restore into a new, empty database.")
        )
    root = Path(settings.MEDIA_ROOT)
    if _holds_files(root):
        raise BackupError(
            _(
                "The uploaded files' folder %(path)s is not empty: restore into an empty "
                "folder (DIGICOOP_MEDIA_ROOT)."
            )
            % {"path": root}
        )
    root.mkdir(parents=True, exist_ok=True)
    engine = manifest["engine"]
    with (
        tempfile.TemporaryDirectory() as tmp,
        tempfile.TemporaryDirectory(dir=root.parent, prefix=f".{root.name}-restore-") as staging,
        archive,
    ):
        files = _unpack_media(archive, manifest.get("media") or [], Path(staging))
        payload = Path(archive.extract(PAYLOADS[engine], tmp))
        if engine == "sqlite":
            source = sqlite3.connect(payload)
            try:
                if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(_("The backup's database fails SQLite's integrity check."))
                connection = connections[alias]
                connection.ensure_connection()
                source.backup(connection.connection)
            except sqlite3.DatabaseError as exc:
                raise BackupError(
                    _("The backup's database cannot be read: %(reason)s") % {"reason": exc}
                ) from exc
            finally:
                source.close()
        else:
            connections[alias].close()
            args, env = _pg_env(alias)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(payload),
                ],
                env,
            )
        for file in files:  # renames within one file system, once the database is in
            target = root.joinpath(*file.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(staging).joinpath(*file.parts), target)
    return manifest
