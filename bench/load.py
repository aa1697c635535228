"""Public pages under load, beside the static-file rate of the same server, measured in one run.

    python -m bench.load                      # demo data, then --activities more (SQLite file)
    python -m bench.load --quick              # demo data only, 5 s per measure
    python -m bench.load --activities 1000000 --seconds 10

gunicorn (3 workers, as `make run`) serves a SQLite file in bench/out/ with the file cache
(the defaults); `wrk` (Debian package) loads each address with 64 connections. The
fingerprinted stylesheet, served by WhiteNoise from the same gunicorn, is the serving limit:
it is measured before each page, and each page's rate is given as a ratio to the mean of the
static measures beside it, so a machine whose load moves during the run still compares like
with like. Each page is measured cold (page cache off: every request renders) and cached.

Hostile traffic: a second `wrk` runs malformed and hostile requests (bad filters, page_size
10⁹, page 10⁹, deep and forged cursors, NUL bytes, unknown ids) beside the normal pages; the
table gives the pages' rate with and without it and the hostile requests' status codes (a 5xx
fails the run).

The extra activities are copied inside the database from the demo's (one INSERT … SELECT per
table over a recursive counter): approved, each with a recipient country, a sector, a pillar, a
budget and a disbursement, so every grouped figure and list has rows to read.
"""

# A benchmark driving its own server and load generator: every command line is built here.
# ruff: noqa: S603, S607
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "results"
PORT = int(os.environ.get("BENCH_PORT", "8104"))
HOSTILE = [
    "/activities/?status=banana",
    "/activities/?page=999999999",
    "/activities/?year=-4&country=XX",
    "/api/v1/activities/?page_size=1000000000",
    "/api/v1/activities/?page=1000000000",
    "/api/v1/activities/?page=99999&page_size=100",
    "/api/v1/activities/?after=Zm9yZ2VkfGN1cnNvcg",
    "/api/v1/activities/?after=%00",
    "/api/v1/activities/?q=%00drop",
    "/countries/%00/",
    "/countries/ZZ/",
    "/organisations/99999999/",
    "/api/v1/activities/?organisation=abc&year=99999",
    "/?measure=rainfall",
]
HOSTILE_LUA = """
local paths = {%s}
local i = 0
local statuses = {}
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
end
"""


def env(db: Path, cache_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DIGICOOP_VAR_DIR": str(OUT / "var"),
        "DIGICOOP_CACHE_URL": f"file://{OUT / 'cache'}",
        "DIGICOOP_PUBLIC_CACHE_SECONDS": str(cache_seconds),
        "DIGICOOP_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "digicoop.settings",
        "DIGICOOP_LOG_LEVEL": "WARNING",
    }


def manage(db: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env(db, 0), check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def prepare(db: Path) -> None:
    OUT.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    manage(db, "migrate", "--noinput")
    manage(db, "collectstatic", "--noinput")
    manage(db, "load_demo")


def add_activities(db: Path, n: int) -> None:
    """Copy the demo's approved activities (and their child rows) until ``n`` more exist."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    cols = [r[1] for r in con.execute("PRAGMA table_info(activities_activity)")]
    template = [r[0] for r in con.execute(
        "SELECT id FROM activities_activity WHERE workflow_state = 'approved' ORDER BY id"
    )]  # fmt: skip
    first = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM activities_activity").fetchone()[0]
    k = len(template)
    con.execute("CREATE TEMP TABLE tpl (k INTEGER PRIMARY KEY, id INTEGER)")
    con.executemany("INSERT INTO tpl VALUES (?, ?)", list(enumerate(template)))
    con.execute("CREATE TEMP TABLE src (n INTEGER PRIMARY KEY, tpl INTEGER)")
    con.execute(
        "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < ?) "
        "INSERT INTO src SELECT c.n, tpl.id FROM c JOIN tpl ON tpl.k = c.n % ?",
        (n, k),
    )
    picked = {
        "id": f"{first} + s.n",
        "iati_identifier": "'XI-BENCH-' || s.n",
        "updated_at": "datetime(a.updated_at, '-' || (s.n % 100000) || ' seconds')",
    }
    select = ", ".join(picked.get(c, f"a.{c}") for c in cols)
    con.execute(
        f"INSERT INTO activities_activity ({', '.join(cols)}) "  # noqa: S608 (bench, no input)
        f"SELECT {select} FROM src s JOIN activities_activity a ON a.id = s.tpl"
    )
    for table in (
        "activities_recipientcountry",
        "activities_activitysector",
        "activities_activity_pillars",
        "activities_activity_sectors",
        "activities_budget",
        "activities_transaction",
    ):
        tcols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        values = ", ".join(f"{first} + s.n" if c == "activity_id" else f"t.{c}" for c in tcols)
        con.execute(
            f"INSERT INTO {table} ({', '.join(tcols)}) SELECT {values} "  # noqa: S608
            f"FROM src s JOIN {table} t ON t.activity_id = s.tpl"
        )
    con.commit()
    con.execute("ANALYZE")
    con.close()


class Server:
    def __init__(self, db: Path, cache_seconds: int) -> None:
        self.db, self.cache_seconds = db, cache_seconds

    def __enter__(self) -> Server:
        shutil.rmtree(OUT / "cache", ignore_errors=True)
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "digicoop.wsgi", "--bind",
             f"127.0.0.1:{PORT}", "--workers", "3", "--log-level", "warning",
             # Longer than `make run`'s 30 s: at 1 M activities a first render (an empty
             # cache) can take longer, and the bench reports that time instead of a killed worker.
             "--timeout", os.environ.get("BENCH_WORKER_TIMEOUT", "900")],
            cwd=ROOT, env=env(self.db, self.cache_seconds), start_new_session=True,
        )  # fmt: skip
        for _ in range(300):
            try:
                out = subprocess.run(
                    ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                     f"http://127.0.0.1:{PORT}/static/css/digicoop.css"],
                    capture_output=True, text=True, timeout=10,
                )  # fmt: skip
                if out.stdout in {"200", "404"}:
                    return self
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=60)


def wrk(path: str, seconds: int, connections: int = 64, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{PORT}{path}"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out)
        if m is None:  # no request finished in time
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rate": rate,
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def drain(static: str) -> None:
    """Wait until the workers have worked off what the last measure left queued."""
    for _ in range(600):
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", "-m", "30",
             f"http://127.0.0.1:{PORT}{static}"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        if out and float(out) < 0.2:
            return
        time.sleep(0.5)


def static_path() -> str:
    manifest = json.loads((OUT / "var" / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/digicoop.css"]


def pages() -> dict[str, str]:
    return {
        "home": "/",
        "country (Kenya)": "/countries/KE/",
        "activity list": "/activities/",
        "API list": "/api/v1/activities/",
        "API list, page 10,000 by number": "/api/v1/activities/?page=10000&page_size=20",
    }


def status_counts() -> dict[str, int]:
    """Each hostile address once, by curl: its status code (none may be 5xx)."""
    codes: dict[str, int] = {}
    for url in HOSTILE:
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{PORT}{url}"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        codes[url] = int(out or 0)
    return codes


def first_render(path: str) -> float:
    """Milliseconds of one request (the first, on an empty cache: a full render)."""
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", "-m", "600",
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return float(out or "nan") * 1000


def measure(db: Path, label: str, seconds: int, modes: list[str]) -> list[dict]:
    rows = []
    for cache_seconds, mode in ((0, "rendered"), (300, "cached")):
        if mode not in modes:
            continue
        with Server(db, cache_seconds):
            static = static_path()
            wrk(static, 2)  # warm the workers
            for name, path in pages().items():
                render = first_render(path)
                print(
                    f"  {label} {name}: one request on an empty cache {render:.0f} ms", flush=True
                )
                drain(static)
                wrk(path, 2)  # warm-up: imports, the map's shapes, the cache
                drain(static)
                before = wrk(static, seconds)
                page = wrk(path, seconds)
                drain(static)
                after = wrk(static, seconds)
                floor = (before["rate"] + after["rate"]) / 2
                rows.append({"data": label, "mode": mode, "page": name, "static": floor,
                             "first_render_ms": render,
                             **page, "ratio": page["rate"] / floor if floor else 0})  # fmt: skip
                print(
                    f"  {label} {mode:8} {name:32} {page['rate']:8.0f}/s  static {floor:6.0f}/s"
                    f"  ratio {page['rate'] / floor:.3f}  p50 {page['p50']:.0f} ms"
                    f"  p99 {page['p99']:.0f} ms  non-2xx {page['non2xx']}",
                    flush=True,
                )
            if mode == "cached":
                rows.append(hostile(label, seconds))
    return rows


def hostile(label: str, seconds: int) -> dict:
    codes = status_counts()
    assert all(c < 500 for c in codes.values()), f"a hostile request gave a server error: {codes}"
    alone = wrk("/api/v1/activities/", seconds, connections=32)
    paths = ", ".join(json.dumps(p) for p in HOSTILE)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(HOSTILE_LUA % paths)
    attacker = subprocess.Popen(
        ["wrk", "-t1", "-c32", f"-d{seconds + 2}s", "-s", script.name, f"http://127.0.0.1:{PORT}/"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)
    beside = wrk("/api/v1/activities/", seconds, connections=32)
    attack_out = attacker.communicate()[0]
    attack_rate = float(re.search(r"Requests/sec:\s+([\d.]+)", attack_out).group(1))
    print(f"  {label} hostile: statuses {sorted(set(codes.values()))}; API list alone "
          f"{alone['rate']:.0f}/s, beside {attack_rate:.0f}/s hostile: {beside['rate']:.0f}/s "
          f"(p99 {alone['p99']:.0f} → {beside['p99']:.0f} ms)", flush=True)  # fmt: skip
    return {"data": label, "hostile_statuses": codes, "alone": alone, "beside": beside,
            "hostile_rate": attack_rate}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="demo data only, 5 s measures")
    parser.add_argument("--activities", type=int, default=100_000, help="added for the 2nd run")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the previous database")
    parser.add_argument(
        "--big-modes", default="cached", help="modes at the larger size (rendered,cached)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    seconds = 5 if args.quick else args.seconds
    db = OUT / "load.sqlite3"
    load = os.getloadavg()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    rows = []
    if not args.reuse:
        prepare(db)
        rows += measure(db, "demo", seconds, ["rendered", "cached"])
        if not args.quick:
            t0 = time.perf_counter()
            add_activities(db, args.activities)
            print(f"added {args.activities:,} activities in {time.perf_counter() - t0:.0f} s")
    if not args.quick:
        con = sqlite3.connect(db)
        count = con.execute("SELECT COUNT(*) FROM activities_activity").fetchone()[0]
        rows += measure(db, f"{count:,} activities", seconds, args.big_modes.split(","))
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps({"load": load, "rows": rows}, indent=1))
    print("| data | page | mode | rate/s | static/s | ratio | p50 ms | p99 ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if "page" in r:
            print(
                f"| {r['data']} | {r['page']} | {r['mode']} | {r['rate']:,.0f} | "
                f"{r['static']:,.0f} | {r['ratio']:.3f} | {r['p50']:.0f} | {r['p99']:.0f} |"
            )


if __name__ == "__main__":
    main()
