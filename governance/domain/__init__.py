"""Pure domain model of the mandates: no I/O, no framework imports."""
