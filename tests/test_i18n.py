"""UI translations: every string in the code has a French translation with the same fields."""

from __future__ import annotations

import datetime as dt
import re

import polib
import pytest

from game.i18n import Translator, collect_messages, languages, locale_dir


def test_french_is_available() -> None:
    assert languages() == ["en", "fr"]
    with pytest.raises(ValueError, match="no translation for 'xx'"):
        Translator("xx")


@pytest.mark.parametrize("lang", [x for x in languages() if x != "en"])
def test_every_message_is_translated(lang: str) -> None:
    po = polib.pofile(str(locale_dir() / lang / "LC_MESSAGES" / "brink.po"))
    table = {e.msgid: e.msgstr for e in po}
    for msgid, where in collect_messages().items():
        assert table.get(msgid), f"{where}: no {lang} translation for {msgid!r}"
        fields = set(re.findall(r"\{(\w+)\}", msgid))
        assert set(re.findall(r"\{(\w+)\}", table[msgid])) == fields, msgid


def test_dates_and_numbers() -> None:
    day = dt.date(1962, 10, 1)
    assert Translator("en").date(day) == "1 October 1962"
    assert Translator("fr").date(day) == "1er octobre 1962"
    assert Translator("fr").date(dt.date(1961, 8, 13)) == "13 août 1961"
    assert Translator("fr").percent(0.14) == "14\u202f%"
    assert Translator("fr")("Tension {t}/100, DEFCON {d}", t=5, d=5) == "Tension 5/100, DEFCON 5"


def test_the_first_of_the_month_is_1er_in_french_on_chart_axes_too() -> None:
    import datetime as dt

    day = dt.date(1960, 5, 1)
    assert Translator("fr").short_date(day, year=True) == "1er mai 1960"
    assert Translator("fr").date(day) == "1er mai 1960"
    assert Translator("en").short_date(day) == "1 May"
