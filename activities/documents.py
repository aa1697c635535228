"""Uploaded documents: a size limit and a type check by content, not by the name alone.

A file is accepted when its first bytes match a known family (PDF, office formats, images,
CSV/plain text) *and* its extension belongs to that same family: a renamed executable with a
``.pdf`` name is refused, and so is a real PDF named ``.exe``.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lib.formatting import number

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# family → (extensions, IANA media type per extension)
FAMILIES: dict[str, dict[str, str]] = {
    "pdf": {"pdf": "application/pdf"},
    "png": {"png": "image/png"},
    "jpeg": {"jpg": "image/jpeg", "jpeg": "image/jpeg"},
    "gif": {"gif": "image/gif"},
    "ooxml": {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
    "odf": {
        "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation",
    },
    "ole": {"doc": "application/msword", "xls": "application/vnd.ms-excel"},
    "text": {"csv": "text/csv", "txt": "text/plain"},
}
ALLOWED_EXTENSIONS = sorted(ext for exts in FAMILIES.values() for ext in exts)


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"GIF8"):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_family(upload)
    return _text_family(upload)


def _zip_family(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        return "ooxml"
    if "mimetype" in names:
        return "odf"
    return None


def _text_family(upload) -> str | None:
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a multi-byte character is still text.
        if exc.start < len(sample) - 3:
            return None
    return "text"


def check_upload(upload) -> str:
    """Validate an uploaded document and return its media type.

    Raises ValidationError naming the file and what was expected.
    """
    name = upload.name or "upload"
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("%(file)s is %(size)s bytes; the largest accepted document is %(limit)s bytes.")
            % {"file": name, "size": number(upload.size), "limit": number(limit)},
            code="too_large",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    family = _sniff(upload)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("%(file)s: .%(extension)s files are not accepted; expected one of %(expected)s.")
            % {
                "file": name,
                "extension": extension or "?",
                "expected": ", ".join("." + e for e in ALLOWED_EXTENSIONS),
            },
            code="bad_extension",
        )
    if family is None or extension not in FAMILIES[family]:
        raise ValidationError(
            _("%(file)s: the content does not look like a .%(extension)s file.")
            % {"file": name, "extension": extension},
            code="content_mismatch",
        )
    return FAMILIES[family][extension]
