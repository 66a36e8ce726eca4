"""Use cases of the core: one function per command; each authorizes, loads, changes, commits."""
