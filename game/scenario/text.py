"""Localised scenario text: a plain string or a {language: string} mapping."""

from __future__ import annotations

from typing import Any

DEFAULT_LANGUAGE = "en"


def localize(text: Any, lang: str) -> str:
    """The text in `lang`, falling back to English, then to any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if lang in text:
        return text[lang]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")
