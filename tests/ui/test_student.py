"""The window as a student uses it: one press one step, readable text everywhere, a map that
nothing covers, a debrief that sets the student's decisions against history."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from game.engine import Game
from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.settings import Settings
from game.ui.app import App
from game.ui.maprender import icon_box, marker_size
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.crisis import CrisisScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.result import ResultScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from game.ui.shot import build_scene
from game.ui.text import _renders, render, wrap_lines
from game.ui.theme import MIN_BODY, MIN_TEXT, font

from .conftest import MINI, click, key, key_up, press

CUBA = next(p for p in shipped_scenarios() if p.stem.startswith("cuban"))
BERLIN = next(p for p in shipped_scenarios() if p.stem.startswith("berlin"))
TEMPLATE = Path(__file__).parent.parent.parent / "scenarios" / "_template.yaml"


def to_crisis(app: App, path: Path = MINI) -> CrisisScene:
    app.push(TitleScene(app, [load_scenario(path)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    return crisis


# -- one press, one step -------------------------------------------------------------------
def test_one_enter_moves_one_step_even_in_one_batch(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    # Three presses queued before the briefing could show: only the first acts.
    app.step([key(pygame.K_RETURN), key_up(pygame.K_RETURN), key(pygame.K_RETURN),
              key_up(pygame.K_RETURN), key(pygame.K_RETURN)], dt=0.0)
    assert isinstance(app.stack.top, BriefingScene)
    assert app.stack.top.session.game.choices == []


def test_a_held_enter_takes_at_most_one_decision(make_app) -> None:
    app = make_app()
    crisis = to_crisis(app)
    press(app, pygame.K_1)
    app.step([key(pygame.K_RETURN)], dt=0.0)  # decides
    for _ in range(90):  # 1.5 s of auto-repeat at 60 a second
        app.step([key(pygame.K_RETURN)], dt=1 / 60)
    assert len(crisis.session.game.choices) == 1
    assert isinstance(app.stack.top, ResultScene)
    app.step([key_up(pygame.K_RETURN)], dt=0.0)


def test_a_key_down_when_a_scene_appears_is_ignored_there(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    press(app, pygame.K_RETURN)
    app.step([key(pygame.K_RETURN)], dt=0.0)  # Begin: the crisis appears with Enter down
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    app.step([key(pygame.K_1)], dt=0.0)
    for _ in range(30):
        app.step([key(pygame.K_RETURN)], dt=1 / 60)
    assert crisis.session.game.choices == []


def test_nothing_is_selected_and_enter_alone_only_shows_the_hint(make_app) -> None:
    app = make_app()
    crisis = to_crisis(app)
    assert crisis.selected == -1 and crisis.options.focus == -1
    hint = crisis.hint_text()
    app.step([key(pygame.K_RETURN), key_up(pygame.K_RETURN)], dt=0.0)
    assert crisis.session.game.choices == [] and app.stack.top is crisis
    assert crisis.hint_text() != hint and crisis.hint_text() in app.text_log.texts()
    assert crisis.wake_in() is not None  # the loop wakes up to take the hint away
    frames = len(app.frame_times)
    app.step(dt=5.0)
    assert crisis.hint_text() == hint and len(app.frame_times) == frames + 1
    press(app, pygame.K_DOWN)
    assert crisis.selected == 0 and crisis.session.game.choices == []
    press(app, pygame.K_RETURN)
    assert len(crisis.session.game.choices) == 1


def test_escape_on_the_dispatch_never_goes_on_to_a_decision(make_app) -> None:
    app = make_app()
    crisis = to_crisis(app)
    press(app, pygame.K_1)
    app.step([key(pygame.K_RETURN)], dt=0.0)
    app.step([key_up(pygame.K_RETURN)], dt=0.0)
    result = app.stack.top
    assert isinstance(result, ResultScene) and result.typing
    app.step([key(pygame.K_ESCAPE), key_up(pygame.K_ESCAPE)], dt=0.0)
    assert app.stack.top is result and not result.typing  # the dispatch's end
    press(app, pygame.K_ESCAPE)
    assert app.stack.top.name == "menu"
    press(app, pygame.K_ESCAPE)
    assert app.stack.top is result
    assert len(crisis.session.game.choices) == 1


def test_every_event_is_followed_by_a_frame(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    app.step(dt=0.0)
    for k in (pygame.K_DOWN, pygame.K_UP, pygame.K_RIGHT):
        frames = len(app.frame_times)
        app.step([key(k)], dt=0.0)
        assert len(app.frame_times) == frames + 1
        app.step([key_up(k)], dt=0.0)


def test_the_left_arrow_goes_back(make_app) -> None:
    app = make_app()
    paths = [MINI, *shipped_scenarios()]
    title = TitleScene(app, [load_scenario(p) for p in paths], seed=5)
    app.push(title)
    app.step(dt=1.0)
    button = title.group.buttons[title.keys.index("scenario")]
    app.step(click((button.rect.x + 5, button.rect.centery)), dt=1.0)
    assert title.scenario_i == len(paths) - 1
    app.step(click((button.rect.right - 5, button.rect.centery)), dt=1.0)
    assert title.scenario_i == 0


def test_settings_do_not_move_under_the_cursor(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    app.push(SettingsScene(app))
    app.step(dt=1.0)
    scene = app.stack.top
    before = [b.rect.copy() for b in scene.group.buttons]
    scale = scene.group.buttons[2]
    for _ in range(3):
        app.step(click((scale.rect.right - 5, scale.rect.centery)), dt=1.0)
        assert [b.rect for b in scene.group.buttons] == before
    assert app.settings.scale != 1.0


def test_title_buttons_stay_put_when_the_scenario_changes(make_app) -> None:
    app = make_app((1024, 640), "fr")
    app.push(TitleScene(app, [load_scenario(p) for p in shipped_scenarios()], seed=5))
    app.step(dt=1.0)
    scene = app.stack.top
    arrow = scene.group.buttons[scene.keys.index("scenario")]
    before = scene.group.buttons[scene.keys.index("start")].rect.copy()
    seen = set()
    for _ in range(3):  # every shipped scenario's title, long and short
        app.step(click((arrow.rect.right - 5, arrow.rect.centery)), dt=1.0)
        assert scene.group.buttons[scene.keys.index("start")].rect == before
        seen.add(scene.scenario.id)
    assert len(seen) == 3


def test_a_double_click_does_not_reach_the_next_screen(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    app.step(dt=1.0)
    start = app.stack.top.group.buttons[app.stack.top.keys.index("start")]
    app.step(click(start.rect.center) + click(start.rect.center), dt=0.05)
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene)
    app.step(click(briefing.group.buttons[1].rect.center), dt=0.05)  # 0.05 s after it showed
    assert app.stack.top is briefing
    app.step(dt=0.5)
    app.step(click(briefing.group.buttons[1].rect.center), dt=0.0)
    assert isinstance(app.stack.top, CrisisScene)


def test_a_click_works_on_a_scene_that_waited_still(make_app, monkeypatch) -> None:
    """The real loop sleeps while nothing moves: the time a still screen waited counts, so
    a click on the briefing's Begin, seconds after it showed, starts the game."""
    import game.ui.app as app_module
    from game.ui.start import first_scenes

    clock = [1000.0]

    class FakeTime:
        @staticmethod
        def perf_counter() -> float:
            return clock[0]

    monkeypatch.setattr(app_module, "time", FakeTime)
    app = make_app()

    def after_a_wait(seconds: float, events: list[pygame.event.Event]) -> None:
        clock[0] += seconds  # the loop waits for input while nothing moves
        pygame.event.clear()
        for event in events:
            pygame.event.post(event)
        app.step(app.next_events())

    assert first_scenes(app, str(MINI), "us", 5, autosave=False) is None
    after_a_wait(0.0, [])  # the briefing shows
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene) and not app.animating
    after_a_wait(0.1, click(briefing.group.buttons[1].rect.center))
    assert app.stack.top is briefing  # a double click's second half is still ignored
    after_a_wait(3.0, click(briefing.group.buttons[1].rect.center))
    assert isinstance(app.stack.top, CrisisScene)


# -- readable text -------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1920, 1080)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_text_is_never_under_the_minimum(size, scale: float, lang: str) -> None:
    from game.engine import Game

    choices = [Game.new(load_scenario(CUBA), 7, ["us"]).legal_options()[0]]
    for scene in ("title", "briefing", "crisis", "result", "debrief"):
        app = App(size, Settings(lang=lang, scale=scale), persist=False, sound=False)
        assert build_scene(app, str(CUBA), scene, 7, "us", choices if scene == "result"
                           else []) is None
        app.step(dt=30.0)
        app.draw()
        items = app.text_log.items
        assert items
        window = pygame.Rect((0, 0), size)
        for item in items:
            assert item.size >= MIN_TEXT, f"{scene}: {item.text[:50]!r} at {item.size} px"
            assert not item.overflow, f"{scene}: {item.text[:50]!r} does not fit"
            assert window.contains(item.rect)
        if size == (1280, 720) and scale == 1.0 and scene in ("briefing", "crisis"):
            body = max(items, key=lambda i: len(i.text))
            assert body.size >= MIN_BODY
        pygame.quit()


def test_french_and_english_share_one_size(make_app) -> None:
    sizes = {}
    for lang in ("en", "fr"):
        app = make_app((1280, 720), lang)
        assert build_scene(app, str(CUBA), "briefing", 7, "us", []) is None
        app.step(dt=0.0)
        sizes[lang] = sorted({i.size for i in app.text_log.items})
        pygame.quit()
    assert sizes["en"] == sizes["fr"]


def test_long_text_scrolls_with_a_bar_and_every_key(make_app) -> None:
    app = make_app((1024, 640))
    assert build_scene(app, str(CUBA), "debrief", 7, "us", []) is None
    app.step(dt=0.0)
    debrief = app.stack.top
    assert isinstance(debrief, DebriefScene)
    view, left = debrief.pages, debrief.summary
    assert view.overflows()
    press(app, pygame.K_END)
    assert view.offset == view.max_offset() > 0 and left.offset == left.max_offset()
    press(app, pygame.K_HOME)
    assert view.offset == 0 and left.offset == 0
    # The keys read the left column (the ending, the scores) to its end, then the right one.
    for _ in range(20):
        if left.offset >= left.max_offset():
            break
        press(app, pygame.K_PAGEDOWN)
    assert left.offset == left.max_offset() and view.offset == 0
    press(app, pygame.K_PAGEDOWN)
    page = view.offset
    assert page > 5 * 20
    press(app, pygame.K_DOWN)
    assert view.offset > page
    press(app, pygame.K_PAGEUP, pygame.K_PAGEUP)
    assert view.offset == 0
    for _ in range(20):
        press(app, pygame.K_PAGEUP)
    assert left.offset == 0


def test_the_debrief_left_column_is_read_by_keys_at_150_percent(make_app) -> None:
    from game.settings import Settings
    from game.ui.app import App

    app = App((1920, 1080), Settings(lang="fr", scale=1.5), persist=False, sound=False)
    assert build_scene(app, str(BERLIN), "debrief", 7, "us", []) is None
    app.step(dt=0.0)
    debrief = app.stack.top
    assert isinstance(debrief, DebriefScene)
    left = debrief.summary
    assert left.overflows()  # the score's explanation does not fit at this scale
    for _ in range(20):
        press(app, pygame.K_PAGEDOWN)
    assert left.offset == left.max_offset()


def test_a_huge_word_breaks_and_nothing_grows_without_bound(make_app) -> None:
    make_app()
    word = "x" * 9_999
    lines = wrap_lines(word, 16, 300)
    f = font(16)
    assert all(f.size(x)[0] <= 300 for x in lines) and "".join(lines) == word
    many = "\n".join(f"line {i}" for i in range(2000))
    assert len(wrap_lines(many, 16, 300)) == 2000
    for i in range(3000):
        render(f"text number {i} " * 8, 16)
    assert _renders.used <= _renders.budget


@pytest.mark.parametrize("text", ["Il a dit\u00a0: «\u202fnon\u202f»\u202f!",
                                  "Quoi\u202f? «\u00a0Une crise\u00a0»\u00a0: la guerre"])
def test_lines_never_break_at_a_french_non_breaking_space(make_app, text: str) -> None:
    make_app()
    widest = max(font(16).size(word)[0] for word in text.split(" "))
    for width in range(widest, 400, 7):  # a word wider than the line must break somewhere
        for part in wrap_lines(text, 16, width):
            assert not part.startswith(("»", ":", "!", "?", "\u202f", "\u00a0"))
            assert not part.endswith("«")


# -- the map is never covered --------------------------------------------------------------
def test_nothing_is_drawn_over_the_map(make_app) -> None:
    app = make_app((1280, 720))
    crisis = to_crisis(app, CUBA)
    app.step(dt=30.0)
    before = pygame.surfarray.array3d(app.screen.subsurface(crisis.map_rect)).copy()
    for k in (pygame.K_1, pygame.K_2, pygame.K_3):
        press(app, k)
        app.draw()
        texts = {i.text for i in app.text_log.items if crisis.map_rect.colliderect(i.rect)}
        names = {p.name for p in crisis.model.map.places}
        assert texts <= names, texts - names  # only the map's own labels
        after = pygame.surfarray.array3d(app.screen.subsurface(crisis.map_rect))
        assert (before == after).all()
    advisors = [a.text for a in crisis.model.card.options[2].advisors]
    assert advisors and all(a in app.text_log.texts() for a in advisors)


def test_the_map_has_a_legend_and_hovering_a_place_names_it(make_app) -> None:
    app = make_app((1280, 720))
    crisis = to_crisis(app, CUBA)
    app.step(dt=30.0)
    drawn = app.text_log.texts()
    for entry in crisis._legend_entries():
        assert entry[1] in drawn
    pid = crisis.map.labelled[0]
    pos = crisis.map.place_px(pid)
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))],
             dt=0.0)
    name = next(p.name for p in crisis.model.map.places if p.id == pid)
    assert crisis.hover_text.startswith(name)
    assert crisis.hover_text in app.text_log.texts()
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=(1, 700), rel=(0, 0),
                                 buttons=(0, 0, 0))], dt=0.0)
    press(app, pygame.K_m)
    assert crisis.map.focus == crisis.map.labelled[0] and crisis.hover_text


def test_map_labels_stay_inside_and_never_overlap(make_app) -> None:
    for path in shipped_scenarios():
        app = make_app((1024, 640))
        crisis = to_crisis(app, path)
        app.step(dt=30.0)
        names = {p.name for p in crisis.model.map.places}
        rects = [i.rect for i in app.text_log.items if i.text in names
                 and crisis.map_rect.colliderect(i.rect)]
        assert rects
        for k, r in enumerate(rects):
            assert crisis.map_rect.contains(r)
            assert r.collidelist(rects[k + 1:]) < 0
        pygame.quit()



@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_map_labels_never_cover_a_marker(make_app, path: Path) -> None:
    c = load_scenario(path)
    side = next(s.id for s in c.model.sides if s.playable)
    g = Game.new(c, 5, [side])
    while not g.is_over():
        g.apply(g.pending.legal[len(g.choices) % len(g.pending.legal)])
    choices = [option for _event, option in g.choices]
    app = make_app((1280, 720))
    for k in sorted({0, len(choices) // 2, max(0, len(choices) - 1)}):
        assert build_scene(app, str(path), "crisis", 5, side, choices[:k]) is None
        crisis = app.stack.top
        assert isinstance(crisis, CrisisScene)
        app.step(dt=30.0)
        m = crisis.map
        size = marker_size(app.metrics.small)
        markers = [pygame.Rect(*b[:2], b[2] - b[0], b[3] - b[1]) for b in (
            icon_box(x.icon, m.place_px(x.places[0]), size)
            for x in crisis.model.map.layers if x.kind == "marker")]
        names = {p.name for p in crisis.model.map.places}
        labels = [i.rect for i in app.text_log.items if i.text in names
                  and crisis.map_rect.colliderect(i.rect)]
        assert labels
        for r in labels:
            assert r.inflate(-2, -2).collidelist(markers) < 0


# -- the debrief -----------------------------------------------------------------------------
def test_the_debrief_sets_decisions_against_history(make_app) -> None:
    app = make_app((1280, 720))
    assert build_scene(app, str(CUBA), "debrief", 7, "us", []) is None
    debrief = app.stack.top
    assert isinstance(debrief, DebriefScene)
    rows = debrief.model.decisions
    assert len(rows) == len(debrief.session.game.choices) >= 3
    texts = [b.text for b in debrief.pages.blocks]
    assert texts[0] == "Your decisions and history"
    for row in rows:
        assert f"{row.date} — {row.event}" in texts
        assert any(row.choice in x for x in texts)
    assert texts.count("What really happened") == 1
    assert debrief.model.explanation and debrief.model.score_note
    app.step(dt=0.0)
    drawn = app.text_log.texts()
    assert "Your decisions and history" in drawn
    assert all(label in drawn for _, label in debrief.model.chart.legend)
    assert any(p.axis in drawn for p in debrief.model.chart.points)


# -- documents, glossary, help -------------------------------------------------------------
def test_documents_glossary_and_help_are_reachable(make_app) -> None:
    app = make_app((1280, 720))
    crisis = to_crisis(app, TEMPLATE)
    press(app, pygame.K_d)
    assert app.stack.top.name == "documents"
    press(app, pygame.K_ESCAPE, pygame.K_g)
    assert app.stack.top.name == "glossary"
    c = crisis.session.scenario
    first_term = c.model.glossary[0].term
    term = first_term["en"] if isinstance(first_term, dict) else first_term
    assert any(term in x for x in app.text_log.texts())
    press(app, pygame.K_ESCAPE, pygame.K_F1)
    assert app.stack.top.name == "help"
    press(app, pygame.K_ESCAPE, pygame.K_h)
    assert app.stack.top.name == "help"
    press(app, pygame.K_ESCAPE)
    assert app.stack.top is crisis and crisis.session.game.choices == []



@pytest.mark.parametrize("size, scale", [((1280, 720), 1.0), ((1024, 640), 1.5)])
def test_a_selected_option_shows_its_advisors_without_moving_the_card(size, scale) -> None:
    app = App(size, Settings(scale=scale), persist=False, sound=False)
    try:
        crisis = to_crisis(app, CUBA)
        app.step(dt=30.0)
        card_rect = crisis.card_view.rect.copy()
        assert crisis.details.rect.height > 0  # the panel is there before any selection
        card = crisis.model.card
        for keys in ([pygame.K_3], [pygame.K_UP], [pygame.K_DOWN, pygame.K_DOWN]):
            press(app, *keys)
            app.draw()
            i = crisis.selected
            opt = card.options[i]
            drawn = [x for x in app.text_log.items if crisis.details.rect.contains(x.rect)]
            assert any(f"{opt.number}" in x.text and opt.kind_label in x.text for x in drawn)
            first = opt.advisors[0].text if opt.advisors else None
            assert first is None or any(first.startswith(x.text) for x in drawn)
            crisis.card_view.place_buttons()
            assert crisis.card_view.rect.contains(crisis.options.buttons[i].rect)
            assert crisis.card_view.rect == card_rect
    finally:
        pygame.quit()


def test_a_click_never_moves_the_card_under_the_cursor() -> None:
    app = App((1024, 640), Settings(scale=1.5), persist=False, sound=False)
    try:
        crisis = to_crisis(app, CUBA)
        app.step(dt=30.0)
        view = crisis.card_view
        assert view.overflows()
        view.show(crisis.option_blocks[0])  # as a student scrolls to it with the wheel
        view.place_buttons()
        button = crisis.options.buttons[0]
        spot = button.rect.clip(view.rect).center
        offset = view.offset
        app.step(click(spot), dt=1.0)
        assert crisis.selected == 0 and view.offset == offset
        app.step(click(spot), dt=1.0)
        assert len(crisis.session.game.choices) == 1
    finally:
        pygame.quit()


def test_enter_on_the_debrief_does_what_its_button_says_and_never_from_a_held_key(
        make_app) -> None:
    app = make_app((1280, 720))
    assert build_scene(app, str(CUBA), "debrief", 7, "us", []) is None
    app.step(dt=0.0)
    debrief = app.stack.top
    assert isinstance(debrief, DebriefScene)
    focused = debrief.group.buttons[debrief.group.focus]
    assert focused.label == app.t("Back to the title screen")
    app.keys_down.add(pygame.K_RETURN)  # Enter held down: what follows is key repeat
    for _ in range(30):
        app.step([key(pygame.K_RETURN)], dt=1 / 60)
    assert app.stack.top is debrief
    app.step([key_up(pygame.K_RETURN)], dt=0.0)
    press(app, pygame.K_RETURN)
    assert app.stack.top.name == "title"


def test_the_dispatch_scrolls_half_a_line_or_more_and_never_skips_one() -> None:
    app = App((1024, 640), Settings(scale=1.5), persist=False, sound=False)
    try:
        assert build_scene(app, str(CUBA), "result", 7, "us", ["blockade"]) is None
        app.step(dt=0.0)
        result = app.stack.top
        assert isinstance(result, ResultScene)
        result.finish_typing()
        view = result.view
        assert view.overflows()
        line = view.step()
        for events in ([key(pygame.K_DOWN), key_up(pygame.K_DOWN)],
                       [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False,
                                           precise_x=0.0, precise_y=-1.0)]):
            view.offset = 0
            seen = [0]
            while view.offset < view.max_offset() and len(seen) < 200:
                app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=view.rect.center,
                                             rel=(0, 0), buttons=(0, 0, 0)), *events],
                         dt=0.0)
                seen.append(view.offset)
            steps = [b - a for a, b in itertools.pairwise(seen)]
            assert view.offset == view.max_offset() and steps
            assert all(line // 2 <= s <= view.rect.height - line for s in steps), steps
    finally:
        pygame.quit()


def test_sigterm_quits_without_the_quit_dialog(make_app, monkeypatch) -> None:
    import os
    import signal

    from game.ui.shot import build_scene

    app = make_app((1280, 720))
    assert build_scene(app, None, "title", 7, None, []) is None
    real = app.next_events
    sent = []

    def events() -> list:
        if not sent:
            sent.append(1)
            os.kill(os.getpid(), signal.SIGTERM)
        return real()

    monkeypatch.setattr(app, "next_events", events)
    before = signal.getsignal(signal.SIGTERM)
    app.run()
    assert not app.running and app.stack.top is not None and app.stack.top.name == "title"
    assert signal.getsignal(signal.SIGTERM) == before
