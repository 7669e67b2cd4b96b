"""Class mode through Starlette's test client: joining, playing, pairs, the dashboard, export,
and everyone kept where they belong."""

from __future__ import annotations

import html
import re
from pathlib import Path

from starlette.testclient import TestClient

from game.classreport import class_report
from game.saves import read_save
from game.web.app import Options, create_app
from game.web.classroom import Classroom
from game.web.store import Store
from tests.web.conftest import Clock, csrf, join

CUBA = "cuban_missile_crisis_1962"


def h1(html: str) -> list[str]:
    """The page's first-level headings."""
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)


def step(client: TestClient, pick: int = 1) -> str:
    """Do what the current page asks (dispatch: continue; card: choose option `pick`);
    returns the name of the page found."""
    page = client.get("/play").text
    token = csrf(page) if 'name="csrf"' in page else ""
    if 'action="/briefed"' in page:
        client.post("/briefed", data={"csrf": token})
        return "briefing"
    if 'action="/seen"' in page:
        upto = re.search(r'name="upto" value="(\d+)"', page)
        assert upto
        client.post("/seen", data={"csrf": token, "upto": upto.group(1)})
        return "dispatch"
    if 'name="option"' in page:
        event = re.search(r'name="event" value="([^"]+)"', page)
        options = re.findall(r'name="option" id="opt-\d+" value="([^"]+)"', page)
        assert event and options
        r = client.post("/decide", data={"csrf": token, "event": event.group(1),
                                         "option": options[min(pick, len(options)) - 1]})
        assert r.status_code == 200, r.text
        return "card"
    if 'action="/replay"' in page or "Debrief" in page or "Bilan" in page:
        return "debrief"
    if "Waiting for" in page or "En attente" in page:
        return "waiting"
    return "other"


def play_to_end(client: TestClient, pick: int = 1, limit: int = 200) -> None:
    """Play a solo game to its debrief."""
    for _ in range(limit):
        if step(client, pick) == "debrief":
            return
    raise AssertionError("the game did not end")


def test_join_page_prefills_the_code_and_speaks_the_browsers_language(client: TestClient,
                                                                       room: Classroom) -> None:
    r = client.get(f"/?code={room.code}", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert r.status_code == 200
    assert f'value="{room.code}"' in r.text
    assert '<html lang="fr">' in r.text
    assert "content-security-policy" in r.headers


def test_a_wrong_code_or_a_bad_name_is_refused_with_a_message(client: TestClient,
                                                              room: Classroom) -> None:
    r = client.post("/join", data={"code": "WRONG", "name": "Alice", "lang": "en"})
    assert r.status_code == 400 and "not the class code" in r.text
    r = client.post("/join", data={"code": room.code, "name": "<script>x</script>",
                                   "lang": "en"})
    assert r.status_code == 400 and "<script>x" not in r.text and "&lt;script&gt;" in r.text
    assert room.store.count_students() == 0


def test_a_student_plays_a_whole_game_in_french_and_every_decision_is_stored(
        client: TestClient, room: Classroom) -> None:
    join(client, room, "Élodie", "fr")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    assert "Vous dirigez" in client.get("/play").text
    room.set(started=True)
    play_to_end(client)
    page = client.get("/play").text
    assert "Bilan" in page and "Vos décisions et l&#39;histoire" in page
    student = room.store.students()[0]
    assert student.game_id is not None
    stored = room.store.choices(student.game_id)
    game = room.game_of(student)
    assert game is not None and game.is_over()
    assert [(c.event, c.option) for c in stored] == game.choices


def test_nothing_is_decided_until_the_teacher_starts_the_class(client: TestClient,
                                                               room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    step(client)  # briefing
    page = client.get("/play").text
    assert "Decide" not in re.sub(r"<legend>.*?</legend>", "", page, flags=re.S)
    event = re.search(r'name="event" value="([^"]+)"', page)
    option = re.search(r'name="option" id="opt-1" value="([^"]+)"', page)
    assert event and option
    r = client.post("/decide", data={"csrf": csrf(page), "event": event.group(1),
                                     "option": option.group(1)})
    assert r.status_code == 409
    assert room.store.count_choices() == 0


def test_a_forged_cookie_gets_nothing(client: TestClient, room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    client.cookies.set("brink_student", "forged-token-" + "x" * 30)
    assert client.get("/play", follow_redirects=False).status_code == 303
    assert client.get("/events").status_code == 403
    r = client.post("/decide", data={"csrf": "0" * 32, "event": "x", "option": "y"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert client.get("/teacher").status_code == 403
    assert room.store.count_choices() == 0


def test_forms_without_the_anti_forgery_value_or_from_another_site_are_refused(
        client: TestClient, room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    r = client.post("/start", data={"scenario": CUBA, "side": "us"})
    assert r.status_code == 403
    r = client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"},
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert room.store.students()[0].game_id is None


def test_the_teacher_token_opens_the_dashboard_and_nothing_else_does(
        client: TestClient, room: Classroom) -> None:
    assert client.get("/teacher?token=wrong").status_code == 403
    r = client.get(f"/teacher?token={room.teacher_token}")
    assert r.status_code == 200 and "Teacher" in r.text
    assert room.teacher_token not in r.text  # the address bar is cleaned, the page too
    page = r.text
    r = client.post("/teacher/settings", data={"csrf": csrf(page), "action": "start"})
    assert r.status_code == 200 and room.settings.started
    r = client.post("/teacher/settings", data={"csrf": "bad", "action": "pause"})
    assert r.status_code == 403 and room.settings.started


def test_request_size_and_rate_limits(room: Classroom, tmp_path: Path) -> None:
    app = create_app(room, Options(tmp_path, [], rate=1, burst=5))
    with TestClient(app) as c:
        r = c.post("/join", content=b"x" * 20_000,
                   headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413
        codes = [c.get("/").status_code for _ in range(10)]
        assert 429 in codes and codes[0] == 200


def test_students_per_class_limit(client: TestClient, room: Classroom) -> None:
    for k in range(room.max_students):
        room.join(room.code, f"Student{'abcdefgh'[k]}", "en")
    r = client.post("/join", data={"code": room.code, "name": "Late", "lang": "en"})
    assert r.status_code == 400 and "full" in r.text


def test_a_student_resumes_on_another_device_with_their_code(client: TestClient,
                                                             room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    room.set(started=True)
    for _ in range(4):
        step(client)
    before = client.get("/play").text
    code = room.store.students()[0].resume_code
    other = TestClient(client.app)
    r = other.post("/join", data={"code": room.code, "resume": code, "lang": "en"})
    assert r.status_code == 200
    assert h1(other.get("/play").text) == h1(before)


def test_a_pair_plays_each_other_each_seeing_only_their_own_card(
        client: TestClient, room: Classroom) -> None:
    a = join(client, room, "Alice")
    b = join(TestClient(client.app), room, "Boris")
    alice, boris = room.store.students()
    room.pair(alice.id, boris.id, CUBA)
    room.set(started=True)
    assert "Boris" in a.get("/play").text
    for c in (a, b):
        step(c)  # briefings
    turns = 0
    while True:
        pa, pb = a.get("/play").text, b.get("/play").text
        if 'action="/seen"' in pa:
            step(a)
            continue
        if 'action="/seen"' in pb:
            step(b)
            continue
        if 'action="/replay"' in pa and 'action="/replay"' in pb:
            break
        game = room.game_of(room.store.students()[0])
        assert game is not None and game.pending is not None
        alice_side = room.store.student(alice.id).side  # type: ignore[union-attr]
        mine, theirs = (a, b) if game.pending.side == alice_side else (b, a)
        ptheirs = theirs.get("/play").text
        assert 'name="option"' not in ptheirs and "Waiting for" in ptheirs
        step(mine)
        turns += 1
        assert turns < 100
    game = room.game_of(room.store.students()[0])
    assert game is not None and game.is_over() and set(game.humans) == {"us", "ussr"}
    sides = {c.side for c in room.store.choices(room.store.students()[0].game_id or 0)}
    assert sides == {"us", "ussr"}


def test_the_ai_takes_over_a_student_who_left_after_the_teachers_time(
        room: Classroom, clock: Clock) -> None:
    alice, _ = room.join(room.code, "Alice", "en")
    boris, _ = room.join(room.code, "Boris", "en")
    gid = room.pair(alice.id, boris.id, CUBA)
    room.set(started=True, takeover=60)
    game = room.game_by_id(gid)
    assert game is not None and game.pending is not None
    waiting = game.pending.side
    for s in (alice, boris):
        room.seen(s)
    assert room.takeover() == []
    clock.now += 61
    present = alice if room.store.student(alice.id).side != waiting else boris  # type: ignore[union-attr]
    room.seen(present)
    assert room.takeover() == [gid]
    choices = room.store.choices(gid)
    assert choices[0].by == "ai" and choices[0].side == waiting
    game = room.game_by_id(gid)
    assert game is not None
    assert game.pending is None or game.pending.side != waiting


def test_the_dashboard_sees_every_student_and_the_endings(client: TestClient,
                                                          room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    room.set(started=True)
    play_to_end(client)
    teacher = TestClient(client.app)
    r = teacher.get(f"/teacher?token={room.teacher_token}")
    assert "Alice" in r.text and "finished games: 1" in r.text
    # A student who goes back to the choice of scenario keeps the finished game counted.
    alice = room.store.students()[0]
    room.leave_game(alice)
    r = teacher.get("/teacher")
    assert "finished games: 1" in r.text
    with teacher.stream("GET", "/teacher/events") as events:
        first = next(events.iter_lines())
    assert first.startswith("retry:") or first.startswith("data:")


def test_export_writes_saves_that_the_class_report_reads(client: TestClient, room: Classroom,
                                                          tmp_path: Path) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "ussr"})
    room.set(started=True)
    play_to_end(client, pick=2)
    files = room.export(tmp_path / "export")
    assert len(files) == 1 and files[0].name.startswith("alice-")
    data = read_save(files[0])
    assert data.humans == ("ussr",) and data.player == "Alice"  # the report shows her name
    report = class_report(tmp_path / "export")
    assert report.games == 1 and report.scenarios[0].finished == 1
    teacher = TestClient(client.app)
    teacher.get(f"/teacher?token={room.teacher_token}")
    z = teacher.get("/teacher/saves.zip")
    assert z.status_code == 200 and z.content[:2] == b"PK"
    # The dashboard's export button: saves in the data folder, then back to the dashboard
    # (a reload of it exports nothing more).
    dash = teacher.get("/teacher").text
    r = teacher.post("/teacher/export", data={"csrf": csrf(dash)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/teacher"
    shown = teacher.get("/teacher").text
    assert "Games saved: 1" in shown
    exports = [p for p in tmp_path.iterdir() if p.name.startswith("export-")]
    assert len(exports) == 1 and len(list(exports[0].iterdir())) == 1
    report_page = teacher.get("/teacher/report")
    assert "Class report" in report_page.text
    # Its one inline style sheet is allowed by its own policy, and nothing else inline.
    policy = report_page.headers["content-security-policy"]
    assert report_page.headers.get_list("content-security-policy") == [policy]
    assert "'sha256-" in policy and "'unsafe-inline'" not in policy


def test_a_restarted_server_rebuilds_every_game_from_the_database(
        room: Classroom, scenarios: dict, tmp_path: Path, clock: Clock) -> None:
    alice, _ = room.join(room.code, "Alice", "en")
    gid = room.start_solo(alice, CUBA, "us")
    room.set(started=True)
    alice = room.store.student(alice.id)
    assert alice is not None
    for _ in range(3):
        game = room.game_of(alice)
        assert game is not None and game.pending is not None
        room.decide(alice, game.pending.event, game.legal_options()[0])
    before = room.game_by_id(gid)
    assert before is not None
    again = Classroom(Store(room.store.path), scenarios, clock=clock)
    after = again.game_by_id(gid)
    assert after is not None and after.same_state(before)
    assert again.code == room.code and again.teacher_token == room.teacher_token


def partner_moves(client: TestClient, room: Classroom) -> tuple[str, str | None, str]:
    """Pair two students on Cuba 1962, let the one to move take option 1, and return (the
    option's text, its report or None, the /play page the partner then sees)."""
    a = join(client, room, "Alice")
    b = join(TestClient(client.app), room, "Boris")
    alice, boris = room.store.students()
    gid = room.pair(alice.id, boris.id, CUBA)
    room.set(started=True)
    for c in (a, b):
        step(c)  # briefings
    game = room.game_by_id(gid)
    assert game is not None and game.pending is not None
    mover = next(s for s in room.store.seated(gid) if s.side == game.pending.side)
    watcher_client = b if mover.id == alice.id else a
    option = game.legal_options()[0]
    c = game.scenario
    model = c.model.events[c.options[c.option_index(game.pending.event, option)].event]
    chosen = next(o for o in model.options if o.id == option)
    text = chosen.text if isinstance(chosen.text, str) else chosen.text["en"]
    report = chosen.report
    room.decide(mover, game.pending.event, option)
    return text, None if report is None else str(report), watcher_client.get("/play").text


def test_in_a_pair_the_partners_choice_is_told_by_its_report(client: TestClient,
                                                             room: Classroom) -> None:
    text, report, page = partner_moves(client, room)
    assert report is not None  # every option of the shipped Cuba scenario has one
    assert text not in page and "has decided." not in page


def test_after_the_end_the_partners_moves_are_still_told_by_their_reports(
        scenarios: dict) -> None:
    from game.engine.game import Game
    from game.web.screens import Screens

    c = scenarios[CUBA]
    game = Game.new(c, 4, ["us", "ussr"])
    while not game.is_over():
        assert game.pending is not None
        game.apply(game.legal_options()[0])
    lines = [x.text for x in Screens(c, "en").lines(game, game.history, "us")]
    assert any(x.startswith("United States chose:") for x in lines)
    assert not any(x.startswith("Soviet Union chose:") for x in lines)


def test_without_a_report_the_partners_choice_stays_theirs_until_the_end(
        tmp_path: Path, clock: Clock) -> None:
    import yaml

    from game.resources import scenarios_dir
    from game.scenario import check_bytes

    data = yaml.safe_load((scenarios_dir() / f"{CUBA}.yaml").read_text(encoding="utf-8"))
    for event in data["events"]:
        for option in event.get("options", []):
            option.pop("report", None)
    stripped, problems = check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(),
                                     "cuba.yaml")
    assert stripped is not None, problems
    store = Store(tmp_path / "class.sqlite3")
    room = Classroom(store, {stripped.id: stripped}, clock=clock, max_students=6)
    app = create_app(room, Options(tmp_path, ["http://127.0.0.1:8000/"], rate=1000,
                                   burst=1000, tick=0.05))
    with TestClient(app, base_url="http://testserver") as client:
        text, report, page = partner_moves(client, room)
    store.close()
    assert report is None
    assert "has decided." in page and text not in page


def test_documents_and_glossary_of_a_scenario_that_has_them(tmp_path: Path,
                                                            clock: Clock) -> None:
    from game.resources import scenarios_dir
    from game.scenario import load_scenario

    c = load_scenario(scenarios_dir() / "_template.yaml")
    store = Store(tmp_path / "t.sqlite3")
    room = Classroom(store, {c.id: c}, clock=clock)
    room.set(started=True)
    app = create_app(room, Options(tmp_path, [], rate=1000, burst=1000))
    with TestClient(app) as client:
        join(client, room, "Alice")
        page = client.get("/play").text
        client.post("/start", data={"csrf": csrf(page), "scenario": c.id, "side": "us"})
        step(client)
        assert 'href="/documents"' in client.get("/play").text
        glossary = c.model.glossary[0].term
        term = glossary if isinstance(glossary, str) else glossary["en"]
        assert term in client.get("/documents").text
        play_to_end(client)
        page = client.get("/play").text
        title = c.model.documents[0].title
        assert (title if isinstance(title, str) else title["en"]) in html.unescape(page)
        assert c.model.documents[0].id and "Glossary" in client.get("/documents").text
    store.close()


def test_live_streams_are_bounded(client: TestClient, room: Classroom) -> None:
    client.get(f"/teacher?token={room.teacher_token}")
    room.listeners.extend([lambda: None] * (4 * room.max_students + 8))
    assert client.get("/teacher/events").status_code == 503


def test_the_map_legend_draws_each_symbol(client: TestClient, room: Classroom) -> None:
    join(client, room, "Alice")
    page = client.get("/play").text
    client.post("/start", data={"csrf": csrf(page), "scenario": CUBA, "side": "us"})
    room.set(started=True)
    step(client)  # the briefing
    page = client.get("/play").text
    legend = re.search(r'<ul class="legend">(.*?)</ul>', page, re.S)
    assert legend, "no legend on the crisis page"
    items = re.findall(r"<li>(.*?)</li>", legend.group(1), re.S)
    assert items and all('<svg class="sym"' in item for item in items)


def test_the_class_command_takes_shipped_ids_from_any_folder(tmp_path: Path,
                                                             monkeypatch) -> None:
    from game.web.server import load_scenarios

    monkeypatch.chdir(tmp_path)
    found, errors = load_scenarios([CUBA])
    assert list(found) == [CUBA] and errors == []
