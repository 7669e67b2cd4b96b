"""The class server's ASGI application (Starlette): students' pages, the teacher's dashboard,
live updates by server-sent events, the map and static files, all served from the package."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from game.classreport import class_report, class_report_html
from game.engine.game import Game, IllegalChoice
from game.i18n import Translator, languages
from game.present import help_view, historical_path
from game.present.model import Replay
from game.scenario.tables import Compiled
from game.web.classroom import ClassError, Classroom
from game.web.screens import Screens
from game.web.security import (
    STUDENT_COOKIE,
    TEACHER_COOKIE,
    BodyLimit,
    RateLimit,
    SecurityHeaders,
    same_origin,
    set_cookie,
)
from game.web.store import StudentRow
from game.web.svgmap import base_svg

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


class Web:
    """The handlers, over one classroom."""

    def __init__(self, room: Classroom, opts: Options) -> None:
        self.room = room
        self.opts = opts
        self.env = templates()
        self.replays: dict[tuple[int, str], Replay] = {}
        self.paths: dict[tuple[str, str], tuple[float | None, ...]] = {}

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

    def student(self, request: Request) -> StudentRow | None:
        """The student of the request's cookie (None for none or a forged one)."""
        student = self.room.student_for(request.cookies.get(STUDENT_COOKIE))
        if student is not None:
            self.room.seen(student)
        return student

    def teacher(self, request: Request) -> bool:
        """Whether the request carries the teacher's token."""
        token = request.cookies.get(TEACHER_COOKIE, "")
        return bool(token) and self.room.is_teacher(token)

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

    def state_key(self, student: StudentRow) -> str:
        """What a student's page depends on; the page reloads when it changes."""
        s = self.room.settings
        game = self.room.game_of(student)
        moves = len(game.choices) if game is not None else -1
        reveal = int(s.reveal) if game is not None and game.is_over() else ""
        return f"{student.game_id}:{moves}:{int(s.started)}:{reveal}"

    # -- students ------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        """The join page."""
        if self.student(request) is not None:
            return RedirectResponse("/play", 303)
        lang = self.lang_of(request)
        code = request.query_params.get("code", "")[:16]
        return self.page("join.html", lang, code=code, error=None, name="")

    async def join(self, request: Request) -> Response:
        """Join the class (or continue on this device with one's own code)."""
        form = await self.form(request, None)
        lang = self.lang_of(request)
        if form is None:
            return self.forbidden(lang)
        lang = form.get("lang", "") if form.get("lang", "") in languages() else lang
        t = Translator(lang)
        try:
            if form.get("resume", "").strip():
                _, token = self.room.rejoin(form.get("code", ""), form["resume"])
            else:
                _, token = self.room.join(form.get("code", ""), form.get("name", ""),
                                          lang)
        except ClassError as exc:
            return self.page("join.html", lang, 400, code=form.get("code", "")[:16],
                             name=form.get("name", "")[:40],
                             error=t(exc.message, **exc.values))
        resp = RedirectResponse("/play", 303)
        set_cookie(resp, STUDENT_COOKIE, token)
        return resp

    async def play(self, request: Request) -> Response:
        """The student's current screen: choice, briefing, dispatch, crisis or debrief."""
        student = self.student(request)
        if student is None:
            return RedirectResponse("/", 303)
        lang = student.lang
        token = request.cookies[STUDENT_COOKIE]
        common = {"student": student, "csrf": self.room.csrf_for(token),
                  "settings": self.room.settings, "state": self.state_key(student),
                  "partner": self.room.partner(student)}
        game = self.room.game_of(student)
        if game is None or student.side is None:
            offers = [(cid, Screens(self.room.scenarios[cid], lang),
                       self.room.playable_sides(cid)) for cid in self.room.settings.allowed]
            return self.page("choose.html", lang, offers=offers, **common)
        sc = Screens(game.scenario, lang)
        side = student.side
        common |= {"sc": sc, "side": side, "side_name": sc.side_name(side),
                   "extras": bool(game.scenario.model.documents or game.scenario.model.glossary)}
        if not student.briefed:
            return self.page("briefing.html", lang, b=sc.briefing(game, side), **common)
        history = game.history
        if student.seen < len(history):
            return self.page("dispatch.html", lang,
                             d=sc.dispatch(game, history[student.seen:], side),
                             upto=len(history), **common)
        if game.is_over():
            gid = student.game_id or 0
            db = sc.debrief(game, side, self.historical(game.scenario))
            return self.page("debrief.html", lang, db=db, chart=sc.chart(db.chart),
                             replay=self.replays.get((gid, lang)), **common)
        view = sc.crisis(game, side)
        pending = game.pending
        waiting = None if view.card or pending is None else sc.side_name(pending.side)
        return self.page("crisis.html", lang, cr=view, map=sc.map(view.map),
                         waiting_for=waiting, **common)

    def historical(self, c: Compiled) -> tuple[float | None, ...]:
        """The historical choices' mean tension path of a scenario, computed once."""
        key = (c.id, c.sha256)
        if key not in self.paths:
            self.paths[key] = tuple(historical_path(c, 1))
        return self.paths[key]

    async def _student_post(self, request: Request) -> tuple[StudentRow, dict[str, str]] | Response:
        student = self.student(request)
        if student is None:
            return RedirectResponse("/", 303)
        form = await self.form(request, request.cookies.get(STUDENT_COOKIE))
        if form is None:
            return self.forbidden(student.lang)
        return student, form

    def _error(self, student: StudentRow, exc: ClassError | IllegalChoice) -> HTMLResponse:
        t = Translator(student.lang)
        text = t(exc.message, **exc.values) if isinstance(exc, ClassError) else t(
            "This option is not available now.")
        return self.page("message.html", student.lang, 409, title=t("Not now"), text=text,
                         back="/play")

    async def start(self, request: Request) -> Response:
        """Start a game alone with a scenario and side."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, form = got
        try:
            self.room.start_solo(student, form.get("scenario", ""), form.get("side", ""))
        except (ClassError, KeyError) as exc:
            if isinstance(exc, KeyError):
                exc = ClassError("Your teacher has not opened this scenario.")
            return self._error(student, exc)
        return RedirectResponse("/play", 303)

    async def briefed(self, request: Request) -> Response:
        """The student has read the briefing."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, _ = got
        game = self.room.game_of(student)
        self.room.mark(student, briefed=True, seen=len(game.history) if game else 0)
        return RedirectResponse("/play", 303)

    async def seen(self, request: Request) -> Response:
        """The student has read the dispatch up to a record."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, form = got
        game = self.room.game_of(student)
        upto = form.get("upto", "")
        if game is not None and upto.isdigit():
            self.room.mark(student, seen=min(int(upto), len(game.history)))
        return RedirectResponse("/play", 303)

    async def decide(self, request: Request) -> Response:
        """Take a decision: stored before this answers."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, form = got
        try:
            self.room.decide(student, form.get("event", ""), form.get("option", ""))
        except (ClassError, IllegalChoice) as exc:
            return self._error(student, exc)
        return RedirectResponse("/play", 303)

    async def setlang(self, request: Request) -> Response:
        """Change the student's language."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, form = got
        if form.get("lang") in languages():
            self.room.set_lang(student, form["lang"])
        return RedirectResponse(form.get("back", "/play") if form.get("back") in (
            "/play", "/log", "/help") else "/play", 303)

    async def again(self, request: Request) -> Response:
        """Leave a finished game for a new one."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, _ = got
        try:
            self.room.leave_game(student)
        except ClassError as exc:
            return self._error(student, exc)
        return RedirectResponse("/play", 303)

    async def replay(self, request: Request) -> Response:
        """Compute 'your strategy replayed 10,000 times' for a finished game (in a thread)."""
        got = await self._student_post(request)
        if isinstance(got, Response):
            return got
        student, _ = got
        game = self.room.game_of(student)
        key = (student.game_id or 0, student.lang)
        if game is not None and game.is_over() and key not in self.replays:
            sc = Screens(game.scenario, student.lang)
            self.replays[key] = await run_in_threadpool(sc.replayed, game.clone())
        return RedirectResponse("/play#replay", 303)

    async def log(self, request: Request) -> Response:
        """The whole log of the student's game."""
        student = self.student(request)
        if student is None:
            return RedirectResponse("/", 303)
        game = self.room.game_of(student)
        lines = Screens(game.scenario, student.lang).lines(
            game, game.history, student.side or "") if game else ()
        return self.page("log.html", student.lang, lines=lines, student=student,
                         csrf=self.room.csrf_for(request.cookies[STUDENT_COOKIE]),
                         state=self.state_key(student))

    async def help(self, request: Request) -> Response:
        """How to play in the browser (with the scenario's meters once in a game)."""
        student = self.student(request)
        lang = self.lang_of(request, student)
        game = self.room.game_of(student) if student else None
        view = (Screens(game.scenario, lang).help() if game is not None
                else help_view(Translator(lang), None, mode="browser"))
        return self.page("help.html", lang, student=student, help=view)

    async def documents(self, request: Request) -> Response:
        """The documents unlocked so far and the glossary (the card's terms first)."""
        student = self.student(request)
        if student is None:
            return RedirectResponse("/", 303)
        game = self.room.game_of(student)
        if game is None:
            return RedirectResponse("/play", 303)
        sc = Screens(game.scenario, student.lang)
        card = sc.crisis(game, student.side or "").card
        return self.page("documents.html", student.lang, student=student,
                         csrf=self.room.csrf_for(request.cookies[STUDENT_COOKIE]),
                         state=self.state_key(student), docs=sc.documents(game),
                         terms=sc.glossary(card.text if card else ""))

    async def events(self, request: Request) -> Response:
        """Server-sent events: the student's state key whenever the class changes."""
        student = self.student(request)
        if student is None:
            return Response("", 403)
        sid = student.id

        def key() -> str:
            s = self.room.store.student(sid)
            return self.state_key(s) if s else ""

        return self._stream(request, lambda: key(), on_tick=lambda: self._touch(sid))

    def _touch(self, sid: int) -> None:
        s = self.room.store.student(sid)
        if s is not None:
            self.room.seen(s)

    def _stream(self, request: Request, payload: Callable[[], str],
                on_tick: Callable[[], None] | None = None,
                every: float = 0.0) -> StreamingResponse:
        """Server-sent events: `payload()` each time it changes, at most once every `every`
        seconds (the dashboard redraws a whole class), a comment every 15 s to keep it open."""
        room, opts = self.room, self.opts

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

    async def map_svg(self, request: Request) -> Response:
        """The base map of a scenario's view."""
        c = self.room.scenarios.get(request.path_params["scenario"])
        if c is None:
            return Response("", 404)
        return Response(base_svg(c), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

    # -- teacher -------------------------------------------------------------------------
    async def teacher_page(self, request: Request) -> Response:
        """The dashboard; ?token=... once sets the teacher's cookie."""
        lang = self.lang_of(request)
        token = request.query_params.get("token")
        if token is not None:
            if not self.room.is_teacher(token):
                return self.forbidden(lang)
            resp = RedirectResponse("/teacher", 303)
            set_cookie(resp, TEACHER_COOKIE, token)
            return resp
        if not self.teacher(request):
            return self.forbidden(lang)
        return self.page("teacher.html", lang, **self.dashboard(lang),
                         csrf=self.room.csrf_for(request.cookies[TEACHER_COOKIE]),
                         addresses=self.opts.addresses, code=self.room.code,
                         settings=self.room.settings, exported=None)

    def dashboard(self, lang: str) -> dict[str, Any]:
        """What the dashboard's live part shows."""
        room = self.room
        rows = []
        endings: dict[tuple[str, str], int] = {}
        students = room.store.students()
        now = room.clock()
        for s in students:
            game = room.game_of(s)
            row: dict[str, Any] = {"student": s, "game": None,
                                   "away": now - room.last_seen(s) > 30}
            if game is not None and s.side is not None:
                sc = Screens(game.scenario, lang)
                out = game.outcome()
                partner = room.partner(s)
                row["game"] = {
                    "scenario": sc.title(), "side": sc.side_name(s.side),
                    "turn": min(game.turn, game.scenario.n_turns),
                    "turns": game.scenario.n_turns, "tension": round(game.tension),
                    "defcon": game.defcon,
                    "ending": sc.n.ending(out.ending)[0] if out else None,
                    "war": bool(out and out.war),
                    "partner": partner.name if partner else None,
                    "deciding": bool(game.pending and game.pending.side == s.side),
                }
                if out is not None and s.game_id is not None:
                    key = (sc.title(), row["game"]["ending"])
                    endings[key] = endings.get(key, 0) + (
                        1 if partner is None or s.id < partner.id else 0)
            rows.append(row)
        return {"rows": rows, "endings": sorted(endings.items(), key=lambda kv: -kv[1]),
                "finished": sum(endings.values()), "students": students,
                "scenarios": [(cid, Screens(c, lang).title())
                              for cid, c in room.scenarios.items()]}

    async def teacher_events(self, request: Request) -> Response:
        """Server-sent events: the dashboard's live part, re-rendered on every change."""
        if not self.teacher(request):
            return Response("", 403)
        lang = self.lang_of(request)
        t = Translator(lang)

        def fragment() -> str:
            return self.env.get_template("teacher_live.html").render(
                t=t, lang=lang, **self.dashboard(lang))

        return self._stream(request, fragment, every=1.0)

    async def _teacher_post(self, request: Request) -> dict[str, str] | Response:
        lang = self.lang_of(request)
        if not self.teacher(request):
            return self.forbidden(lang)
        form = await self.form(request, request.cookies.get(TEACHER_COOKIE))
        return self.forbidden(lang) if form is None else form

    async def teacher_settings(self, request: Request) -> Response:
        """Start, pause, reveal, hold, takeover time, scenarios allowed."""
        form = await self._teacher_post(request)
        if isinstance(form, Response):
            return form
        action = form.get("action", "")
        if action in ("start", "pause"):
            self.room.set(started=action == "start")
        elif action in ("reveal", "hold"):
            self.room.set(reveal=action == "reveal")
        elif action == "takeover":
            raw = form.get("takeover", "0")
            self.room.set(takeover=int(raw) if raw.isdigit() and len(raw) < 6 else 0)
        elif action == "allowed":
            form_all = await request.form()
            self.room.set(allowed=[v for v in form_all.getlist("allowed") if isinstance(v, str)])
        return RedirectResponse("/teacher", 303)

    async def teacher_pair(self, request: Request) -> Response:
        """Pair two students in a game."""
        form = await self._teacher_post(request)
        if isinstance(form, Response):
            return form
        lang = self.lang_of(request)
        t = Translator(lang)
        a, b = form.get("first", ""), form.get("second", "")
        try:
            if not (a.isdigit() and b.isdigit()):
                raise ClassError("Choose two different students.")
            self.room.pair(int(a), int(b), form.get("scenario", ""))
        except ClassError as exc:
            return self.page("message.html", lang, 409, title=t("Not now"),
                             text=t(exc.message, **exc.values), back="/teacher")
        return RedirectResponse("/teacher", 303)

    async def teacher_export(self, request: Request) -> Response:
        """Write every game as a save into the data folder, and show where."""
        form = await self._teacher_post(request)
        if isinstance(form, Response):
            return form
        lang = self.lang_of(request)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.opts.data_dir / f"export-{stamp}"
        files = self.room.export(folder)
        return self.page("teacher.html", lang, **self.dashboard(lang),
                         csrf=self.room.csrf_for(request.cookies[TEACHER_COOKIE]),
                         addresses=self.opts.addresses, code=self.room.code,
                         settings=self.room.settings, exported=(str(folder), len(files)))

    async def teacher_zip(self, request: Request) -> Response:
        """Every game's save, in one zip file."""
        if not self.teacher(request):
            return self.forbidden(self.lang_of(request))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for row in self.room.store.games():
                data = self.room.save_of(row)
                if data.choices:
                    z.writestr(self.room.export_name(row), data.to_json())
        return Response(buf.getvalue(), media_type="application/zip", headers={
            "content-disposition": 'attachment; filename="brink-class-saves.zip"',
            "cache-control": "no-store"})

    async def teacher_report(self, request: Request) -> Response:
        """The class report (decisions against history) of every game so far."""
        if not self.teacher(request):
            return self.forbidden(self.lang_of(request))
        lang = self.lang_of(request)
        with tempfile.TemporaryDirectory() as tmp:
            self.room.export(Path(tmp))
            report = await run_in_threadpool(class_report, Path(tmp))
            text = class_report_html(report, lang).replace(str(tmp), "class")
        return HTMLResponse(text, headers={"cache-control": "no-store"})

    async def class_page(self, request: Request) -> Response:
        """The page to project: the address, the QR code and the class code."""
        from game.web.server import qr_svg

        lang = self.lang_of(request)
        url = self.opts.addresses[0] if self.opts.addresses else str(request.base_url)
        return self.page("classpage.html", lang, addresses=self.opts.addresses or [url],
                         code=self.room.code, qr=qr_svg(f"{url}?code={self.room.code}"))


def _event(data: str) -> str:
    """One server-sent event carrying `data` (every line prefixed)."""
    return "".join(f"data: {line}\n" for line in data.split("\n")) + "\n"


def create_app(room: Classroom, opts: Options) -> Starlette:
    """The ASGI application of a class."""
    web = Web(room, opts)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async def takeover_loop() -> None:
            while True:
                await asyncio.sleep(opts.tick)
                room.takeover()

        task = asyncio.create_task(takeover_loop())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    routes = [
        Route("/", web.home),
        Route("/join", web.join, methods=["POST"]),
        Route("/play", web.play),
        Route("/start", web.start, methods=["POST"]),
        Route("/briefed", web.briefed, methods=["POST"]),
        Route("/seen", web.seen, methods=["POST"]),
        Route("/decide", web.decide, methods=["POST"]),
        Route("/lang", web.setlang, methods=["POST"]),
        Route("/again", web.again, methods=["POST"]),
        Route("/replay", web.replay, methods=["POST"]),
        Route("/log", web.log),
        Route("/help", web.help),
        Route("/documents", web.documents),
        Route("/events", web.events),
        Route("/map/{scenario:str}.svg", web.map_svg),
        Route("/class", web.class_page),
        Route("/teacher", web.teacher_page),
        Route("/teacher/events", web.teacher_events),
        Route("/teacher/settings", web.teacher_settings, methods=["POST"]),
        Route("/teacher/pair", web.teacher_pair, methods=["POST"]),
        Route("/teacher/export", web.teacher_export, methods=["POST"]),
        Route("/teacher/saves.zip", web.teacher_zip),
        Route("/teacher/report", web.teacher_report),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit),
                  Middleware(RateLimit, rate=opts.rate, burst=opts.burst)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.web = web
    return app


__all__ = ["Game", "Options", "Web", "create_app"]
