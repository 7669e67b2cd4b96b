"""Headless runs: policies, batch simulation, statistics, benchmark. No pygame here."""

from game.sim.batch import SimResult, simulate
from game.sim.policies import PolicyError, make_policy
from game.sim.stats import format_table, summarize

__all__ = ["PolicyError", "SimResult", "format_table", "make_policy", "simulate", "summarize"]
