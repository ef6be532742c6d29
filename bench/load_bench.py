"""Many users at once on the province: p50/p95/p99 under gunicorn (issue 16).

    SIFA_DATABASE_URL=postgres://sifa:sifa@127.0.0.1:5432/sifa_province \\
        python bench/load_bench.py [--users 20] [--seconds 60] [--workers 3] [--threads 4]
        [--think 1.0] [--port 8765]

Needs the province `bench/province_bench.py` built. The bench:
1. creates (or resets) its own accounts in four counties of the province: per county one head
   (局领导), two section clerks (业务股室, two lines each) and two township clerks (司法所), each
   with a password, and for each account the pages it opens: its home page, the dashboard,
   the workspace lists of the types it may see and the record pages of its newest records;
2. starts gunicorn (`--workers` processes × `--threads` threads, gthread) on 127.0.0.1 with
   Sifa's settings (DEBUG off) and the same database;
3. runs `--users` simulated users in threads (the accounts in turn: heads, section clerks and
   township clerks mixed), each logging in with its own account through the login form, then
   for `--seconds` opening its pages at random (home 25 %, lists 35 %, record pages 30 %,
   dashboard 10 %), waiting a random think time of 0–2 × `--think` seconds between pages
   (`--think 0`: back to back, a stress test);
4. prints requests/s, p50/p95/p99 (goal: p95 ≤ 500 ms), per page kind and per role, and the
   errors; stops gunicorn.

Standard library only (threads, urllib, http.cookiejar): no client dependency.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench-Load-2026-xq7"  # noqa: S105 - the bench's own throwaway accounts
COUNTIES = ("610501", "610702", "611005", "610632")
SECTION_LINES = (("mediation", "legalaid"), ("correction", "rulelaw"))
WEIGHTS = {"home": 25, "list": 35, "record": 30, "dashboard": 10}
GOAL_P95 = 500.0


def setup() -> None:
    url = os.environ.get("SIFA_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("SIFA_DATABASE_URL must name the province's PostgreSQL database.")
    os.environ.setdefault("SIFA_HOME", "/tmp/sifa-province-home")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
    import django

    django.setup()


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --- accounts and their pages ---------------------------------------------------------------
def accounts() -> list[dict]:
    """The bench's accounts, heads, section and township clerks in turn, with their pages."""
    from sifa.accounts.models import User
    from sifa.core.models import Region, RegionLevel
    from sifa.workspace import links, spec, views

    plans = []
    for code in COUNTIES:
        county = Region.objects.filter(code=code + "000000").first()
        if county is None:
            continue
        townships = list(
            Region.objects.filter(level=RegionLevel.TOWNSHIP, code__startswith=code).order_by(
                "code"
            )[:2]
        )
        plans.append((f"load_head_{code}", "leader", county, []))
        for i, lines in enumerate(SECTION_LINES):
            plans.append((f"load_section{i}_{code}", "section", county, list(lines)))
        for i, township in enumerate(townships):
            plans.append((f"load_office{i}_{code}", "office", township, []))
    out = []
    for username, role, region, lines in plans:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"role": role, "region": region, "lines": lines, "display_name": username},
        )
        user.set_password(PASSWORD)
        user.save()
        pages: dict[str, list[str]] = {"home": ["/"], "dashboard": ["/dashboard/?year=2022"]}
        pages["list"], pages["record"] = [], []
        for rt in spec.workspace_types():
            if not views.can_view(user, rt):
                continue
            pages["list"].append(links.page_url(rt, "list"))
            for obj in rt.visible(user).order_by("-pk")[:3]:
                pages["record"].append(links.record_url(obj))
        out.append({"username": username, "role": role, "pages": pages})
    order = {"leader": 0, "section": 1, "office": 2}
    # interleave the roles: head, section, office, head, …
    by_role = defaultdict(list)
    for a in out:
        by_role[a["role"]].append(a)
    mixed = []
    while any(by_role.values()):
        for role in sorted(by_role, key=order.get):
            if by_role[role]:
                mixed.append(by_role[role].pop(0))
    return mixed


# --- gunicorn -------------------------------------------------------------------------------
def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.setdefault("SIFA_ALLOWED_HOSTS", "127.0.0.1,localhost")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "sifa.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5).read()
            return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop_server(proc)
    sys.exit("gunicorn did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


# --- a user -----------------------------------------------------------------------------------
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def login(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    req = urllib.request.Request(f"{base}/login/", data=body, headers={"Referer": f"{base}/login/"})
    landed = opener.open(req, timeout=60)
    if urllib.parse.urlparse(landed.geturl()).path.startswith("/login"):
        raise RuntimeError(f"{username}: login refused")
    # from here on a redirect is an answer of its own (e.g. to the login page), not followed
    opener.add_handler(NoRedirect())
    return opener


def run_user(base, account, stop_at, think, results, errors, rng) -> None:
    try:
        opener = login(base, account["username"])
    except Exception as exc:  # noqa: BLE001 - reported, the user leaves
        errors.append((account["username"], "login", repr(exc)))
        return
    kinds = [k for k in WEIGHTS if account["pages"].get(k)]
    weights = [WEIGHTS[k] for k in kinds]
    while time.time() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        url = rng.choice(account["pages"][kind])
        t = time.perf_counter()
        try:
            with opener.open(base + url, timeout=120) as resp:
                resp.read()
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except Exception as exc:  # noqa: BLE001
            status = 0
            errors.append((account["username"], url, repr(exc)))
        ms = (time.perf_counter() - t) * 1000
        if status != 200:
            errors.append((account["username"], url, f"HTTP {status}"))
        results.append((account["role"], kind, ms, status))
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def line(label: str, values: list[float], seconds: float) -> str:
    return (
        f"  {label:<22} {len(values):6d} {len(values) / seconds:7.1f} "
        f"{pct(values, 50):8.0f} {pct(values, 95):8.0f} {pct(values, 99):8.0f} "
        f"{max(values) if values else 0:8.0f}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    setup()
    from django.db import connections

    log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    accts = accounts()
    connections.close_all()
    if not accts:
        sys.exit("No county of the province found: build it with bench/province_bench.py.")
    log(
        f"{len(accts)} accounts: "
        + ", ".join(
            f"{r} {sum(a['role'] == r for a in accts)}" for r in ("leader", "section", "office")
        )
    )
    base = f"http://127.0.0.1:{args.port}"
    proc = start_server(args.port, args.workers, args.threads)
    log(f"gunicorn up: {args.workers} workers × {args.threads} threads (gthread), pid {proc.pid}")
    try:
        # warm every worker (imports, the figure plans) before the clock starts
        warm = login(base, accts[0]["username"])
        for _ in range(args.workers * 2):
            for url in ("/", "/dashboard/?year=2022"):
                try:
                    warm.open(base + url, timeout=120).read()
                except urllib.error.HTTPError:
                    pass
        results: list = []
        errors: list = []
        stop_at = time.time() + args.seconds
        threads = []
        t0 = time.time()
        for i in range(args.users):
            account = accts[i % len(accts)]
            rng = random.Random(args.seed * 1000 + i)
            th = threading.Thread(
                target=run_user,
                args=(base, account, stop_at, args.think, results, errors, rng),
                daemon=True,
            )
            th.start()
            threads.append(th)
        for th in threads:
            th.join(timeout=args.seconds + 300)
        seconds = time.time() - t0
    finally:
        stop_server(proc)
    log(f"load average {os.getloadavg()[0]:.1f} at the end")
    ok = [r for r in results if r[3] == 200]
    print(
        f"\n{args.users} users for {args.seconds:.0f} s (think time 0–{2 * args.think:.1f} s), "
        f"{len(results)} requests, {len(results) - len(ok)} not 200"
    )
    print(f"  {'':<22} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max':>8}")
    all_ms = [r[2] for r in ok]
    print(line("all pages", all_ms, seconds))
    for kind in WEIGHTS:
        print(line(kind, [r[2] for r in ok if r[1] == kind], seconds))
    for role in ("leader", "section", "office"):
        print(line(f"role {role}", [r[2] for r in ok if r[0] == role], seconds))
    p95 = pct(all_ms, 95)
    print(
        f"\np95 {p95:.0f} ms (goal ≤ {GOAL_P95:.0f} ms): {'met' if p95 <= GOAL_P95 else 'NOT met'}"
    )
    if errors:
        print(f"\n{len(errors)} errors, first ones:")
        for e in errors[:10]:
            print("  ", *e)


if __name__ == "__main__":
    main()
