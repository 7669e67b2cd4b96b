"""The crisis screen: turn strip, map with its legend, log, tension gauge, meters, and the
event card — its options, and under them, once one is selected, a panel with its kind and
its advisors' lines — nothing drawn over the map."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import present
from game.session import Session
from game.ui.commands import Command
from game.ui.maprender import MapRenderer, icon
from game.ui.scene import Scene
from game.ui.text import draw_text, line_height, text_height, text_width
from game.ui.theme import (
    BLOC_FILL,
    DEFCON_COLORS,
    INK,
    INK_SOFT,
    KIND_COLORS,
    PAPER,
    PAPER_DARK,
    SIDE_COLORS,
    STAMP,
)
from game.ui.widgets import Block, Button, FocusGroup, ScrollList, ScrollView, panel

if TYPE_CHECKING:
    from game.ui.app import App

ANIM_SECONDS = 0.8
HINT_SECONDS = 2.5
LOG_COLORS = {"incident": STAMP, "ending": STAMP, "detail": INK_SOFT}


def open_game_menu(app: App, session: Session) -> None:
    """The game's menu over the current screen: resume, help, settings, leave."""
    from game.ui.scenes.confirm import MenuScene
    from game.ui.scenes.help import open_help, open_page
    from game.ui.scenes.settings import SettingsScene

    t = app.t

    def leave() -> None:
        leave_to_title(app)

    model = session.scenario.model
    entries = [(t("Resume the game"), lambda: None),
               (t("How to play"), lambda: open_help(app, session.scenario))]
    if model.documents:
        entries.append((t("Documents"), lambda: open_page(app, "documents", session.game)))
    if model.glossary:
        entries.append((t("Glossary"), lambda: open_page(app, "glossary", session.game)))
    entries += [(t("Settings"), lambda: app.push(SettingsScene(app))),
                (t("Save and quit to the title screen"), leave)]
    app.push(MenuScene(app, t("Menu"), entries))


def leave_to_title(app: App) -> None:
    """Back to the title screen (the game is saved after every decision)."""
    from game.ui.scenes.title import TitleScene

    title = next((s for s in app.stack.scenes if isinstance(s, TitleScene)), None)
    if title is None:
        app.replace(TitleScene(app))
    else:
        app.pop_to(title)


class CrisisScene(Scene):
    """Where the game is played."""

    name = "crisis"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.map = MapRenderer(self.app.world, session.scenario, app.settings.lang)
        self.log = ScrollList()
        self.card_view = ScrollView()
        self.details = ScrollView()
        self.details_h = 0
        self.legend = ScrollView()
        self.meter_view = ScrollView()
        self.options = FocusGroup(focus=-1)
        self.menu_button = Button("")
        self.anim: dict[str, float] = {}
        self.shown_layers = set(self.map.visible_layers(session.game))
        self.toast = ""
        self.selected = -1
        self.hint_flash = 0.0
        self.hover_text = ""
        self.map_focus = -1
        self._lang = ""
        self._sync()

    # -- state -----------------------------------------------------------------------------
    def _build_model(self) -> None:
        """The model of the screen, the option buttons and the log, from the game."""
        game = self.session.game
        self._lang = self.app.t.lang
        self.model = present.crisis(game, self.session.side, self.app.t)
        self.log.set_lines([(x.text, LOG_COLORS.get(x.style, INK), x.style == "turn")
                            for x in self.model.log])
        card = self.model.card
        self.option_ids = [o.id for o in card.options] if card else []
        self.options.buttons = [Button(f"{o.number}. {o.text}", key=o.kind)
                                for o in (card.options if card else ())]
        if self.map.lang != self.app.settings.lang:
            self.map = MapRenderer(self.app.world, self.session.scenario,
                                   self.app.settings.lang)

    def _sync(self) -> None:
        """After a decision or a reload: rebuild everything, nothing selected."""
        self._build_model()
        self.log.follow = True
        self.options.focus = -1
        self.selected = -1
        self.card_view.offset = 0
        self.details.offset = 0
        self.layout()

    # -- layout ----------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        pad = m.pad
        t = self.app.t
        if self._lang != t.lang:
            self._build_model()
        self.menu_button.label = t("☰ Menu")
        mw = text_width(self.menu_button.label, m.small) + 2 * m.small
        strip_text_w = w - mw - 4 * pad
        # At most two lines: a scenario's title or a side's name cannot push the map away.
        sh = min(2 * line_height(m.small) + pad,
                 max(line_height(m.small) + pad,
                     text_height(self.strip_text(), m.small, strip_text_w) + pad))
        self.strip = pygame.Rect(0, 0, w, sh)
        self.strip_box = pygame.Rect(2 * pad, pad // 2, strip_text_w, sh - pad)
        self.menu_button.rect = pygame.Rect(w - mw - pad, 2, mw, sh - 4)
        left_w = int(w * 0.56)
        top = self.strip.bottom + pad
        self.legend.rect = pygame.Rect(pad, 0, left_w - 2 * pad, 100)
        legend_h = min(3, self._legend_rows()) * line_height(m.small) + 8
        log_h = max(4 * line_height(m.small), int((h - top) * 0.24))
        map_h = h - top - legend_h - log_h - 3 * pad
        self.map_rect = pygame.Rect(pad, top, left_w - 2 * pad, map_h)
        self.map.set_rect(self.map_rect)
        self.legend.rect = pygame.Rect(pad, self.map_rect.bottom + pad // 2, left_w - 2 * pad,
                                       legend_h)
        self.log.rect = pygame.Rect(pad, self.legend.rect.bottom + pad // 2, left_w - 2 * pad,
                                    h - self.legend.rect.bottom - pad - pad // 2)
        right = pygame.Rect(left_w, top, w - left_w - pad, h - top - pad)
        self.right = right
        self.gauge = pygame.Rect(right.x, right.y, right.width,
                                 line_height(m.small) + line_height(m.text) + pad)
        self._layout_meters()
        hint_h = max(text_height(x, m.small, right.width - 2 * pad)
                     for x in self.hint_texts()) + pad
        self.card = pygame.Rect(right.x, self.meters_rect.bottom + pad, right.width,
                                right.bottom - self.meters_rect.bottom - pad)
        self.hint = pygame.Rect(self.card.x + pad, self.card.bottom - hint_h, right.width - 2 * pad,
                                hint_h - pad // 2)
        self._card_blocks()
        self._place_card()
        self._legend_blocks()

    def _card_body(self) -> pygame.Rect:
        return pygame.Rect(self.card.x + 2, self.card.y + 2, self.card.width - 4,
                           self.hint.y - self.card.y - 6)

    def _place_card(self) -> None:
        """The card's text and options above; the selected option's panel under them, there
        from the start and as tall as the longest option's details need (up to a third of the
        card), so that selecting an option moves nothing under the cursor."""
        body = self._card_body()
        if self.details_h:
            gap = self.app.metrics.pad // 2
            self.details.rect = pygame.Rect(body.x, body.bottom - self.details_h, body.width,
                                            self.details_h)
            self.card_view.rect = pygame.Rect(body.x, body.y, body.width,
                                              self.details.rect.y - gap - body.y)
        else:
            self.details.rect = pygame.Rect(body.x, body.bottom, body.width, 0)
            self.card_view.rect = body
        self.card_view.follow = False  # a smaller box keeps what is at its top

    def _layout_meters(self) -> None:
        """Meters in one or two columns; when they would take more than a third of the
        column, their box scrolls so that the card keeps its room."""
        size = self.app.metrics.small
        meters = self.model.meters
        right = self.right
        pad = self.app.metrics.pad
        view = self.meter_view
        view.rect = pygame.Rect(right.x, self.gauge.bottom + pad // 2, right.width, 1000)
        width = view.content_width()
        two = all(text_width(self._meter_label(x), size) <= width // 2 - pad for x in meters)
        cols = 2 if two and len(meters) > 1 else 1
        col_w = width // cols
        bar_h = max(4, size // 3)
        rows = [meters[k:k + cols] for k in range(0, len(meters), cols)]
        blocks = []
        for row in rows:
            h = max(text_height(self._meter_label(x), size, col_w - pad) for x in row)
            blocks.append(Block(size=size, height=h + bar_h + 4, paint=self._meter_row(
                row, col_w, bar_h)))
        view.set_blocks(blocks, keep_offset=True)
        view.layout()
        cap = max(sum(b.h for b in blocks[:3]) + 8, int(right.height * 0.3))
        view.rect.height = min(view.content_h, cap)
        self.meters_rect = view.rect
        self._meter_cols = (cols, col_w)

    def _meter_row(self, row: tuple, col_w: int, bar_h: int):
        size = self.app.metrics.small

        def paint(surface: pygame.Surface, r: pygame.Rect) -> None:
            for c, x in enumerate(row):
                box = pygame.Rect(r.x + c * col_w, r.y, col_w - self.app.metrics.pad, r.height)
                text_box = pygame.Rect(box.x, box.y, box.width, box.height - bar_h - 4)
                draw_text(surface, self.app.text_log, self._meter_label(x), text_box, size, INK,
                          clip=self.meter_view.rect)
                bar = pygame.Rect(box.x, text_box.bottom + 1, box.width, bar_h)
                color = SIDE_COLORS.get(x.side, INK_SOFT) if x.side else INK_SOFT
                pygame.draw.rect(surface, PAPER_DARK, bar)
                pygame.draw.rect(surface, color, (bar.x, bar.y, round(bar.width * x.fraction),
                                                  bar.height))
                pygame.draw.rect(surface, INK_SOFT, bar, 1)
        return paint

    def meter_at(self, pos: tuple[int, int]) -> present.model.Meter | None:
        """The meter under a point."""
        if not self.meter_view.rect.collidepoint(pos):
            return None
        cols, col_w = self._meter_cols
        for k, b in enumerate(self.meter_view.blocks):
            r = self.meter_view.screen_rect(b)
            if r.collidepoint(pos):
                c = min(cols - 1, (pos[0] - r.x) // max(1, col_w))
                i = k * cols + c
                return self.model.meters[i] if i < len(self.model.meters) else None
        return None

    def _meter_label(self, x: present.model.Meter) -> str:
        return self.app.t("{name}: {value}", name=x.name, value=x.value_text)

    def strip_text(self) -> str:
        """The turn strip's line, with a note after a reload."""
        text = self.model.strip.text
        return f"{text}  ·  {self.toast}" if self.toast else text

    def hint_texts(self) -> list[str]:
        """Every text the hint line can show (its height fits the longest)."""
        t = self.app.t
        card = self.model.card
        if card is None:
            return [""]
        return [card.hint, t("Press Enter (or click again) to decide: {option}", option="9"),
                t("Select an option first: press its number or an arrow key, or click it.")]

    def hint_text(self) -> str:
        """The line under the card: how to choose, or what is selected."""
        texts = self.hint_texts()
        if len(texts) < 3:
            return ""
        if self.selected >= 0:
            return self.app.t("Press Enter (or click again) to decide: {option}",
                              option=str(self.selected + 1))
        return texts[2] if self.hint_flash > 0 else texts[0]

    def _card_blocks(self) -> None:
        """The card's content (title, text, options) and the height of its details panel."""
        m = self.app.metrics
        card = self.model.card
        self.option_blocks = []
        if card is None:
            self.card_view.set_blocks([])
            self.details.set_blocks([])
            self.details_h = 0
            return
        lh = line_height(m.text)
        blocks = [Block(card.title, m.text, STAMP, bold=True),
                  Block(card.text, m.text, INK, gap=lh // 4)]
        for k, b in enumerate(self.options.buttons):
            blk = Block(size=m.text, button=b, gap=lh // 3 if k else lh // 2)
            self.option_blocks.append(blk)
            blocks.append(blk)
        self.card_view.set_blocks(blocks, keep_offset=True)
        probe = ScrollView()
        probe.rect = self._card_body()
        need = 0
        for i in range(-1, len(card.options)):
            probe.set_blocks(self._details_blocks(i))
            probe.layout()
            need = max(need, probe.content_h)
        # A third of the card at most (it scrolls beyond): the options keep the rest, so a
        # small window still shows them before anything is selected.
        self.details_h = min(need, probe.rect.height // 3)
        self.details.set_blocks(self._details_blocks(self.selected), keep_offset=True)

    def _details_blocks(self, i: int) -> list[Block]:
        """Option `i`'s panel: its number and kind, its advisors' lines, and what those
        lines are (before the first decision); with no option selected, how to fill it."""
        card = self.model.card
        m = self.app.metrics
        if card is None:
            return []
        if not 0 <= i < len(card.options):
            return [Block(self.app.t("Select an option to read its advisors' lines here."),
                          m.small, INK_SOFT)]
        lh = line_height(m.small)
        opt = card.options[i]
        out = [Block(self.app.t("Option {number}: {kind}", number=str(opt.number),
                                kind=opt.kind_label), m.small, INK, bold=True)]
        out += [Block(adv.text, m.small, INK, gap=lh // 4) for adv in opt.advisors]
        if opt.advisors and not self.session.game.choices:
            out.append(Block(card.advisors_note, m.small, INK_SOFT, gap=lh // 4))
        return out

    def _legend_entries(self) -> list[tuple[str, str, str]]:
        """(key, text, side) of each legend entry: the blocs' colours, then the model's
        entries (one per kind of thing shown on the map that can be named)."""
        entries = [(f"bloc:{k}", label, "") for k, label in self.bloc_names()]
        return entries + [(e.layer, e.text, e.side) for e in self.model.map.legend]

    def _pack(self, size: int, width: int) -> list[list[tuple[str, str, str]]]:
        rows: list[list[tuple[str, str, str]]] = [[]]
        x = 0
        for e in self._legend_entries():
            need = size + 6 + text_width(e[1], size) + size
            if rows[-1] and x + need > width:
                rows.append([])
                x = 0
            rows[-1].append(e)
            x += need
        return rows

    def _legend_rows(self) -> int:
        return len(self._pack(self.app.metrics.small, self.legend.content_width()))

    def _legend_blocks(self) -> None:
        size = self.app.metrics.small
        rows = self._pack(size, self.legend.content_width())
        lh = line_height(size)

        def painter(row: list[tuple[str, str, str]]):
            def paint(surface: pygame.Surface, r: pygame.Rect) -> None:
                px = r.x
                for key, label, side in row:
                    self._legend_symbol(surface, key, side, (px + size // 2, r.centery), size)
                    avail = max(1, r.right - (px + size + 4))
                    draw_text(surface, self.app.text_log, label,
                              pygame.Rect(px + size + 4, r.y, min(avail, text_width(label, size)
                                                                  + 2), lh),
                              size, INK, clip=self.legend.rect)
                    px += size + 6 + text_width(label, size) + size
            return paint

        blocks = [Block(size=size, height=lh, paint=painter(row)) for row in rows if row]
        if self.hover_text:
            blocks = [Block(self.hover_text, size, INK, bold=True)]
        self.legend.set_blocks(blocks)

    def bloc_names(self) -> list[tuple[str, str]]:
        """The map's colours of the blocs, for the legend."""
        t = self.app.t
        return [("nato", t("NATO")), ("warsaw", t("Warsaw Pact")),
                ("communist_other", t("other communist states"))]

    def _legend_symbol(self, surface: pygame.Surface, key: str, side: str,
                       at: tuple[int, int], size: int) -> None:
        x, y = at
        if key.startswith("bloc:"):
            r = pygame.Rect(x - size // 2, y - size // 3, size, 2 * size // 3)
            pygame.draw.rect(surface, BLOC_FILL[key[5:]], r)
            pygame.draw.rect(surface, INK_SOFT, r, 1)
            return
        layer = next(la for la in self.model.map.layers if la.id == key)
        color = self.map.side_color(side)
        if layer.kind == "marker":
            icon(surface, layer.icon, at, max(5, size // 2), color)
        elif layer.kind == "line":
            width = 5 if layer.icon == "wall" else 3
            pygame.draw.line(surface, INK if layer.icon == "wall" else color,
                             (x - size // 2, y), (x + size // 2, y), width)
        elif layer.kind == "circle":
            pygame.draw.circle(surface, color, at, size // 2 - 1, 2)
        else:
            pygame.draw.rect(surface, color, (x - size // 2, y - size // 3, size,
                                              2 * size // 3), 2)

    # -- input -----------------------------------------------------------------------------
    def select(self, i: int) -> None:
        """Select option `i`: the panel under the options shows its details from their
        start. The card moves only if the option is not in full view (as after the arrows),
        and then as little as needed (an option clicked in part stays under the pointer)."""
        self.options.focus = self.selected = i
        self.hint_flash = 0.0
        self.details.set_blocks(self._details_blocks(i))
        self.card_view.show(self.option_blocks[i], snap=False)
        self.app.sounds.play("select")

    def process(self, cmd: Command) -> None:
        k = cmd.kind
        n = len(self.options.buttons)
        if k == "back":
            open_game_menu(self.app, self.session)
        elif k == "help":
            from game.ui.scenes.help import open_help

            open_help(self.app, self.session.scenario)
        elif k == "reload":
            self.reload()
        elif k == "map":
            self.cycle_map_focus()
        elif k in ("documents", "glossary"):
            from game.ui.scenes.help import open_page

            open_page(self.app, k, self.session.game)
        elif k == "digit":
            i = int(cmd.value) - 1  # type: ignore[arg-type]
            if 0 <= i < n:
                if self.selected == i:
                    self.decide(i)
                else:
                    self.select(i)
        elif k in ("up", "down", "next", "prev") and n:
            step = 1 if k in ("down", "next") else -1
            start = self.selected if self.selected >= 0 else (-1 if step > 0 else n)
            self.select((start + step) % n)
        elif k == "confirm":
            if self.selected >= 0:
                self.decide(self.selected)
            elif n:
                self.hint_flash = HINT_SECONDS
        elif k in ("page_up", "page_down", "home", "end"):
            self.page(k)
        elif k == "scroll":
            pos = self.app.pointer
            target = next((v for v in (self.log, self.legend, self.meter_view, self.details)
                           if v.rect.collidepoint(pos)), self.card_view)
            target.process(k, cmd.value)
        elif k == "click" and isinstance(cmd.value, tuple):
            self.click(cmd.value)
        elif k == "point" and isinstance(cmd.value, tuple):
            self.point(cmd.value)

    def page(self, k: str) -> None:
        """Page keys read the card and then its details panel as one page: down the card,
        then down the panel; back up the panel, then up the card."""
        card, details = self.card_view, self.details
        at_end = card.offset >= card.max_offset() and details.rect.height > 0
        if (k == "page_down" and at_end) or (k == "page_up" and details.offset > 0):
            details.process(k)
        else:
            card.process(k)
            if k in ("home", "end"):
                details.process(k)

    def click(self, pos: tuple[int, int]) -> None:
        """A click: the menu, an option (select, then decide), the map, a scroll bar."""
        if self.menu_button.rect.collidepoint(pos):
            open_game_menu(self.app, self.session)
            return
        for view in (self.card_view, self.details, self.log, self.legend, self.meter_view):
            if view.bar_click(pos):
                return
        if self.card_view.rect.collidepoint(pos):
            i = self.options.at(pos)
            if i >= 0:
                if self.selected == i:
                    self.decide(i)
                else:
                    self.select(i)
            return
        if self.map_rect.collidepoint(pos):
            self.point(pos)

    def point(self, pos: tuple[int, int]) -> None:
        """The pointer moved: hover on options, markers, meters and the gauge."""
        before = (self.options.hover, self.hover_text)
        self.options.hover = self.options.at(pos) if self.card_view.rect.collidepoint(pos) \
            else -1
        self.hover_text = ""
        if self.map_rect.collidepoint(pos):
            self.hover_text = self.map.describe_at(pos, self.model.map, self.app.t)
        elif self.gauge.collidepoint(pos):
            self.hover_text = self.model.gauge.meaning
        else:
            x = self.meter_at(pos)
            if x is not None and x.description:
                self.hover_text = self.app.t("{name}: {value}", name=x.name,
                                             value=x.description)
        if (self.options.hover, self.hover_text) != before:
            self.map_focus = -1 if self.hover_text else self.map_focus
            self._legend_blocks()

    def cycle_map_focus(self) -> None:
        """`m`: focus the map's places one by one (name and what stands there), then none."""
        places = self.map.labelled
        if not places:
            return
        self.map_focus = self.map_focus + 1 if self.map_focus + 1 < len(places) else -1
        self.hover_text = "" if self.map_focus < 0 else self.map.describe_place(
            places[self.map_focus], self.model.map, self.app.t)
        self.map.focus = None if self.map_focus < 0 else places[self.map_focus]
        self._legend_blocks()

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
        leave_to_title(self.app)

    def update(self, dt: float) -> bool:
        moving = False
        for key, v in list(self.anim.items()):
            if v < 1.0:
                self.anim[key] = min(1.0, v + dt / ANIM_SECONDS)
                moving = True
        if self.hint_flash > 0:
            self.hint_flash = max(0.0, self.hint_flash - dt)
            if self.hint_flash == 0:
                self.app.dirty = True  # the next frame shows the usual hint again
        return moving

    def wake_in(self) -> float | None:
        return self.hint_flash if self.hint_flash > 0 else None

    def entered(self) -> None:
        self.layout()

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        log = self.app.text_log
        self.map.draw(surface, self.model.map, self.anim, log, m.small)
        pygame.draw.rect(surface, INK_SOFT, self.map_rect, 2)
        self._strip(surface)
        self._gauge(surface)
        self._meters(surface)
        self._card(surface)
        panel(surface, self.legend.rect, PAPER, INK_SOFT, 1)
        self.legend.draw(surface, log)
        panel(surface, self.log.rect, PAPER, INK_SOFT, 1)
        self.log.draw(surface, log, m.small)

    def _strip(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        pygame.draw.rect(surface, INK, self.strip)
        draw_text(surface, self.app.text_log, self.strip_text(), self.strip_box, m.small, PAPER,
                  valign="middle")
        b = self.menu_button
        pygame.draw.rect(surface, PAPER_DARK if b.rect.collidepoint(self.app.pointer)
                         else PAPER, b.rect, border_radius=4)
        draw_text(surface, self.app.text_log, b.label, b.rect, m.small, INK, align="center",
                  valign="middle")

    def _gauge(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        g = self.model.gauge
        color = DEFCON_COLORS[g.defcon]
        box = self.gauge
        panel(surface, box, PAPER, INK_SOFT, 1)
        bw = text_width(g.defcon_label, m.text, "mono", True) + 2 * m.pad
        badge = pygame.Rect(box.x, box.y, bw, box.height)
        pygame.draw.rect(surface, color, badge)
        pygame.draw.rect(surface, INK, badge, 2)
        draw_text(surface, self.app.text_log, g.defcon_label, badge, m.text, INK, bold=True,
                  family="mono", align="center", valign="middle")
        label = pygame.Rect(badge.right + m.pad, box.y + 2, box.right - badge.right - 2 * m.pad,
                            line_height(m.small))
        draw_text(surface, self.app.text_log, g.label, label, m.small, INK)
        bar = pygame.Rect(label.x, label.bottom + 2, label.width,
                          max(6, box.bottom - label.bottom - m.pad))
        pygame.draw.rect(surface, PAPER_DARK, bar)
        fill = bar.copy()
        fill.width = round(bar.width * g.tension / 100)
        pygame.draw.rect(surface, color, fill)
        pygame.draw.rect(surface, INK, bar, 1)
        for x in (20, 40, 60, 80):
            px = bar.x + bar.width * x // 100
            pygame.draw.line(surface, INK_SOFT, (px, bar.y), (px, bar.bottom))

    def _meters(self, surface: pygame.Surface) -> None:
        self.meter_view.draw(surface, self.app.text_log)

    def _card(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        log = self.app.text_log
        panel(surface, self.card, PAPER_DARK, INK, 2)

        def draw_option(b: Button, clip: pygame.Rect) -> None:
            i = self.options.buttons.index(b)
            b.draw(surface, log, m.text, i == self.selected, i == self.options.hover,
                   align="left", clip=clip)
            stripe = pygame.Rect(b.rect.x, b.rect.y, max(6, m.pad), b.rect.height).clip(clip)
            pygame.draw.rect(surface, KIND_COLORS[b.key], stripe)
            if i == self.selected:
                pygame.draw.rect(surface, STAMP, b.rect.clip(clip), 4, border_radius=4)

        self.card_view.draw(surface, log, draw_option)
        if self.details.rect.height:
            y = self.details.rect.y - m.pad // 4 - 1
            pygame.draw.line(surface, STAMP, (self.card.x + m.pad, y),
                             (self.card.right - m.pad, y), 2)
            self.details.draw(surface, log)
        y = self.hint.y - 3
        pygame.draw.line(surface, INK_SOFT, (self.card.x + m.pad, y), (self.card.right - m.pad, y))
        color = STAMP if self.hint_flash > 0 else INK_SOFT
        draw_text(surface, log, self.hint_text(), self.hint, m.small, color)
