"""The teacher's pages: the dashboard (live), its controls, pairing, export, the class
report and the page to project. Every one needs the teacher's token."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from game.classreport import CSS as REPORT_CSS
from game.classreport import class_report, class_report_html
from game.i18n import Translator
from game.sim.svgchart import FONT as CHART_FONT
from game.web.classroom import ClassError
from game.web.pages import Pages
from game.web.screens import Screens
from game.web.security import POLICY, TEACHER_COOKIE, set_cookie


class TeacherPages(Pages):
    """The dashboard and the teacher's actions."""

    def teacher(self, request: Request) -> bool:
        """Whether the request carries the teacher's token."""
        token = request.cookies.get(TEACHER_COOKIE, "")
        return bool(token) and self.room.is_teacher(token)

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
                         settings=self.room.settings,
                         exported=self.room.store.get("last_export"))

    def dashboard(self, lang: str) -> dict[str, Any]:
        """What the dashboard's live part shows."""
        room = self.room
        screens = {cid: Screens(c, lang) for cid, c in room.scenarios.items()}
        rows = []
        students = room.store.students()
        now = room.clock()
        for s in students:
            game = room.game_of(s)
            row: dict[str, Any] = {"student": s, "game": None,
                                   "away": now - room.last_seen(s) > 30}
            if game is not None and s.side is not None:
                sc = screens.get(game.scenario.id) or Screens(game.scenario, lang)
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
            rows.append(row)
        # Every finished game of the class, not only the ones students are still on.
        endings: dict[tuple[str, str], int] = {}
        for g in room.store.games():
            sc = screens.get(g.scenario_id)
            if g.ending is None or sc is None:
                continue
            try:
                key = (sc.title(), sc.n.ending(g.ending)[0])
            except ValueError:  # an ending the scenario no longer has
                continue
            endings[key] = endings.get(key, 0) + 1
        sides = {cid: room.playable_sides(cid) for cid in screens}
        return {"rows": rows, "endings": sorted(endings.items(), key=lambda kv: -kv[1]),
                "finished": sum(endings.values()), "students": students,
                "scenarios": [(cid, sc.title()) for cid, sc in screens.items()],
                "pair_sides": [(sc.title(), sc.side_name(sides[cid][0]),
                                sc.side_name(sides[cid][1]))
                               for cid, sc in screens.items() if len(sides[cid]) >= 2]}

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
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.opts.data_dir / f"export-{stamp}"
        files = self.room.export(folder)
        # Shown on the dashboard after the redirect, so that reloading it exports nothing.
        self.room.store.put("last_export", [str(folder), len(files)])
        return RedirectResponse("/teacher", 303)

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
        # The report is one file with its style sheet inside: allow exactly that sheet and
        # the charts' font attribute, nothing else inline.
        style = " ".join(("'self'", _sha256(REPORT_CSS), "'unsafe-hashes'", _sha256(CHART_FONT)))
        return HTMLResponse(text, headers={"cache-control": "no-store",
                                           "content-security-policy": POLICY.format(style=style)})

    async def class_page(self, request: Request) -> Response:
        """The page to project: the address, the QR code and the class code."""
        from game.web.server import qr_svg

        lang = self.lang_of(request)
        url = self.opts.addresses[0] if self.opts.addresses else str(request.base_url)
        return self.page("classpage.html", lang, addresses=self.opts.addresses or [url],
                         code=self.room.code, qr=qr_svg(f"{url}?code={self.room.code}"))


def _sha256(text: str) -> str:
    """A content security policy source for exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"
