"""On SQLite, one slow request does not make others fail: a trainer's large upload is in
flight while someone signs in and an integrator reads the API, and both succeed.

Two live requests at once need a real server: ``runserver`` (threaded) on a file database
migrated for the test, with the busy timeout set to one second so that any request-long lock
would fail the others quickly ("database is locked") instead of waiting it out.
"""

from __future__ import annotations

import csv
import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from digicoop.testing import personas
from talent.tests.helpers import make_programme
p = personas()
print(make_programme(p.plan, p.kenyan_ministry).pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Browser:
    """A signed-in (or not) client speaking plain HTTP to the live server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=300) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        request = urllib.request.Request(  # noqa: S310 - the local test server
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "X-CSRFToken": token},
        )
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")[:2000]

    def sign_in(self, username: str) -> tuple[int, str]:
        status, page = self.get("/accounts/login/")
        if status != 200:  # e.g. 500 "database is locked" behind another request's lock
            return status, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": username, "password": "correct horse 9!", "csrfmiddlewaretoken": token}
        body = urllib.parse.urlencode(form).encode()
        return self.post("/accounts/login/", body, "application/x-www-form-urlencoded")


def _big_sheet(rows: int) -> bytes:
    """A sheet whose rows all fail late in validation (consent not given): the request works
    through every row and builds the rejects workbook, but writes nothing."""
    from talent.enrolment import COLUMNS
    from talent.tests.helpers import row

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    for n in range(rows):
        writer.writerow(row(email=f"trainee{n}@example.org", consent_given="no"))
    return out.getvalue().encode()


def _multipart(fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple:
    boundary = "digicoop-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        f"\r\nContent-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def live(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DIGICOOP_VAR_DIR": str(tmp_path),
        "DIGICOOP_SQLITE_BUSY_TIMEOUT": "1",
        # Pages link fingerprinted static files; without collectstatic, serve them plainly.
        "DIGICOOP_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "digicoop.settings",
    }
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    programme = int(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/api/v1/plans", timeout=5)  # noqa: S310 - local server
            break
        except OSError:
            time.sleep(0.2)
    yield base, programme
    server.terminate()
    server.wait(timeout=30)


def test_a_slow_upload_does_not_make_a_sign_in_or_an_api_read_fail(live):
    base, programme = live
    trainer = Browser(base)
    assert trainer.sign_in("kenyan_trainer")[0] == 200
    body, content_type = _multipart({}, "sheet", "trainees.csv", _big_sheet(20_000))
    upload: dict = {}

    def send_upload() -> None:
        upload["started"] = time.monotonic()
        upload["status"], _ = trainer.post(
            f"/talent/programmes/{programme}/upload/", body, content_type
        )
        upload["ended"] = time.monotonic()

    thread = threading.Thread(target=send_upload)
    thread.start()
    time.sleep(1.5)
    visitor = Browser(base)
    signed_in = visitor.sign_in("reviewer")
    api = Browser(base).get("/api/v1/activities/")
    others_done = time.monotonic()
    thread.join(timeout=600)

    assert signed_in == (200, base + "/"), signed_in
    assert api[0] == 200, api
    assert upload["status"] == 200  # the report of refused rows (consent not given)
    # The upload was still running when both finished, for longer than the busy timeout:
    # a request-long lock would have failed them.
    assert upload["ended"] > others_done
    assert others_done - upload["started"] > 1.0
