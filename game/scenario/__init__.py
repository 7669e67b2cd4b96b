"""Scenario files: safe loading, validation, localisation and compilation. No pygame here."""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterator
from pathlib import Path

from game.scenario.checks import check_compiled
from game.scenario.compiler import compile_model, validate_model
from game.scenario.problems import Msg, Problem, ScenarioError
from game.scenario.tables import Compiled
from game.scenario.text import localize
from game.scenario.yamlsrc import parse_yaml

__all__ = ["Compiled", "Problem", "ScenarioError", "check_bytes", "check_file", "load_scenario",
           "localize"]


def check_bytes(raw: bytes, path: str) -> tuple[Compiled | None, list[Problem]]:
    """Validate and compile a scenario held in memory; never raises for bad content."""
    # Reading builds a few hundred thousand small objects and no cycles worth collecting: the
    # collector's passes over them were a tenth of the time. What a file may build is bounded
    # by the reader's limits.
    with _paused_gc():
        return _check_bytes(raw, path)


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for a bounded piece of work (re-enabled after,
    if it was on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _check_bytes(raw: bytes, path: str) -> tuple[Compiled | None, list[Problem]]:
    src, problems = parse_yaml(raw, path)
    if src is None:
        return None, problems
    from game.scenario.traps import swallowed_keys

    swallowed, quiet = swallowed_keys(src)
    problems += swallowed
    model, more = validate_model(src)
    # A value the YAML reader already rejected (a bad tag, NaN) is not reported twice.
    placed = {(p.line, p.col) for p in problems}
    problems += [p for p in more if (p.line, p.col) not in placed]
    if model is None:
        return None, sorted(problems)
    compiled, more = compile_model(src, model, hashlib.sha256(raw).hexdigest())
    problems += more
    if compiled is not None:
        problems += check_compiled(src, compiled)
    if any(p.is_error for p in problems):
        compiled = None
    problems = [p for p in problems if p.is_error or (p.line, p.col) not in quiet]
    return compiled, sorted(set(problems))


def check_file(path: str | Path) -> tuple[Compiled | None, list[Problem]]:
    """Validate and compile a scenario file: (compiled or None, every problem found). Only a
    regular file is read (never a pipe, device or system file), and never more than
    MAX_BYTES of it."""
    from game.files import NotRegular, TooLarge, read_limited, reason
    from game.scenario.yamlsrc import MAX_BYTES

    name = str(path)
    try:
        raw = read_limited(path, MAX_BYTES)
    except TooLarge as exc:
        return None, [Problem(name, 1, 1, "error", Msg(
            "the file is {n} bytes; the limit is {limit}", n=exc.size, limit=exc.limit))]
    except (NotRegular, FileNotFoundError, IsADirectoryError, NotADirectoryError):
        p = Path(path)
        if not p.exists() and not p.suffix and len(p.parts) == 1:  # meant as an id?
            return None, [Problem(name, 1, 1, "error", Msg(
                "no such file, and no shipped scenario has this id: 'brink list' shows the "
                "scenarios there are"))]
        return None, [Problem(name, 1, 1, "error",
                              Msg("no such file (or not a regular file)"))]
    except OSError as exc:
        return None, [Problem(name, 1, 1, "error", Msg("cannot read the file: {reason}",
                                                       reason=Msg(reason(exc))))]
    return check_bytes(raw, name)


def load_scenario(path: str | Path) -> Compiled:
    """Load a scenario for play; ScenarioError (a ValueError) listing the errors if it has any."""
    compiled, problems = check_file(path)
    if compiled is None:
        raise ScenarioError([p for p in problems if p.is_error])
    return compiled
