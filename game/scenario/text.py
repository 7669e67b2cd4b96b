"""Localised scenario text: a plain string, a {language: string} mapping, or variants.

Variants are a tuple of mappings; each but the last has a `when` condition, and the first
whose condition holds is shown (the last is the fallback).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

DEFAULT_LANGUAGE = "en"
#: Whether a variant's condition (its source text) holds in the state being described.
Holds = Callable[[str], bool]


def choose_variant(text: Any, holds: Holds | None = None) -> Any:
    """The variant of `text` to show (the fallback without `holds`); other texts unchanged."""
    if not isinstance(text, tuple):
        return text
    for variant in text[:-1]:
        if holds is not None and holds(variant["when"]):
            return {k: v for k, v in variant.items() if k != "when"}
    return text[-1]


def localize(text: Any, lang: str, holds: Holds | None = None) -> str:
    """The text in `lang`, falling back to English, then to any language given."""
    text = choose_variant(text, holds)
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if lang in text:
        return text[lang]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")


def variants(text: Any) -> Iterator[Any]:
    """Every version of a text: each variant (without its condition), or the text itself."""
    if isinstance(text, tuple):
        for v in text:
            yield {k: x for k, x in v.items() if k != "when"} if isinstance(v, dict) else v
    else:
        yield text
