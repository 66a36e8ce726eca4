"""In-memory stand-ins for the core's ports, for the service tests in ``tests/unit/services``."""
