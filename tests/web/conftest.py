"""Fixtures for class mode: a classroom over a private database, with a clock tests move."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.scenario.tables import Compiled
from game.web.app import Options, create_app
from game.web.classroom import Classroom
from game.web.store import Store


class Clock:
    """A clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def scenarios() -> dict[str, Compiled]:
    """The shipped scenarios, compiled once."""
    out = {}
    for p in shipped_scenarios():
        c = load_scenario(p)
        out[c.id] = c
    return out


@pytest.fixture
def clock() -> Clock:
    """A still clock."""
    return Clock()


@pytest.fixture
def room(tmp_path: Path, scenarios: dict[str, Compiled], clock: Clock) -> Iterator[Classroom]:
    """A new class over a database in a private folder."""
    store = Store(tmp_path / "class.sqlite3")
    yield Classroom(store, scenarios, clock=clock, max_students=6)
    store.close()


@pytest.fixture
def client(room: Classroom, tmp_path: Path) -> Iterator[TestClient]:
    """The app through Starlette's test client (no rate limit to speak of)."""
    app = create_app(room, Options(tmp_path, ["http://127.0.0.1:8000/"], rate=1000,
                                   burst=1000, tick=0.05))
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def csrf(html: str) -> str:
    """The anti-forgery value of the first form of a page."""
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, "no form with an anti-forgery field on this page"
    return m.group(1)


def join(client: TestClient, room: Classroom, name: str, lang: str = "en") -> TestClient:
    """Join the class as a student (the client keeps the cookie)."""
    r = client.post("/join", data={"code": room.code, "name": name, "lang": lang})
    assert r.status_code == 200, r.text
    return client
