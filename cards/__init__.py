"""Adaptive Cards: pure functions from governance objects to Teams cards (schema 1.5)."""
