"""The application facade: the one API the game UI calls (rules + store + content)."""
