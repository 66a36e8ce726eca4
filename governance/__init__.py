"""Samstyre's governance core: the rules of the mandates and their persistence.

Nothing in this package imports an adapter (bot, cards, Graph, scheduler).
"""
