"""Policies for headless runs: random, hawk, dove, historical, scripted, and the scenario's AI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.engine.policy import Decision, Policy, TemperamentAI, argmax_legal
from game.scenario.problems import did_you_mean, shorten
from game.scenario.tables import KIND_LEVEL, Compiled

#: Preference of the dove policy among kinds (higher is preferred).
DOVE_ORDER = {"negotiate": 3.0, "concede": 2.0, "hold": 1.0, "escalate": 0.0}


class PolicyError(ValueError):
    """A policy name or script that cannot be used; the message says why."""


@dataclass(frozen=True)
class RandomPolicy:
    """Uniformly random among the legal options."""

    name: str = "random"

    def choose(self, d: Decision) -> np.ndarray:
        """A legal option at random for each row."""
        u = d.rng.random(d.legal.shape)
        return argmax_legal(u, d.legal)


@dataclass(frozen=True)
class HawkPolicy:
    """Always the most confrontational legal option (escalate, then hold, negotiate, concede)."""

    name: str = "hawk"

    def choose(self, d: Decision) -> np.ndarray:
        """The first legal option of the highest level."""
        return argmax_legal(d.scenario.level_table[d.events], d.legal)


@dataclass(frozen=True)
class DovePolicy:
    """Always the most conciliatory legal option (negotiate, then concede, hold, escalate)."""

    name: str = "dove"

    def choose(self, d: Decision) -> np.ndarray:
        """The first legal option of the most conciliatory kind."""
        level = d.scenario.level_table[d.events]
        score = np.zeros(level.shape)
        for kind, rank in DOVE_ORDER.items():
            score[level == KIND_LEVEL[kind]] = rank
        return argmax_legal(score, d.legal)


@dataclass(frozen=True)
class ScriptedPolicy:
    """Plays a fixed option for listed events; otherwise (or when illegal) falls back."""

    script: Mapping[int, int]
    name: str = "scripted"
    fallback: Policy = field(default_factory=TemperamentAI)

    def choose(self, d: Decision) -> np.ndarray:
        """The scripted option where it is legal, else the fallback's choice."""
        out = self.fallback.choose(d)
        c = d.scenario
        for e in np.unique(d.events):
            g = self.script.get(int(e))
            if g is None:
                continue
            k = c.options[g].local
            sel = (d.events == e) & d.legal[:, k]
            out[sel] = k
        return out


def historical(c: Compiled) -> ScriptedPolicy:
    """The options marked historical, the scenario's AI elsewhere."""
    script = {}
    for e, ev in enumerate(c.events):
        hist = [g for g in ev.options if c.options[g].historical]
        if hist:
            script[e] = hist[0]
    return ScriptedPolicy(script, name="historical")


def scripted(c: Compiled, mapping: Mapping[str, str], name: str = "scripted") -> ScriptedPolicy:
    """A policy from {event id: option id}; PolicyError for an unknown event or option."""
    script = {}
    events = [e.id for e in c.events]
    for event, option in mapping.items():
        if event not in events:
            raise PolicyError(f"the script names the event '{shorten(str(event))}', which is "
                              f"not in '{c.id}'{did_you_mean(str(event), events)}")
        e = events.index(event)
        opts = [c.options[g].id for g in c.events[e].options]
        if option not in opts:
            raise PolicyError(f"the script gives '{shorten(str(option))}' for '{event}', which "
                              f"has the options {', '.join(opts)}"
                              f"{did_you_mean(str(option), opts)}")
        script[e] = c.events[e].options[opts.index(option)]
    return ScriptedPolicy(script, name=name)


def load_script(c: Compiled, path: Path) -> ScriptedPolicy:
    """A scripted policy from a YAML or JSON file mapping event ids to option ids, read with
    the limits of a scenario file (a regular file, size, nesting, aliases)."""
    from game.files import NotRegular, TooLarge, read_limited, reason, shown
    from game.scenario.yamlsrc import MAX_BYTES, parse_yaml

    try:
        raw = read_limited(path, MAX_BYTES)
    except (NotRegular, TooLarge) as exc:
        raise PolicyError(f"{shown(path)}: cannot read the script: {exc.strerror}") from None
    except OSError as exc:
        raise PolicyError(f"{shown(path)}: cannot read the script: {reason(exc)}") from None
    src, problems = parse_yaml(raw, str(path))
    errors = [p for p in problems if p.is_error]
    if src is None or errors:
        first = errors[0] if errors else None
        raise PolicyError(f"cannot read the script: {first}" if first else
                          f"{shown(path)}: cannot read the script")
    data = src.data
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise PolicyError(f"{shown(path)}: a script maps event ids to option ids, one per line "
                          "(event: option)")
    return scripted(c, data, name=f"scripted:{shown(path.name, 40)}")


NAMES = ("ai", "random", "hawk", "dove", "historical")


def make_policy(c: Compiled, spec: str) -> Policy:
    """A policy from its name (ai, random, hawk, dove, historical) or a script file path."""
    simple: dict[str, Policy] = {"ai": TemperamentAI(), "random": RandomPolicy(),
                                 "hawk": HawkPolicy(), "dove": DovePolicy()}
    if spec in simple:
        return simple[spec]
    if spec == "historical":
        return historical(c)
    path = Path(spec.removeprefix("scripted:"))
    if spec.startswith("scripted:") or path.suffix in (".yaml", ".yml", ".json"):
        return load_script(c, path)
    raise PolicyError(f"unknown policy '{spec}'{did_you_mean(spec, NAMES)}; use one of "
                      f"{', '.join(NAMES)} or a script file (.yaml or .json)")
