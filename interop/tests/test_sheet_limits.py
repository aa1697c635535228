"""Spreadsheets are streamed and refused past their limits before memory grows, and an
oversized CSV cell is a refusal naming the reason, never a server error."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lib.sheet_reading import MAX_CELL_CHARS
from talent.enrolment import COLUMNS
from talent.tests.helpers import make_programme

ROOT = Path(__file__).resolve().parents[2]

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Trainees" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _header_row() -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(COLUMNS)
    )
    return f'<row r="1">{cells}</row>'.encode()


def million_row_workbook(path: Path, rows: int = 1_000_000) -> Path:
    """A real XLSX of ``rows`` trainee rows, written as XML straight into the zip (fast), with
    no declared dimension: the reader cannot refuse it from the header and must stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + _header_row()
            )
            for start in range(2, rows + 2, 10_000):
                chunk = "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Trainee number {n}</t></is>'
                    f'</c><c r="B{n}"><v>1998</v></c></row>'
                    for n in range(start, min(start + 10_000, rows + 2))
                )
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


PROBE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
django.setup()
from interop.sheet_import import SheetFormatError, read_rows
from talent.sheets import SheetError, read_sheet
content = open(sys.argv[1], "rb").read()
out = {}
try:
    read_sheet(content, "trainees.xlsx")
except SheetError as exc:
    out["talent"] = str(exc)
try:
    read_rows(content, "activities.xlsx")
except SheetFormatError as exc:
    out["interop"] = str(exc)
with open("/proc/self/status") as status:
    out["peak_kb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
print(json.dumps(out))
"""


def test_a_million_row_workbook_is_refused_with_bounded_memory(tmp_path):
    book = million_row_workbook(tmp_path / "million.xlsx")
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE, str(book)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "DIGICOOP_VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert "more than 50,000 rows" in out["talent"]
    assert "more than 50,000 rows" in out["interop"]
    assert out["peak_kb"] < 300 * 1024, out


def _oversized_csv(header: str) -> bytes:
    return f"{header}\n{'x' * (MAX_CELL_CHARS + 1)},second\n".encode()


@pytest.mark.django_db
def test_an_oversized_csv_cell_is_refused_on_the_enrolment_upload(client, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    client.force_login(personas.kenyan_trainer)
    sheet = _oversized_csv(",".join(["affiliation", *(c for c in COLUMNS if c != "affiliation")]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/talent/programmes/{programme.pk}/upload/",
        {"sheet": SimpleUploadedFile("big.csv", sheet, "text/csv")},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "line 2 cannot be read" in body and "131072 characters" in body
    assert programme.enrolments.count() == 0


@pytest.mark.django_db
def test_an_oversized_csv_cell_is_refused_on_the_activity_upload(
    client, personas, settings, tmp_path
):
    # The upload is an import job since imports moved to the worker: the refusal is the job's.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activities.models import Activity
    from digicoop.tasks import run_queued
    from interop.models import ImportJob

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(personas.secretariat)
    sheet = _oversized_csv("iati_identifier,title")
    response = client.post(
        "/interop/activities/upload/",
        {"plan": personas.plan.pk, "file": SimpleUploadedFile("big.csv", sheet, "text/csv")},
    )
    assert response.status_code == 302, response.status_code
    run_queued()
    job = ImportJob.objects.get()
    told = " ".join([job.error, *map(str, job.refusals)])
    assert "cannot be read" in told, told
    assert not Activity.objects.exists()
