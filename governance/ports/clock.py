"""Time, passed in: the use cases ask a ``Clock`` (``SystemClock`` in the processes,
``FixedClock`` in tests and the demo; both in ``governance.services.context``), never the
system, so no test patches time."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Now, timezone-aware (UTC)."""
        ...
