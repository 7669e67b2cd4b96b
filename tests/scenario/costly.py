"""Generators of small scenario files that ask for a great deal of work (issue 13): each is
under every size limit, and each is built from parameters so tests can vary them."""

from __future__ import annotations

from pathlib import Path

MINI = Path(__file__).parent.parent / "data" / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
HEAD = MINI_TEXT.split("events:")[0]
TAIL = """endings:
  - {id: deal, title: t, text: t, when: "tension < 5"}
  - {id: standoff, title: t, text: t, at_end: true}
"""


def _head(turns: int) -> str:
    """The mini scenario's head with a period of `turns` days."""
    import datetime as dt

    end = dt.date(1962, 10, 16) + dt.timedelta(days=turns - 1)
    return HEAD.replace("period: {start: 1962-10-16, end: 1962-10-19}",
                        f"period: {{start: 1962-10-16, end: {end.isoformat()}}}").replace(
                            "relax: 4", "relax: 0")  # no early ending: every turn is played


def repeated_text(length: int = 10_000, uses: int = 20_000, events: int = 300) -> bytes:
    """One long text anchored once and used `uses` times through aliases where a short id is
    expected: every use is an error that could quote the whole text."""
    options = max(1, min(9, uses // (2 * events)))  # kind and set: two uses each
    body = [_head(4), "events:\n"]
    left = uses
    for i in range(events):
        opts = []
        for _ in range(options):
            if left <= 0:
                break
            opts.append(f"{{id: o{len(opts)}, kind: *t, text: t, set: [*t]}}")
            left -= 2
        if not opts:
            opts = ["{id: o, kind: hold, text: t}"]
        side = f"&t {'y' * length}" if i == 0 else "*t"
        body.append(f"  - {{id: e{i}, side: {side}, title: t, text: t, "
                    f"options: [{', '.join(opts)}]}}\n")
    body.append(TAIL)
    return "".join(body).encode()


def never_true_chain(length: int = 399, dense: bool = False) -> str:
    """A condition of about `length` characters that is never true (`dense`: one comparison
    chain, as many syntax nodes as the characters allow)."""
    if dense:
        return "tension<0<" * ((length - 7) // 10) + "tension"
    term = "tension > 101"
    n = max(1, (length + 4) // (len(term) + 4))
    return " or ".join([term] * n)


def many_requires(events: int = 100, options: int = 9, turns: int = 100,
                  length: int = 399) -> bytes:
    """`events` events (the last one answerable), the others of `options` options each
    requiring a long never-true condition, open on every one of `turns` turns: every turn
    evaluates all of them."""
    cond = never_true_chain(length)
    body = [_head(turns), "events:\n"]
    for i in range(events - 1):
        opts = ", ".join(f"{{id: o{k}, kind: hold, text: t, requires: "
                         f"{'&c ' + repr(cond) if i == k == 0 else '*c'}}}"
                         for k in range(options))
        body.append(f"  - {{id: e{i}, side: {'us' if i % 2 else 'ussr'}, title: t, text: t, "
                    f"once: false, options: [{opts}]}}\n")
    body.append("  - {id: last, side: us, title: t, text: t, once: false, "
                "options: [{id: ok, kind: hold, text: t}]}\n")
    body.append(TAIL)
    return "".join(body).encode()


def deep_outcomes(depth: int = 4, width: int = 8, events: int = 2) -> bytes:
    """Chance outcomes `depth` levels deep and `width` wide, written with aliases: a few
    lines that stand for width**depth outcomes per option."""
    chance = f"{int(10_000 / width) / 10_000:.4f}"  # rounded down: together at most 1

    def node(level: int) -> str:
        """The first outcome of a level, defining its anchor; its siblings are aliases."""
        if level == 0:
            return f"&o0 {{chance: {chance}, text: t, effects: {{tension: 1}}}}"
        rest = "".join(f", *o{level - 1}" for _ in range(width - 1))
        return f"&o{level} {{chance: {chance}, text: t, outcomes: [{node(level - 1)}{rest}]}}"

    top = depth - 1
    lines = [_head(4), "events:\n"]
    for i in range(events):
        first = node(top) if i == 0 else f"*o{top}"
        outs = first + "".join(f", *o{top}" for _ in range(width - 1))
        lines.append(f"  - {{id: e{i}, side: {'us' if i % 2 == 0 else 'ussr'}, title: t, "
                     f"text: t, once: false, options: [{{id: go, kind: hold, text: t, "
                     f"outcomes: [{outs}]}}]}}\n")
    lines.append(TAIL)
    return "".join(lines).encode()


def text_variants(variants: int = 16, length: int = 399, texts: int = 1,
                  dense: bool = True) -> bytes:
    """`texts` event texts each of `variants` variants whose long conditions never hold: to
    show one, every condition is read."""
    cond = never_true_chain(length, dense)
    body = [_head(4), "events:\n"]
    for i in range(texts):
        alts = ", ".join(f"{{when: {'&c ' + repr(cond) if i == k == 0 else '*c'}, en: v{k}}}"
                         for k in range(variants - 1))
        text = f"[{alts}, {{en: fallback}}]" if variants > 1 else "t"
        body.append(f"  - {{id: e{i}, side: us, title: t, text: {text}, "
                    "options: [{id: o, kind: hold, text: t}]}\n")
    body.append(TAIL)
    return "".join(body).encode()
