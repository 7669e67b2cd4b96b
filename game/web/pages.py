"""What every page handler of the class server shares: the classroom, the options, the
templates, the page language, forms checked for forgery, and server-sent event streams."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse

from game.i18n import Translator, languages
from game.web.classroom import Classroom
from game.web.security import same_origin
from game.web.store import StudentRow

HERE = Path(__file__).resolve().parent


@dataclass
class Options:
    """How the server runs: where exports go, the addresses shown, limits."""

    data_dir: Path
    addresses: list[str] = field(default_factory=list)
    rate: float = 10.0
    burst: float = 40.0
    stopping: Callable[[], bool] = lambda: False
    tick: float = 1.0


def templates() -> Environment:
    """The page templates (escaping on)."""
    return Environment(loader=FileSystemLoader(HERE / "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True)


class Pages:
    """The handlers' common ground, over one classroom."""

    def __init__(self, room: Classroom, opts: Options) -> None:
        self.room = room
        self.opts = opts
        self.env = templates()

    # -- helpers -------------------------------------------------------------------------
    def lang_of(self, request: Request, student: StudentRow | None = None) -> str:
        """The page language: the student's, ?lang=, or the browser's first known one."""
        if student is not None:
            return student.lang
        asked = request.query_params.get("lang", "")
        if asked in languages():
            return asked
        for part in request.headers.get("accept-language", "").split(","):
            code = part.split(";")[0].strip()[:2].lower()
            if code in languages():
                return code
        return "en"

    def page(self, template: str, lang: str, http_status: int = 200, **ctx: Any) -> HTMLResponse:
        """Render a template in a language."""
        t = Translator(lang)
        html = self.env.get_template(template).render(t=t, lang=lang, languages=languages(),
                                                  **ctx)
        return HTMLResponse(html, http_status, headers={"cache-control": "no-store"})

    async def form(self, request: Request, token: str | None) -> dict[str, str] | None:
        """The posted form, or None if it fails the same-origin or anti-forgery check."""
        if not same_origin(request):
            return None
        try:
            form = await request.form(max_files=0, max_fields=40)
        except Exception:  # malformed bodies are refused like forged ones
            return None
        data = {k: v for k, v in form.items() if isinstance(v, str)}
        if token is not None and data.get("csrf", "") != self.room.csrf_for(token):
            return None
        return data

    def forbidden(self, lang: str) -> HTMLResponse:
        """The answer to a forged or expired form."""
        t = Translator(lang)
        return self.page("message.html", lang, 403, title=t("Not allowed"),
                         text=t("This request was refused. Reload the page and try again."))

    def _stream(self, request: Request, payload: Callable[[], str],
                on_tick: Callable[[], None] | None = None,
                every: float = 0.0) -> Response:
        """Server-sent events: `payload()` each time it changes, at most once every `every`
        seconds (the dashboard redraws a whole class), a comment every 15 s to keep it open.
        At most a few streams per student are open at once (503 beyond)."""
        room, opts = self.room, self.opts
        if len(room.listeners) >= 4 * room.max_students + 8:
            return Response("Too many live pages open.", 503, headers={"retry-after": "5"})

        async def gen() -> AsyncIterator[str]:
            changed = asyncio.Event()

            def listener() -> None:
                changed.set()

            room.listeners.append(listener)
            try:
                last = payload()
                yield "retry: 2000\n" + _event(last)
                idle = 0.0
                while not opts.stopping():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(changed.wait(), opts.tick)
                    if on_tick is not None:
                        on_tick()
                    if await request.is_disconnected():
                        return
                    if changed.is_set():
                        changed.clear()
                        now = payload()
                        if now != last:
                            last = now
                            yield _event(now)
                            idle = 0.0
                            if every:
                                await asyncio.sleep(every)
                            continue
                    idle += opts.tick
                    if idle >= 15:
                        idle = 0.0
                        yield ": ping\n\n"
            finally:
                room.listeners.remove(listener)

        return StreamingResponse(gen(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store",
                                          "x-accel-buffering": "no"})


def _event(data: str) -> str:
    """One server-sent event carrying `data` (every line prefixed)."""
    return "".join(f"data: {line}\n" for line in data.split("\n")) + "\n"
