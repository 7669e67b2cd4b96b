"""The rules engine: pure and deterministic given a seed; no I/O, no pygame."""

from game.engine.game import Game, IllegalChoice, OptionView, Outcome, PendingDecision
from game.engine.policy import Decision, Policy, TemperamentAI
from game.engine.records import Record
from game.engine.rules import Runner
from game.engine.state import Batch

__all__ = ["Batch", "Decision", "Game", "IllegalChoice", "OptionView", "Outcome",
           "PendingDecision", "Policy", "Record", "Runner", "TemperamentAI"]
