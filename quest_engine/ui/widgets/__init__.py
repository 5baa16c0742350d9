"""Reusable pygame widgets shared by screens and challenge components."""
