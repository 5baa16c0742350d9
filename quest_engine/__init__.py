"""Quest Engine: game-based learning quests written by teachers, played by students."""

__version__ = "0.1.0"
