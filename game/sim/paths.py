"""Find, for each ending, a seed and a player's choices that reach it (for tests and notes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.game import Game
from game.scenario.tables import Compiled


@dataclass(frozen=True)
class Path:
    """A game that reaches `ending` when `side` plays `choices` with `seed`."""

    ending: str
    side: str
    seed: int
    choices: tuple[tuple[str, str], ...]


def find_paths(c: Compiled, side: str, tries: int = 20_000, seed: int = 0) -> dict[str, Path]:
    """Play up to `tries` games with random choices for `side` (the AI for the others) and
    keep the first game that reaches each ending; stops early once every ending is found."""
    rng = np.random.default_rng(seed)
    found: dict[str, Path] = {}
    wanted = {e.id for e in c.endings} - {"time_out"}
    for k in range(tries):
        game_seed = int(rng.integers(2**31))
        g = Game.new(c, game_seed, [side])
        historical_bias = k % 3 == 0  # a third of the games lean on history, for rare endings
        while not g.is_over():
            p = g.pending
            legal = p.legal
            hist = [o.id for o in p.options if o.legal and o.historical]
            if historical_bias and hist and rng.random() < 0.8:
                g.apply(hist[0])
            else:
                g.apply(legal[int(rng.integers(len(legal)))])
        outcome = g.outcome()
        assert outcome is not None
        if outcome.ending not in found:
            found[outcome.ending] = Path(outcome.ending, side, game_seed, tuple(g.choices))
            if wanted <= set(found):
                break
    return found


def reading_minutes(c: Compiled, side: str, seed: int = 1, words_per_minute: float = 150,
                    seconds_per_decision: float = 30) -> tuple[int, int, float]:
    """Words a student reads in one historical game as `side`, decisions taken, and the
    minutes that takes at `words_per_minute` plus thinking time per decision."""
    from game.i18n import Translator
    from game.narrate import Narrator
    from game.scenario.text import localize

    n = Narrator(c, Translator("en"), [side])
    m = c.model
    texts = [localize(m.title, "en"), localize(m.summary, "en")]
    s = m.sides[c.side_index(side)]
    if s.briefing is not None:
        texts.append(localize(s.briefing, "en"))
    g = Game.new(c, seed, [side])
    decisions = 0
    while not g.is_over():
        p = g.pending
        ev = m.events[[e.id for e in c.events].index(p.event)]
        texts += [localize(ev.title, "en"), localize(ev.text, "en")]
        for opt, view in zip(ev.options, p.options, strict=True):
            if view.legal:
                texts.append(localize(opt.text, "en"))
                texts += [localize(a.says, "en") for a in opt.advisors]
        hist = [o.id for o in p.options if o.legal and o.historical]
        g.apply(hist[0] if hist else p.legal[0])
        decisions += 1
    texts += [line for r in g.history for line in n.describe(r)]
    outcome = g.outcome()
    assert outcome is not None
    texts += list(n.ending(outcome.ending, g))
    if m.debrief is not None:
        texts.append(localize(m.debrief.text, "en"))
    words = sum(len(t.split()) for t in texts)
    return words, decisions, words / words_per_minute + decisions * seconds_per_decision / 60


def main() -> None:
    """Write tests/data/ending_paths.json: a path to every ending of every shipped scenario,
    from every playable side (run after changing a scenario: python -m game.sim.paths)."""
    import json
    from pathlib import Path as FilePath

    from game.resources import shipped_scenarios
    from game.scenario import load_scenario

    out: dict[str, dict] = {}
    for path in shipped_scenarios():
        c = load_scenario(path)
        entry: dict[str, dict] = {}
        for side in (s.id for s in c.model.sides if s.playable):
            found = find_paths(c, side, tries=60_000)
            entry[side] = {e: {"seed": p.seed, "choices": [list(x) for x in p.choices]}
                           for e, p in sorted(found.items())}
            missing = {e.id for e in c.endings} - {"time_out"} - set(found)
            print(f"{c.id} as {side}: {len(found)} endings"
                  + (f"; not reached: {', '.join(sorted(missing))}" if missing else ""))
        out[c.id] = {"sha256": c.sha256, "paths": entry}
    target = FilePath(__file__).resolve().parents[2] / "tests" / "data" / "ending_paths.json"
    target.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
