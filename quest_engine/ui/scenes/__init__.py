"""The game's screens; each is a Scene on the app's scene stack."""
