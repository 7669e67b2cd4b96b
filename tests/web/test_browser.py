"""End to end in headless Chromium against a real `brink class` server: a whole game by
keyboard in French, a pair playing each other to the end with the dashboard watching, a reload
that resumes, a forged cookie, and SIGKILL of the server with nothing lost."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.web.store import Store
from tests.web.browser import CHROMIUM, LAUNCH_ARGS, Server, skip_reason, start_server

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")

CUBA = "cuban_missile_crisis_1962"
ACTION = "form[action='/decide'] input[type=radio], form[action='/seen'] button, #replay"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A class server of its own for each test."""
    s = start_server(tmp_path / "class")
    yield s
    assert s.stop() == 0


def teacher(browser: Any, server: Server) -> Any:
    """The teacher's dashboard in a browser context of its own."""
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/teacher?token={server.token}")
    page.wait_for_selector("h1")
    return page


def start_class(page: Any) -> None:
    """Press the dashboard's Start button."""
    page.get_by_role("button", name="Start the class").click()
    page.get_by_role("button", name="Pause the class").wait_for()


def join(browser: Any, server: Server, name: str, lang: str = "en") -> Any:
    """A student joins in a new browser context (with the mouse)."""
    page = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB").new_page()
    page.goto(f"{server.url}/?code={server.code}")
    page.fill("#name", name)
    page.select_option("#lang", lang)
    page.click("form[action='/join'] button[type=submit]")
    page.wait_for_url(re.compile(r"/play$"))
    return page


def next_action(page: Any) -> None:
    """Wait until a student's page has something to do. These bots play far faster than any
    student, past the server's limit of 10 requests a second per student: told to slow down,
    a bot waits the second the server asks for (Retry-After) and loads its page again, as a
    person clicking again would."""
    for _ in range(30):
        slow_down = page.get_by_text("Too many requests: wait a second.")
        page.locator(ACTION).or_(slow_down).first.wait_for()
        if not slow_down.count():
            return
        page.wait_for_timeout(1000)
        page.goto(re.sub(r"^(https?://[^/]+).*$", r"\1/play", page.url))
    raise AssertionError("still told to slow down after 30 tries")


def act(page: Any) -> str:
    """Do what the page asks with the mouse: continue a dispatch, or take option 1."""
    next_action(page)
    if page.locator("#replay").count():
        return "debrief"
    if page.locator("form[action='/seen']").count():
        page.click("form[action='/seen'] button")
        page.wait_for_load_state()
        return "dispatch"
    page.click("label[for='opt-1']")
    page.click("button.decide")
    page.wait_for_load_state()
    return "decided"


def press_until_focused(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_whole_game_by_keyboard_in_french(browser: Any, server: Server) -> None:
    start_class(teacher(browser, server))
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(f"{server.url}/?code={server.code}")
    assert page.evaluate("document.activeElement.id") == "name"  # the code is pre-filled
    page.keyboard.type("Élodie")
    press_until_focused(page, "#lang")
    page.keyboard.press("F")  # a select takes the first option starting with the letter
    press_until_focused(page, "form[action='/join'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/play$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    press_until_focused(page, "button[name=side][value=us]")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Commencer").wait_for()
    page.keyboard.press("Enter")  # Begin has the focus
    for _ in range(200):
        next_action(page)
        if page.locator("#replay").count():
            break
        if page.locator("form[action='/seen']").count():
            page.keyboard.press("Enter")  # Continue has the focus
        else:
            page.keyboard.press("2")
            assert page.evaluate("document.activeElement.id") == "opt-2"
            page.keyboard.press("Enter")
        page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Bilan")
    assert page.get_by_role("heading", name="Vos décisions et l'histoire").count() == 1
    assert page.locator("figure.chart svg").count() == 1


def test_a_pair_plays_each_other_to_the_end_and_the_dashboard_sees_both(
        browser: Any, server: Server) -> None:
    dash = teacher(browser, server)
    alice = join(browser, server, "Alice")
    boris = join(browser, server, "Boris")
    dash.reload()
    dash.select_option("#first", label="Alice")
    dash.select_option("#second", label="Boris")
    dash.select_option("#pair-scenario", value=CUBA)
    dash.get_by_role("button", name="Pair them").click()
    start_class(dash)
    live = dash.locator("#live")
    live.get_by_text("with Boris").wait_for()  # pushed to the dashboard as it happened
    for p in (alice, boris):
        p.get_by_role("button", name="Begin").click()
    done: set[str] = set()
    for _ in range(300):
        for name, p in (("alice", alice), ("boris", boris)):
            if name in done:
                continue
            if p.locator("h1", has_text="Waiting for").count():
                continue
            if act(p) == "debrief":
                done.add(name)
        if len(done) == 2:
            break
        if all(p.locator("h1", has_text="Waiting for").count() for p in (alice, boris)):
            raise AssertionError("both students wait for each other")
        for p in (alice, boris):
            if p.locator("h1", has_text="Waiting for").count():
                # the other side moved: this page reloads by itself (server-sent events)
                other = boris if p is alice else alice
                if other.locator(ACTION).count() == 0:
                    next_action(p)
    assert done == {"alice", "boris"}
    for p in (alice, boris):
        assert p.locator("h1").inner_text().startswith("Debrief")
    # the last move reaches the dashboard a moment after the students' pages
    dash.get_by_text(re.compile(r"finished games: 1")).wait_for()
    rows = live.locator("tbody tr")
    ending = rows.filter(has_text="Alice").locator("td").nth(5).inner_text()
    assert ending and ending == rows.filter(has_text="Boris").locator("td").nth(5).inner_text()


def test_a_reload_resumes_and_a_forged_cookie_gets_nothing(browser: Any,
                                                           server: Server) -> None:
    start_class(teacher(browser, server))
    page = join(browser, server, "Chloé")
    page.click("button[name=side][value=ussr]")
    page.get_by_role("button", name="Begin").click()
    for _ in range(3):
        act(page)
    next_action(page)
    before = page.locator("h1").inner_text()
    page.reload()
    next_action(page)
    assert page.locator("h1").inner_text() == before
    forged = browser.new_context()
    forged.add_cookies([{"name": "brink_student", "value": "A" * 43,
                         "url": server.url}, {"name": "brink_teacher", "value": "B" * 32,
                                              "url": server.url}])
    fp = forged.new_page()
    fp.goto(f"{server.url}/play")
    assert fp.url.rstrip("/") == server.url  # sent back to the join page
    assert fp.locator("#name").count() == 1
    resp = fp.goto(f"{server.url}/teacher")
    assert resp is not None and resp.status == 403
    assert "Alice" not in fp.content() and "Chloé" not in fp.content()


def test_sigkill_and_restart_lose_no_decision(browser: Any, tmp_path: Path) -> None:
    server = start_server(tmp_path / "class")
    try:
        start_class(teacher(browser, server))
        page = join(browser, server, "Dmitri")
        page.click("button[name=side][value=us]")
        page.get_by_role("button", name="Begin").click()
        decided = 0
        while decided < 3:
            decided += act(page) == "decided"
        next_action(page)
        before = page.locator("main").inner_text()
    finally:
        server.kill()
    store = Store(tmp_path / "class" / "class.sqlite3")
    (game,) = store.games()
    assert len(store.choices(game.id)) == 3
    store.close()
    again = start_server(tmp_path / "class", server.port)
    try:
        assert again.code == server.code
        page.reload()
        next_action(page)
        assert page.locator("main").inner_text() == before
        act(page)
    finally:
        assert again.stop() == 0
