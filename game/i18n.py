"""UI strings in gettext .po files (assets/locale/LANG/LC_MESSAGES/brink.po), read with polib.

English strings are the message ids; adding a language is adding a .po file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from game.resources import assets_dir

DOMAIN = "brink"


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return message


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))
SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), "May", N_("Jun"),
                N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def locale_dir() -> Path:
    """The folder holding one sub-folder per language."""
    return assets_dir() / "locale"


def languages() -> list[str]:
    """Languages the interface is available in: English plus every .po file present."""
    found = sorted(p.parent.parent.name for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return ["en", *[x for x in found if x != "en"]]


@lru_cache(maxsize=8)
def _catalog(lang: str) -> dict[str, str]:
    path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return {}
    import polib  # only when a translation is used: `brink validate` does without it

    po = polib.pofile(str(path))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def system_language(env: Mapping[str, str] | None = None) -> str:
    """The language of the system, from LANGUAGE, LC_ALL, LC_MESSAGES and LANG in that order
    ('fr_FR.UTF-8' -> 'fr'); English when none names a language the game has."""
    env = os.environ if env is None else env
    known = languages()
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in ("c", "posix"):
                return "en"
            if code in known:
                return code
        if value and var != "LANGUAGE":
            return "en"  # the first variable set decides, as for gettext
    return "en"


class Translator:
    """Translates UI strings into one language: `t("Turn {n}", n=3)`."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in languages():
            raise ValueError(f"no translation for '{lang}'; available: {', '.join(languages())}")
        self.lang = lang
        self._messages = _catalog(lang)

    def __call__(self, message: str, **values: Any) -> str:
        """The translation of `message`, with `{name}` fields filled from `values`."""
        text = self._messages.get(message, message)
        return text.format(**values) if values else text

    def date(self, day: dt.date) -> str:
        """A date written out: '22 October 1962' / '22 octobre 1962'."""
        month = self(MONTHS[day.month - 1])
        if self.lang == "fr":
            month = month.lower()
        return f"{self._day(day)} {month} {day.year}"

    def _day(self, day: dt.date) -> str:
        """The day of the month: '1er' for the first in French."""
        return "1er" if self.lang == "fr" and day.day == 1 else str(day.day)

    def short_date(self, day: dt.date, year: bool = False) -> str:
        """A date for a chart's axis: '16 Oct' / '16 oct.' (with the year if asked)."""
        month = self(SHORT_MONTHS[day.month - 1])
        if self.lang == "fr":
            month = month.lower()
        text = f"{self._day(day)} {month}"
        return f"{text} {day.year}" if year else text

    def signed(self, value: float, digits: int = 0) -> str:
        """A change with its sign: '+5', '−1.8' / '+5', '−1,8' (a real minus sign)."""
        text = self.number(abs(value), digits)
        if text.strip("0,.") == "":
            return text
        return ("+" if value > 0 else "−") + text

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the language's decimal mark."""
        if digits == 0 and abs(value) >= 10_000:
            return self.integer(round(value))
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang == "fr" else text

    def integer(self, value: int) -> str:
        """A whole number with the language's thousands separator ('10,000' / '10 000')."""
        text = f"{value:,}"
        return text.replace(",", "\u202f") if self.lang == "fr" else text

    def percent(self, share: float, digits: int = 0) -> str:
        """A share written as a percentage ('14%' / '14 %')."""
        num = self.number(share * 100, digits)
        return f"{num}\u202f%" if self.lang == "fr" else f"{num}%"


def collect_messages(package: Path | None = None) -> dict[str, str]:
    """Every translatable string in the code: literal first arguments of t(...), self.t(...),
    N_(...) and Msg(...), mapped to 'file:line' of their first use."""
    import ast

    root = package or Path(__file__).resolve().parent
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(
                f, ast.Attribute) else ""
            arg = node.args[0]
            if name in ("t", "N_", "Msg") and isinstance(arg, ast.Constant) and isinstance(
                    arg.value, str):
                found.setdefault(arg.value, f"{path.relative_to(root.parent)}:{node.lineno}")
    # Templates of the browser pages call t("...") too (a literal in double quotes).
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in _TEMPLATE_CALL.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.setdefault(m.group(1).replace('\\"', '"'),
                             f"{path.relative_to(root.parent)}:{line}")
    return found


_TEMPLATE_CALL = re.compile(r'\bt\(\s*"((?:[^"\\]|\\.)*)"')


def write_template(path: Path) -> None:
    """Write the .pot template of every translatable string (for translators' tools)."""
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Project-Id-Version": "brink"}
    for msgid, where in collect_messages().items():
        file, line = where.rsplit(":", 1)
        po.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[(file, line)]))
    po.save(str(path))


if __name__ == "__main__":
    write_template(locale_dir() / f"{DOMAIN}.pot")
    print(f"wrote {locale_dir() / f'{DOMAIN}.pot'}")
