"""Samstyre's application package: the composition root and the command line."""
