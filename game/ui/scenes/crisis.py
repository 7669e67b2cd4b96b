"""The crisis screen: map, turn strip, tension gauge, meters, event card, advisors, log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.narrate import KIND_LABELS, Narrator
from game.scenario.expr import defcon_of
from game.session import Session
from game.ui.commands import Command
from game.ui.maprender import MapRenderer
from game.ui.scene import Scene
from game.ui.text import draw_text, fit_size, render
from game.ui.theme import (
    DEFCON_COLORS,
    INK,
    INK_SOFT,
    KIND_COLORS,
    PAPER,
    PAPER_DARK,
    SIDE_COLORS,
    STAMP,
)
from game.ui.widgets import Button, FocusGroup, ScrollList, panel

if TYPE_CHECKING:
    from game.ui.app import App

ANIM_SECONDS = 0.8


class CrisisScene(Scene):
    """Where the game is played."""

    name = "crisis"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.map = MapRenderer(self.app.world, session.scenario, app.settings.lang)
        self.log = ScrollList()
        self.options = FocusGroup()
        self.option_ids: list[str] = []
        self.anim: dict[str, float] = {}
        self.shown_layers = set(self.map.visible_layers(session.game))
        self.toast = ""
        self.selected = -1
        self._sync()

    # -- state -----------------------------------------------------------------------------
    @property
    def narrator(self) -> Narrator:
        """Sentences in the current language."""
        return Narrator(self.session.scenario, self.app.t, self.session.game.humans)

    def _sync(self) -> None:
        """Rebuild the option buttons and the log from the game."""
        game = self.session.game
        n = self.narrator
        lines: list[tuple[str, tuple[int, int, int], bool]] = []
        for r in game.history:
            for k, text in enumerate(n.describe(r)):
                lines.append((text, STAMP if r.kind in ("incident", "ending") else INK,
                              r.kind == "turn" and k == 0))
        self.log.set_lines(lines)
        self.log.follow = True
        p = game.pending
        self.option_ids = []
        buttons = []
        if p is not None:
            c = self.session.scenario
            ev = c.model.events[[e.id for e in c.events].index(p.event)]
            for opt, view in zip(ev.options, p.options, strict=True):
                if not view.legal:
                    continue
                self.option_ids.append(opt.id)
                label = f"{len(self.option_ids)}. {n.text(opt.text, game)}"
                buttons.append(Button(label, color=INK, key=opt.kind))
        self.options.buttons = buttons
        self.options.focus = 0
        self.selected = -1
        self.layout()

    # -- layout ----------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        pad = m.pad
        self.strip = pygame.Rect(0, 0, w, int(m.text * 1.9))
        left_w = int(w * 0.58)
        top = self.strip.bottom + pad
        self.map_rect = pygame.Rect(pad, top, left_w - 2 * pad, int((h - top) * 0.66))
        self.map.set_rect(self.map_rect)
        self.log.rect = pygame.Rect(pad, self.map_rect.bottom + pad, left_w - 2 * pad,
                                    h - self.map_rect.bottom - 2 * pad)
        right = pygame.Rect(left_w, top, w - left_w - pad, h - top - pad)
        self.right = right
        self.gauge = pygame.Rect(right.x, right.y, right.width, int(m.text * 2.6))
        n_meters = len(self.session.scenario.meters)
        rows = (n_meters + 1) // 2
        self.meters = pygame.Rect(right.x, self.gauge.bottom + pad, right.width,
                                  int(rows * m.small * 1.9))
        self.card = pygame.Rect(right.x, self.meters.bottom + pad, right.width,
                                right.bottom - self.meters.bottom - pad)
        inner = self.card.inflate(-2 * pad, -2 * pad)
        self.card_title = pygame.Rect(inner.x, inner.y, inner.width, int(m.text * 1.5))
        n_opt = max(1, len(self.options.buttons))
        bh = int(m.small * 2.9)
        hint_h = int(m.small * 1.5)
        opts_h = n_opt * (bh + pad // 2)
        text_h = inner.bottom - self.card_title.bottom - opts_h - hint_h - 2 * pad
        self.card_text = pygame.Rect(inner.x, self.card_title.bottom + pad // 2, inner.width,
                                     max(m.small * 2, text_h))
        y = self.card_text.bottom + pad
        for b in self.options.buttons:
            b.rect = pygame.Rect(inner.x, y, inner.width, bh)
            y += bh + pad // 2
        self.hint = pygame.Rect(inner.x, inner.bottom - hint_h, inner.width, hint_h)
        self.advice = pygame.Rect(self.map_rect.x + pad, self.map_rect.bottom - int(h * 0.2),
                                  self.map_rect.width - 2 * pad, int(h * 0.2) - pad)

    # -- input -----------------------------------------------------------------------------
    def process(self, cmd: Command) -> None:
        m = self.app.metrics
        k = cmd.kind
        if k == "back":
            from game.ui.scenes.confirm import ConfirmScene

            self.app.push(ConfirmScene(self.app, self.app.t(
                "Leave this game for the title screen? It is saved, and you can continue it "
                "later."), self.leave))
        elif k == "reload":
            self.reload()
        elif k == "digit":
            i = int(cmd.value) - 1  # type: ignore[arg-type]
            if 0 <= i < len(self.options.buttons):
                if self.selected == i:
                    self.decide(i)
                else:
                    self.options.focus = self.selected = i
                    self.app.sounds.play("select")
        elif k in ("page_up", "page_down"):
            self.log.scroll(-5 if k == "page_up" else 5, m.small)
        elif k == "scroll":
            self.log.scroll(int(cmd.value or 0) * 2, m.small)
        elif k == "confirm":
            if self.options.buttons:
                self.decide(self.options.focus)
        elif k == "click":
            i = self.options.at(cmd.value)  # type: ignore[arg-type]
            if i >= 0:
                if self.selected == i:
                    self.decide(i)
                else:
                    self.options.focus = self.selected = i
                    self.app.sounds.play("select")
        else:
            self.options.process(k, cmd.value)

    def decide(self, i: int) -> None:
        """Take option `i`; show the dispatch; start the map's animations."""
        from game.ui.scenes.result import ResultScene

        records = self.session.choose(self.option_ids[i])
        before = self.shown_layers
        self.shown_layers = set(self.map.visible_layers(self.session.game))
        for layer in self.shown_layers - before:
            self.anim[layer] = 0.0
        self._sync()
        self.app.push(ResultScene(self.app, self.session, records, self.card))
        warning = self.session.save_warning()
        if warning:  # shown over the result: the game goes on, unsaved
            from game.ui.scenes.confirm import MessageScene

            t = self.app.t
            self.app.push(MessageScene(self.app, t("The game is not saved"), [t(
                "Your game cannot be saved in {folder} ({reason}). You can play on, but it "
                "will not be kept.", folder=self.session.save_folder, reason=t(warning))]))

    def reload(self) -> None:
        """F5: read the scenario file again; keep the old one if the new one has errors."""
        from game.ui.scenes.confirm import MessageScene

        result = self.session.reload()
        t = self.app.t
        if not result.ok:
            self.app.push(MessageScene(self.app, t(
                "The scenario file has errors; the game goes on with the version loaded "
                "before."), [str(p) for p in result.problems if p.is_error]))
            return
        self.map = MapRenderer(self.app.world, self.session.scenario, self.app.settings.lang)
        self.shown_layers = set(self.map.visible_layers(self.session.game))
        self.toast = t("Scenario reloaded: {k} of {n} choices replayed.", k=result.applied,
                       n=result.total)
        self._sync()
        if self.session.game.is_over():
            from game.ui.scenes.debrief import DebriefScene

            self.app.pop()
            self.app.push(DebriefScene(self.app, self.session))

    def leave(self) -> None:
        """Back to the title screen."""
        from game.ui.scenes.title import TitleScene

        while self.app.stack.top is not None and not isinstance(self.app.stack.top, TitleScene):
            self.app.pop()
        if self.app.stack.top is None:
            self.app.push(TitleScene(self.app))

    def update(self, dt: float) -> bool:
        moving = False
        for key, v in list(self.anim.items()):
            if v < 1.0:
                self.anim[key] = min(1.0, v + dt / ANIM_SECONDS)
                moving = True
        return moving

    def entered(self) -> None:
        self.layout()

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        self.map.draw(surface, self.session.game, self.anim, self.app.text_log, m.small)
        pygame.draw.rect(surface, INK_SOFT, self.map_rect, 2)
        self._strip(surface)
        self._gauge(surface)
        self._meters(surface)
        self._card(surface)
        panel(surface, self.log.rect, PAPER, INK_SOFT, 1)
        self.log.draw(surface, self.app.text_log, m.small)
        self._advice(surface)

    def _strip(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        t = self.app.t
        game = self.session.game
        c = self.session.scenario
        n = self.narrator
        pygame.draw.rect(surface, INK, self.strip)
        turn = min(game.turn, c.n_turns)
        label = ""
        if c.model.turns.labels is not None:
            label = " — " + n.text(c.model.turns.labels[turn - 1])
        side = n.side_name(self.session.side)
        text = t("{title} · Turn {n} of {total} · {date}{label} · You lead: {side}",
                 title=n.text(c.model.title), n=turn, total=c.n_turns,
                 date=t.date(game.date), label=label, side=side)
        if self.toast:
            text += "  ·  " + self.toast
        draw_text(surface, self.app.text_log, text, self.strip.inflate(-2 * m.pad, -m.pad // 2),
                  m.text, PAPER, family="mono", valign="middle", min_size=9)

    def _gauge(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        t = self.app.t
        tension = self.session.game.tension
        level = int(defcon_of(tension))
        color = DEFCON_COLORS[level]
        box = self.gauge
        panel(surface, box, PAPER, INK_SOFT, 1)
        badge = pygame.Rect(box.x, box.y, int(box.width * 0.34), box.height)
        pygame.draw.rect(surface, color, badge)
        pygame.draw.rect(surface, INK, badge, 2)
        draw_text(surface, self.app.text_log, f"DEFCON {level}", badge.inflate(-m.pad, -m.pad),
                  m.text, INK, bold=True, family="mono", align="center", valign="middle",
                  min_size=9)
        bar = pygame.Rect(badge.right + m.pad, box.y + box.height // 2, 0, box.height // 3)
        bar.width = box.right - bar.x - m.pad
        pygame.draw.rect(surface, PAPER_DARK, bar)
        fill = bar.copy()
        fill.width = round(bar.width * tension / 100)
        pygame.draw.rect(surface, color, fill)
        pygame.draw.rect(surface, INK, bar, 1)
        for x in (20, 40, 60, 80):
            px = bar.x + bar.width * x // 100
            pygame.draw.line(surface, INK_SOFT, (px, bar.y), (px, bar.bottom))
        label = pygame.Rect(bar.x, box.y + 2, bar.width, bar.y - box.y - 2)
        draw_text(surface, self.app.text_log, t("World tension: {t}/100", t=round(tension)),
                  label, m.small, INK, valign="middle", min_size=9)

    def _meters(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        c = self.session.scenario
        n = self.narrator
        values = self.session.game.meters
        col_w = self.meters.width // 2
        row_h = int(m.small * 1.9)
        for i, name in enumerate(c.meters):
            x = self.meters.x + (i % 2) * col_w
            y = self.meters.y + (i // 2) * row_h
            box = pygame.Rect(x, y, col_w - m.pad, row_h - 2)
            v = values[name]
            lo, hi = float(c.meter_lo[i]), float(c.meter_hi[i])
            owner = int(c.meter_owner[i])
            color = SIDE_COLORS.get(c.sides[owner], INK_SOFT) if owner >= 0 else INK_SOFT
            text_box = pygame.Rect(box.x, box.y, box.width, int(row_h * 0.6))
            label = self.app.t("{name}: {value}", name=n.meter_name(name), value=f"{v:.0f}")
            draw_text(surface, self.app.text_log, label, text_box, m.small, INK, min_size=8)
            bar = pygame.Rect(box.x, text_box.bottom, box.width, max(3, row_h // 4))
            pygame.draw.rect(surface, PAPER_DARK, bar)
            frac = 0 if hi == lo else (v - lo) / (hi - lo)
            pygame.draw.rect(surface, color, (bar.x, bar.y, round(bar.width * frac), bar.height))
            pygame.draw.rect(surface, INK_SOFT, bar, 1)

    def _card(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        t = self.app.t
        log = self.app.text_log
        panel(surface, self.card, PAPER_DARK, INK, 2)
        game = self.session.game
        p = game.pending
        if p is None:
            return
        c = self.session.scenario
        n = self.narrator
        ev = c.model.events[[e.id for e in c.events].index(p.event)]
        draw_text(surface, log, n.text(ev.title, game), self.card_title, m.text, STAMP, bold=True,
                  family="mono", min_size=9)
        draw_text(surface, log, n.text(ev.text, game), self.card_text, m.text, INK, min_size=9)
        # One text size for every option, so that none looks more important than another.
        size = min((fit_size(b.label, b.inner(m.small), m.small, 8)
                    for b in self.options.buttons), default=m.small)
        for i, b in enumerate(self.options.buttons):
            focused = i == self.options.focus
            b.draw(surface, log, size, focused, i == self.options.hover, fixed=True)
            kind_box = pygame.Rect(b.rect.x, b.rect.y, 6, b.rect.height)
            pygame.draw.rect(surface, KIND_COLORS[b.key], kind_box)
            if i == self.selected:
                pygame.draw.rect(surface, STAMP, b.rect, 4, border_radius=4)
        hint = t("Number or click: select · again or Enter: decide · F5: reload")
        if self.selected >= 0:
            hint = t("Press Enter (or click again) to decide: {option}",
                     option=str(self.selected + 1))
        draw_text(surface, log, hint, self.hint, m.small, INK_SOFT, min_size=8)

    def _advice(self, surface: pygame.Surface) -> None:
        """The advisors' lines and kind of the focused (or hovered) option, over the map."""
        i = self.options.hover if self.options.hover >= 0 else self.options.focus
        if not self.option_ids or i >= len(self.option_ids):
            return
        m = self.app.metrics
        t = self.app.t
        c = self.session.scenario
        n = self.narrator
        p = self.session.game.pending
        if p is None:
            return
        ev = c.model.events[[e.id for e in c.events].index(p.event)]
        opt = next(o for o in ev.options if o.id == self.option_ids[i])
        parts = [f"{i + 1}. [{t(KIND_LABELS[opt.kind])}] {n.text(opt.text, self.session.game)}"]
        for adv in opt.advisors:
            parts.append(n.advisor_line(adv, self.session.game))
        text = "\n".join(parts)
        inner_w = self.advice.width - 2 * m.pad
        size = fit_size(text, pygame.Rect(0, 0, inner_w, self.advice.height - m.pad), m.small, 8)
        height = min(self.advice.height, render(text, size, inner_w).get_height() + m.pad)
        box = pygame.Rect(self.advice.x, self.advice.bottom - height, self.advice.width, height)
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((*PAPER, 235))
        surface.blit(shade, box)
        pygame.draw.rect(surface, KIND_COLORS[opt.kind], box, 3)
        draw_text(surface, self.app.text_log, text, box.inflate(-m.pad * 2, -m.pad), size, INK)
