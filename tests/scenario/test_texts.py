"""Text variants, third-person reports, quotations against positions, documents, glossary and
discussion questions: from the file to what a player reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Game
from game.i18n import Translator
from game.narrate import Narrator
from game.scenario import check_bytes
from game.textplay import play_text

MINI = (Path(__file__).parent.parent / "data" / "mini.yaml").read_text(encoding="utf-8")

EXTRA = """
documents:
  - id: letter
    date: 1962-10-17
    author: {en: Nikita Khrushchev, fr: Nikita Khrouchtchev}
    title: {en: A letter, fr: Une lettre}
    text:
      en: We must not pull on the ends of the rope.
      fr: Il ne faut pas tirer sur les bouts de la corde.
    source: {en: "FRUS 1961-1963, vol. VI, doc. 65", fr: "FRUS 1961-1963, vol. VI, doc. 65"}
    language: ru
  - id: after_blockade
    date: 1962-10-16
    author: John F. Kennedy
    title: {en: On the blockade, fr: Sur le blocus}
    text: {en: The blockade holds., fr: Le blocus tient.}
    source: A public record
    when: blockade
glossary:
  - term: {en: Blockade, fr: Blocus}
    text: {en: Ships stopped at sea., fr: Des navires arrêtés en mer.}
  - {term: DEFCON, text: {en: The alert level., fr: Le niveau d'alerte.}}
discussion:
  - {en: "Was the blockade a good idea?", fr: "Le blocus était-il une bonne idée ?"}
  - {en: "Who won?", fr: "Qui a gagné ?"}
"""


def scenario(text: str = MINI, extra: str = EXTRA):
    """Compile the mini scenario with `extra` appended; fails the test on any error."""
    c, problems = check_bytes((text + extra).encode(), "t.yaml")
    assert c is not None, [str(p) for p in problems]
    return c, problems


def variant_followup() -> str:
    """The mini scenario whose follow-up text and options depend on the blockade."""
    old = '    text: {en: "Keep the pressure?", fr: "Maintenir la pression ?"}\n'
    new = ('    text:\n'
           '      - when: blockade\n'
           '        en: "The blockade holds. Keep the pressure?"\n'
           '        fr: "Le blocus tient. Maintenir la pression ?"\n'
           '      - {en: "Keep the pressure?", fr: "Maintenir la pression ?"}\n')
    assert old in MINI
    text = MINI.replace(old, new)
    old = ('        text: {en: Run the blockade, fr: Forcer le blocus}\n')
    new = ('        text: {en: Run the blockade with your ships, fr: Forcer le blocus avec vos '
           'navires}\n'
           '        report: {en: Moscow orders its ships to run the blockade., '
           'fr: Moscou ordonne à ses navires de forcer le blocus.}\n')
    assert old in text
    return text.replace(old, new)


def test_the_first_variant_whose_condition_holds_is_shown() -> None:
    c, _ = scenario(variant_followup())
    n = Narrator(c, Translator("en"), ["us"])
    ev = next(e for e in c.model.events if e.id == "followup")
    g = Game.new(c, 3, ["us"])
    assert n.text(ev.text, g) == "Keep the pressure?"
    g.apply("blockade")
    assert g.flags["blockade"]
    assert n.text(ev.text, g) == "The blockade holds. Keep the pressure?"
    assert Narrator(c, Translator("fr")).text(ev.text, g).startswith("Le blocus tient.")
    assert n.text(ev.text) == "Keep the pressure?"  # no state: the fallback


def test_variant_mistakes_are_reported_at_their_place() -> None:
    text = variant_followup()
    fallback = '      - {en: "Keep the pressure?", fr: "Maintenir la pression ?"}\n'
    no_fallback = text.replace(fallback, "")
    _, problems = check_bytes((no_fallback + EXTRA).encode(), "t.yaml")
    assert any("needs at least two" in p.message for p in problems), problems
    fallback_with_when = text.replace(
        '      - {en: "Keep the pressure?", fr: "Maintenir la pression ?"}\n',
        '      - {when: "not blockade", en: "Keep the pressure?", fr: "Maintenir ?"}\n')
    c, problems = check_bytes((fallback_with_when + EXTRA).encode(), "t.yaml")
    assert c is None
    assert any("last variant" in p.message and "fallback" in p.message for p in problems)
    typo = text.replace("      - when: blockade\n", "      - when: blokade\n")
    c, problems = check_bytes((typo + EXTRA).encode(), "t.yaml")
    assert c is None
    err = next(p for p in problems if "blokade" in p.message)
    line = (typo + EXTRA).splitlines()[err.line - 1]
    assert "when: blokade" in line and "did you mean 'blockade'" in err.message


def test_the_log_keeps_the_variant_of_the_moment_it_happened() -> None:
    text = variant_followup().replace(
        "        effects: {tension: 10, us.prestige: 3}\n",
        "        effects: {tension: 10, us.prestige: 3}\n"
        "        result:\n"
        "          - {when: blockade, en: Pressed behind the blockade., fr: Pression derrière "
        "le blocus.}\n"
        "          - {en: Pressed without a blockade., fr: Pression sans blocus.}\n", 1)
    c, _ = scenario(text)
    n = Narrator(c, Translator("en"), ["us"])
    for seed in range(40):
        g = Game.new(c, seed, ["us"])
        g.apply("blockade")
        if g.pending is not None and g.pending.event == "followup":
            break
    else:
        pytest.skip("no seed reached the follow-up")
    g.apply("press")
    lines = [line for r in g.history for line in n.describe(r)]
    assert "Pressed behind the blockade." in lines
    # the state moves on; the log still says what was true then
    assert lines == [line for r in g.history for line in n.describe(r)]


def test_other_sides_choices_are_told_with_their_report() -> None:
    c, problems = scenario(variant_followup())
    assert not [p for p in problems if "speaks to the player" in p.message]
    us, ussr = Narrator(c, Translator("en"), ["us"]), Narrator(c, Translator("en"), ["ussr"])
    for seed in range(200):
        g = Game.new(c, seed, ["us"])
        g.apply("strike")
        rec = next((r for r in g.history if r.kind == "decision" and r.option == "push"), None)
        if rec is not None:
            break
    else:
        pytest.fail("the AI never ran the blockade")
    assert us.describe(rec)[0] == "Moscow orders its ships to run the blockade."
    assert ussr.describe(rec)[0] == "Soviet Union chose: Run the blockade with your ships"


def test_lint_wants_a_report_for_second_person_options() -> None:
    text = variant_followup().replace(
        "        report: {en: Moscow orders its ships to run the blockade., "
        "fr: Moscou ordonne à ses navires de forcer le blocus.}\n", "")
    _, problems = scenario(text)
    warn = [p for p in problems if "speaks to the player" in p.message]
    assert len(warn) == 1 and "'push'" in warn[0].message and "report:" in warn[0].message
    assert warn[0].severity == "warning"


def test_quotations_have_sources_and_positions_have_no_quotation_marks() -> None:
    c, _ = scenario()
    opts = {o.id: o for e in c.model.events for o in e.options}
    en, fr = Narrator(c, Translator("en")), Narrator(c, Translator("fr"))
    lemay = opts["strike"].advisors[0]
    assert en.advisor_line(lemay) == "Curtis LeMay (hawk) argued for bombing the sites at once."
    assert "«" not in fr.advisor_line(lemay) and "“" not in en.advisor_line(lemay)
    stevenson = opts["talk"].advisors[0]
    line = en.advisor_line(stevenson)
    assert line.startswith("Adlai Stevenson (dove): “I am prepared to wait")
    assert line.endswith("— Speech to the UN Security Council, 25 October 1962")
    line = fr.advisor_line(stevenson)
    assert "« Je suis prêt" in line and line.endswith("(traduit de l'anglais)")


@pytest.mark.parametrize(("says", "needle"), [
    ('"\\u201cStrike now.\\u201d"', "quotation marks"),
    ("Strike now.", "start it with a verb in lower case"),
])
def test_unsourced_lines_dressed_as_quotes_are_warned(says: str, needle: str) -> None:
    text = MINI.replace("says: {en: argued for bombing the sites at once, fr: plaidait pour "
                        "bombarder les sites tout de suite}", f"says: {says}")
    _, problems = scenario(text)
    assert any(needle in p.message and p.severity == "warning" for p in problems), problems


def test_documents_unlock_by_date_and_condition() -> None:
    c, _ = scenario()
    n = Narrator(c, Translator("en"), ["us"])
    g = Game.new(c, 1, ["us"])
    assert n.unlocked_documents(g) == []  # 16 Oct: the letter is dated the 17th, no blockade
    g.apply("blockade")
    assert 1 in n.unlocked_documents(g)
    while not g.is_over():
        g.apply(g.legal_options()[0])
    assert n.unlocked_documents(g) == [0, 1]


def test_a_document_for_one_side_is_hidden_from_the_others_until_the_debrief() -> None:
    c, _ = scenario(extra=EXTRA.replace("    when: blockade\n", "    sides: [us]\n"))
    us = Game.new(c, 1, ["us"])
    ussr = Game.new(c, 1, ["ussr"])
    assert 1 in Narrator(c, Translator("en"), ["us"]).unlocked_documents(us)
    assert 1 not in Narrator(c, Translator("en"), ["ussr"]).unlocked_documents(ussr)
    while not ussr.is_over():
        ussr.apply(ussr.legal_options()[0])
    assert 1 in Narrator(c, Translator("en"), ["ussr"]).unlocked_documents(ussr)
    _, problems = check_bytes((MINI + EXTRA.replace("    when: blockade\n",
                                                    "    sides: [usa]\n")).encode(), "t.yaml")
    assert any("unknown side 'usa'" in p.message for p in problems)


def test_glossary_finds_the_terms_of_a_text() -> None:
    c, _ = scenario()
    assert Narrator(c, Translator("en")).glossary_terms_in("Run the blockade!") == [0]
    assert Narrator(c, Translator("fr")).glossary_terms_in("Forcer le blocus") == [0]
    assert Narrator(c, Translator("en")).glossary_terms_in("blockades") == []


def test_missing_translations_in_new_fields_are_warned() -> None:
    extra = EXTRA.replace(', fr: "Qui a gagné ?"', "")
    _, problems = scenario(extra=extra)
    assert any("missing translation" in p.message and "fr" in p.message for p in problems)


def test_text_mode_shows_documents_glossary_and_questions(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRINK_DATA_DIR", str(tmp_path))
    path = tmp_path / "t.yaml"
    path.write_text(MINI + EXTRA, encoding="utf-8")
    answers = iter(["g", "d", "2", *["1"] * 20])
    out: list[str] = []
    assert play_text(str(path), "en", "us", 1, False, lambda _: next(answers), out.append) == 0
    text = "\n".join(out)
    assert "Blockade: Ships stopped at sea." in text
    assert "No document yet" in text
    assert "Questions for discussion:" in text and "1. Was the blockade a good idea?" in text
    assert "17 October 1962, Nikita Khrushchev: A letter" in text
    assert "a position reconstructed from what they argued" in text
