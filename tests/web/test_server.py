"""`brink class` start-up pieces: addresses, QR codes, the page to project, arguments."""

from __future__ import annotations

import pytest

from game.cli import build_parser
from game.web.server import load_scenarios, projection_page, qr_svg, qr_text, student_urls


def test_student_urls_name_the_given_host_or_every_lan_address() -> None:
    assert student_urls("127.0.0.1", 8000) == ["http://127.0.0.1:8000/"]
    for url in student_urls("0.0.0.0", 8123):
        assert url.startswith("http://") and url.endswith(":8123/")
        assert "0.0.0.0" not in url


def test_qr_codes_for_the_terminal_and_the_page() -> None:
    text = qr_text("http://192.0.2.1:8000/?code=ABCDE")
    assert len(text.splitlines()) > 10 and "█" in text
    svg = qr_svg("http://192.0.2.1:8000/?code=ABCDE")
    assert svg.startswith("<svg") and "viewBox" in svg


def test_the_page_to_project_has_the_address_and_code_but_never_a_token() -> None:
    page = projection_page(["http://192.0.2.1:8000/"], "ABCDE")
    assert "http://192.0.2.1:8000/" in page and "ABCDE" in page
    assert "token" not in page and "/static/" not in page  # opens without the server


def test_shipped_scenarios_are_offered_by_default() -> None:
    found, errors = load_scenarios([])
    assert not errors
    assert {"cuban_missile_crisis_1962", "berlin_1958_1961", "bay_of_pigs_1961"} <= set(found)


def test_class_arguments() -> None:
    args = build_parser().parse_args(["class", "a.yaml", "--port", "8080", "--data", "d"])
    assert args.scenarios == ["a.yaml"] and args.port == 8080 and args.host == "0.0.0.0"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["class", "--port", "99999"])
    assert build_parser().parse_args(["bench", "--class", "40"]).klass == 40


def test_a_broken_scenario_is_reported_and_left_out() -> None:
    from tests.conftest import DATA

    found, errors = load_scenarios([str(DATA / "bad" / "duplicate_key.yaml"),
                                    str(DATA / "mini.yaml")])
    assert len(errors) == 1 and "duplicate_key.yaml" in errors[0]
    assert len(found) == 1
