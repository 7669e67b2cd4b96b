"""`brink bench --class N`: N simulated students play whole games at once against a real
`brink class` server over HTTP on this machine; prints the decision latency's percentiles.

Each student joins, starts a game alone, reads the briefing, then loops: load the page, wait a
moment (a think time far shorter than a real student's), continue the dispatch or take a
decision. A decision's latency is the time from sending the choice to the server's answer
(the choice is stored in the database before the answer leaves).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from game.sim.bench import machine_line

THINK = (1.0, 3.0)  # seconds between a page and the next action (a student reads for 20-60)
SCENARIO = "cuban_missile_crisis_1962"


async def _tally(sent: list[int]) -> None:
    sent[0] += 1


def _field(page: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', page)
    return m.group(1) if m else ""


async def _student(url: str, code: str, k: int, seed: int, decide_ms: list[float],
                   page_ms: list[float], ready: asyncio.Event, sent: list[int]) -> int:
    rnd = random.Random(seed)
    await asyncio.sleep(k * 0.15)  # a class does not join in the same millisecond
    async with httpx.AsyncClient(base_url=url, timeout=60, headers={"origin": url},
                                 event_hooks={"request": [lambda _: _tally(sent)]}) as c:
        r = await c.post("/join", data={"code": code, "name": f"Student {chr(65 + k % 26)}"
                                        f"{chr(97 + k // 26)}", "lang": "en"},
                         follow_redirects=True)
        csrf = _field(r.text, "csrf")
        assert r.status_code == 200 and csrf, f"student {k} could not join: {r.status_code}"
        sides = re.findall(rf'name="scenario" value="{SCENARIO}"', r.text)
        assert sides, "the scenario is not offered"
        await c.post("/start", data={"csrf": csrf, "scenario": SCENARIO,
                                     "side": "us" if k % 2 == 0 else "ussr"})
        await c.post("/briefed", data={"csrf": csrf})
        await ready.wait()
        decisions = 0
        for _ in range(400):
            t0 = time.perf_counter()
            try:
                page = (await c.get("/play")).text
            except httpx.TransportError:  # counted, and the page asked for again
                sent[1] += 1
                continue
            page_ms.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(rnd.uniform(*THINK))
            if 'action="/seen"' in page:
                await c.post("/seen", data={"csrf": csrf, "upto": _field(page, "upto")})
            elif 'name="option"' in page:
                options = re.findall(r'name="option" id="opt-\d+" value="([^"]+)"', page)
                t0 = time.perf_counter()
                r = await c.post("/decide", data={"csrf": csrf, "event": _field(page, "event"),
                                                  "option": rnd.choice(options)})
                decide_ms.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 303, r.text[:200]
                decisions += 1
            else:
                return decisions
        return decisions


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else float("nan")


async def _run(url: str, code: str, token: str, n: int, sent: list[int]
               ) -> tuple[list[float], list[float], int, float]:
    decide_ms: list[float] = []
    page_ms: list[float] = []
    ready = asyncio.Event()
    async with httpx.AsyncClient(base_url=url, headers={"origin": url}) as teacher:
        r = await teacher.get(f"/teacher?token={token}", follow_redirects=True)
        assert r.status_code == 200, r.status_code
        tasks = [asyncio.create_task(
            _student(url, code, k, k, decide_ms, page_ms, ready, sent)) for k in range(n)]
        page = r.text
        while sum(1 for _ in re.finditer(r"<tr data-student", page)) < n:
            await asyncio.sleep(0.5)
            r = await teacher.get("/teacher")
            assert r.status_code in (200, 429), r.status_code
            page = r.text if r.status_code == 200 else page
            for task in tasks:
                if task.done():
                    task.result()  # a student who failed to join stops the run with why
        await teacher.post("/teacher/settings", data={"csrf": _field(page, "csrf"),
                                                      "action": "start"})
    t0 = time.perf_counter()
    ready.set()
    results = await asyncio.gather(*tasks)
    return decide_ms, page_ms, sum(results), time.perf_counter() - t0


def run_class_bench(n: int, scenario: str | None = None) -> int:
    """Run the benchmark with `n` students against a server in a child process."""
    if not 1 <= n <= 500:
        print("brink bench: --class must be from 1 to 500", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        args = [sys.executable, "-m", "game", "class", "--host", "127.0.0.1", "--port", "0",
                "--data", str(Path(tmp) / "class"), "--max-students", str(n + 5)]
        if scenario:
            args.append(scenario)
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        assert proc.stdout is not None
        text = ""
        for line in proc.stdout:
            text += line
            if line.startswith("Ctrl-C stops"):
                break
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", text)
        code = re.search(r"Class code: (\w+)", text)
        token = re.search(r"token=(\S+)", text)
        if not (url and code and token):
            proc.kill()
            print("brink bench: the class server did not start:\n" + text, file=sys.stderr)
            return 1
        try:
            cpu0 = _cpu_seconds(proc.pid)
            sent = [0, 0]  # requests sent, connection errors
            decide_ms, page_ms, decisions, wall = asyncio.run(
                _run(url.group(1), code.group(1), token.group(1), n, sent))
            server_cpu = _cpu_seconds(proc.pid) - cpu0
        finally:
            proc.send_signal(2)
            proc.wait(timeout=30)
            proc.stdout.close()
    print(machine_line())
    print(f"class mode: {n} simulated students, each a whole game of {SCENARIO} alone, "
          f"think time {THINK[0]}-{THINK[1]} s; server and clients on this machine")
    requests = sent[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if sent[1]:
        print(f"connection errors: {sent[1]} (the page was asked for again)")
    print(f"decisions: {decisions} in {wall:.1f} s ({decisions / wall:.1f} a second); "
          f"server CPU {server_cpu:.1f} s, {server_cpu * 1000 / max(1, requests):.1f} ms "
          f"a request ({requests} requests); machine load average {load:.1f}")
    for label, values in (("decision (POST /decide)", decide_ms), ("page (GET /play)", page_ms)):
        print(f"{label:<26} p50 {_pct(values, .5):6.1f} ms   p95 {_pct(values, .95):6.1f} ms"
              f"   max {max(values, default=float('nan')):6.1f} ms   n={len(values)}")
    return 0
