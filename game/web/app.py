"""The class server's ASGI application (Starlette): the students' pages, with the teacher's
(`game.web.teacher`), live updates by server-sent events, the map and static files, all
served from the package."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from game.engine.game import IllegalChoice
from game.i18n import Translator, languages
from game.present import help_view, historical_path
from game.present.model import Replay
from game.scenario.tables import Compiled
from game.web.classroom import ClassError, Classroom
from game.web.pages import HERE, Options, Pages, templates
from game.web.screens import Screens
from game.web.security import (
    STUDENT_COOKIE,
    BodyLimit,
    RateLimit,
    SecurityHeaders,
    set_cookie,
)
from game.web.store import StudentRow
from game.web.svgmap import base_svg
from game.web.teacher import TeacherPages


class StudentPages(Pages):
    """The students' pages: join, play, decide, log, help, documents, live updates."""

    def __init__(self, room: Classroom, opts: Options) -> None:
        super().__init__(room, opts)
        self.replays: dict[tuple[int, str], Replay] = {}
        self.paths: dict[tuple[str, str], tuple[float | None, ...]] = {}

    def student(self, request: Request) -> StudentRow | None:
        """The student of the request's cookie (None for none or a forged one)."""
        student = self.room.student_for(request.cookies.get(STUDENT_COOKIE))
        if student is not None:
            self.room.seen(student)
        return student

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
                         state=self.state_key(student), docs=sc.documents(game, student.side or ""),
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

    async def map_svg(self, request: Request) -> Response:
        """The base map of a scenario's view."""
        c = self.room.scenarios.get(request.path_params["scenario"])
        if c is None:
            return Response("", 404)
        return Response(base_svg(c), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

def create_app(room: Classroom, opts: Options) -> Starlette:
    """The ASGI application of a class."""
    web = StudentPages(room, opts)
    teacher = TeacherPages(room, opts)

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
        Route("/class", teacher.class_page),
        Route("/teacher", teacher.teacher_page),
        Route("/teacher/events", teacher.teacher_events),
        Route("/teacher/settings", teacher.teacher_settings, methods=["POST"]),
        Route("/teacher/pair", teacher.teacher_pair, methods=["POST"]),
        Route("/teacher/export", teacher.teacher_export, methods=["POST"]),
        Route("/teacher/saves.zip", teacher.teacher_zip),
        Route("/teacher/report", teacher.teacher_report),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit),
                  Middleware(RateLimit, rate=opts.rate, burst=opts.burst)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    return app


__all__ = ["HERE", "Options", "StudentPages", "create_app", "templates"]
