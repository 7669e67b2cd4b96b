"""What each screen shows, computed once from a game and a translator; no pygame.

The window (`game.ui`), text mode and the browser's class mode render the same model:
`crisis(game, side, t)`, `dispatch(game, records, t)`, `debrief(game, t)`, `briefing(...)`,
`help_view(t, scenario)`; `as_dict(view)` gives JSON.
"""

from game.present.build import (
    briefing,
    card,
    crisis,
    debrief,
    decisions,
    dispatch,
    documents,
    glossary,
    help_view,
    historical_path,
    locked_documents,
    log_lines,
    map_view,
    meters,
)
from game.present.model import as_dict

__all__ = ["as_dict", "briefing", "card", "crisis", "debrief", "decisions", "dispatch",
           "documents", "glossary", "help_view", "historical_path", "locked_documents",
           "log_lines", "map_view", "meters"]
