"""French typography of player-facing text: what a French teacher would correct.

Non-breaking spaces (U+00A0 or the narrow U+202F) before : ; ! ? and inside « », dashes rather
than hyphens between spaces, « » rather than straight quotation marks.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACE_BEFORE = re.compile(r"(?:(?P<plain> )|(?P<none>[^\s\u00a0\u202f;!?]))(?P<mark>[;!?])")
_COLON = re.compile(r"(?:(?P<plain> )|(?P<none>[^\s\u00a0\u202f\d/:]))(?P<mark>:)(?=\s|$)")
_OPEN = re.compile(r"«(?![\u00a0\u202f])")
_CLOSE = re.compile(r"(?<![\u00a0\u202f])»")
_HYPHEN_DASH = re.compile(r" - ")
_STRAIGHT = re.compile(r"\"")
_URL = re.compile(r"https?://\S+")
#: What a teacher types as it is: a YAML key with its colon (when:, {key}:), the arithmetic
#: operators, a quoted YAML value ("tension / 200").
_CODE = re.compile(r"(?<!\w)[a-z_{][\w{}.]*:(?=[\s»,\]}\u00a0\u202f]|$)|\+ - \* /|\"[^\"\n]*\"")


def french_problems(text: str, code: bool = False) -> list[str]:
    """What is wrong with the French typography of `text` (empty when nothing is); with
    `code`, the code a teacher types (YAML keys, operators, quoted values) is left alone."""
    text = _URL.sub("URL", text)
    if code:
        text = _CODE.sub("CODE", text)
    found: list[str] = []
    for rx in (_SPACE_BEFORE, _COLON):
        for m in rx.finditer(text):
            what = "an ordinary space" if m.group("plain") else "no space"
            found.append(f"{what} before '{m.group('mark')}' (use a non-breaking space) in "
                         f"…{text[max(0, m.start() - 20):m.end() + 5]}…")
    for rx, mark in ((_OPEN, "after «"), (_CLOSE, "before »")):
        for m in rx.finditer(text):
            found.append(f"no non-breaking space {mark} in "
                         f"…{text[max(0, m.start() - 15):m.end() + 15]}…")
    for m in _HYPHEN_DASH.finditer(text):
        found.append(f"a hyphen used as a dash in …{text[max(0, m.start() - 15):m.end() + 15]}…")
    if _STRAIGHT.search(text):
        found.append(f"straight quotation marks (use « ») in {text[:60]}…")
    return found


def fix_french(text: str) -> str:
    """`text` with the mechanical corrections made (for a one-off clean-up script)."""
    text = re.sub(r"(?<=[^\s\u00a0\u202f;!?]) ?([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"([^\s\u00a0\u202f\d/:]) ?:(?=\s|$)", r"\1" + NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]?", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]?»", NNBSP + "»", text)
    text = text.replace(" - ", " – ")
    return text
