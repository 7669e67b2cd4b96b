"""Turn dates from a scenario's period and turn unit."""

from __future__ import annotations

import calendar
import datetime as dt

MAX_TURNS = 100


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def turn_dates(start: dt.date, end: dt.date, unit: str, every: int = 1,
               dates: list[dt.date] | None = None) -> list[dt.date]:
    """The date of each turn; at most MAX_TURNS + 1 (the caller reports too many)."""
    if unit == "phase":
        return list(dates or [])
    out: list[dt.date] = []
    k = 0
    while len(out) <= MAX_TURNS:
        try:
            if unit == "day":
                day = start + dt.timedelta(days=k * every)
            elif unit == "week":
                day = start + dt.timedelta(weeks=k * every)
            else:
                day = add_months(start, k * every)
        except (OverflowError, ValueError):  # past the year 9999
            break
        if day > end:
            break
        out.append(day)
        k += 1
    return out
