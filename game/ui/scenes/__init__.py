"""The game's scenes: title, briefing, crisis, result, debrief, settings, confirmation."""
