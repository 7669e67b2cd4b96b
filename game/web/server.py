"""`brink class`: load the scenarios, open the class's database, print how to join (every LAN
address, the class code, a QR code, the teacher's address), write the page to project, and
serve in the foreground with uvicorn until Ctrl-C."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import socket
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs
import segno

from game.resources import scenario_file, shipped_scenarios
from game.scenario import ScenarioError, load_scenario
from game.scenario.tables import Compiled
from game.web.classroom import DEFAULT_MAX_STUDENTS, Classroom
from game.web.store import Store

DB_NAME = "class.sqlite3"


def data_dir(given: str | None) -> Path:
    """Where the class's database and exports go: --data, $BRINK_DATA_DIR/class, or the
    user's data folder."""
    if given:
        return Path(given)
    base = os.environ.get("BRINK_DATA_DIR")
    root = Path(base) if base else Path(platformdirs.user_data_dir("brink", appauthor=False))
    return root / "class"


def lan_addresses() -> list[str]:
    """The machine's IPv4 addresses other than loopback (every interface's, on Linux)."""
    found: list[str] = []
    if sys.platform.startswith("linux"):
        import fcntl

        with contextlib.suppress(OSError), socket.socket(socket.AF_INET,
                                                         socket.SOCK_DGRAM) as s:
            for _, name in socket.if_nameindex():
                with contextlib.suppress(OSError):
                    packed = struct.pack("256s", name.encode()[:15])
                    addr = socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8915, packed)[20:24])
                    found.append(addr)
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    out = []
    for a in found:
        ip = ipaddress.ip_address(a)
        if not ip.is_loopback and not ip.is_link_local and a not in out:
            out.append(a)
    return out


def student_urls(host: str, port: int) -> list[str]:
    """The addresses students open: every LAN address when serving on all of them."""
    everywhere = host in ("0.0.0.0", "", "::")
    hosts = (lan_addresses() or ["127.0.0.1"]) if everywhere else [host]
    return [f"http://{h}:{port}/" if ":" not in h else f"http://[{h}]:{port}/" for h in hosts]


def qr_text(url: str) -> str:
    """A QR code of `url` for the terminal (half blocks)."""
    buf = io.StringIO()
    segno.make(url, error="m").terminal(out=buf, compact=True)
    return buf.getvalue()


def qr_svg(url: str) -> str:
    """A QR code of `url` as inline SVG that scales to its box."""
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=True, dark="#000",
                                                 light="#fff")


def load_scenarios(paths: Sequence[str]) -> tuple[dict[str, Compiled], list[str]]:
    """The scenarios on offer (the given files, or every shipped one) and the errors met."""
    files = [scenario_file(p) for p in paths] or shipped_scenarios()  # files or shipped ids
    found: dict[str, Compiled] = {}
    errors = []
    for path in files:
        try:
            c = load_scenario(path)
        except ScenarioError as exc:
            errors.append(str(exc))
            continue
        if not any(s.playable for s in c.model.sides):
            errors.append(f"{path}: no side of this scenario can be played")
            continue
        found.setdefault(c.id, c)
    return found, errors


def projection_page(urls: list[str], code: str, lang: str = "en") -> str:
    """The page to project, as a file that opens without the server (students' addresses, QR
    code, class code; never the teacher's token)."""
    from game.i18n import Translator, languages
    from game.web.pages import HERE, templates

    css = (HERE / "static" / "brink.css").read_text(encoding="utf-8")
    return templates().get_template("classpage.html").render(
        t=Translator(lang), lang=lang, languages=languages(), standalone=True, css=css,
        addresses=urls, code=code, qr=qr_svg(f"{urls[0]}?code={code}"))


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the addresses are printed: a student who opens the
    address at once waits in the queue instead of being refused."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: a response's header and body go out at once
    # instead of waiting for the client's delayed acknowledgement (40 ms a page).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run_class(paths: Sequence[str], host: str, port: int, data: str | None, new: bool,
              max_students: int = DEFAULT_MAX_STUDENTS) -> int:
    """Run the class server in the foreground; returns the exit code."""
    import uvicorn

    from game.web.app import Options, create_app

    scenarios, errors = load_scenarios(paths)
    for err in errors:
        print(err, file=sys.stderr)
    if not scenarios:
        print("brink class: no playable scenario could be loaded", file=sys.stderr)
        return 1
    folder = data_dir(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / DB_NAME
        if new and db.exists():
            from datetime import datetime

            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            for suffix in ("", "-wal", "-shm"):
                old = folder / (DB_NAME + suffix)
                if old.exists():
                    old.rename(folder / f"class-{stamp}.sqlite3{suffix}")
        store = Store(db)
    except OSError as exc:
        print(f"brink class: cannot use the data folder {folder}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    room = Classroom(store, scenarios, max_students=max_students)
    try:
        sock = listen(host, port)
    except OSError as exc:
        store.close()
        print(f"brink class: cannot listen on {host}:{port}: {exc.strerror or exc} (is another "
              "server using this port? try --port 8001)", file=sys.stderr)
        return 1
    port = int(sock.getsockname()[1])  # --port 0 takes any free port
    urls = student_urls(host, port)
    local = f"http://127.0.0.1:{port}" if host in ("0.0.0.0", "", "::", "127.0.0.1") else \
        urls[0].rstrip("/")
    page = folder / "join.html"
    page.write_text(projection_page(urls, room.code), encoding="utf-8")
    print("Brink class mode")
    print(f"Scenarios: {', '.join(sorted(scenarios))}")
    print("Students open:" if len(urls) == 1 else "Students open one of:")
    for u in urls:
        print(f"  {u}")
    print(f"Class code: {room.code}")
    print(qr_text(f"{urls[0]}?code={room.code}"))
    print(f"Teacher's dashboard (keep this address to yourself): "
          f"{local}/teacher?token={room.teacher_token}")
    print(f"Page to project: {page}  (or {local}/class)")
    print(f"Class data: {folder}")
    print("Ctrl-C stops the server; every decision is already saved.")
    sys.stdout.flush()

    config = uvicorn.Config(None, host=host, port=port, log_level="warning",  # type: ignore[arg-type]
                            timeout_graceful_shutdown=3, timeout_keep_alive=30,
                            lifespan="on")
    server = uvicorn.Server(config)
    config.app = create_app(room, Options(folder, urls, stopping=lambda: server.should_exit))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        store.close()
    print("The class server has stopped.")
    return 0
