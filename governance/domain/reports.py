"""Studies (utredninger) and measures (tiltak) the committee registers; the mandate asks that
they, too, are published on the Teams area when registered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from governance.domain.errors import InvalidInput
from governance.domain.messages import N_

TITLE_LIMIT = 300
TEXT_LIMIT = 20_000


class ReportKind(StrEnum):
    STUDY = "study"  # utredning
    MEASURE = "measure"  # tiltak


@dataclass(eq=False)
class Report:
    kind: ReportKind
    title: str
    text: str
    body_id: str
    registered_by: str
    registered_at: datetime
    proposal_id: int | None = None
    id: int | None = None

    @classmethod
    def register(
        cls,
        kind: ReportKind,
        title: str,
        text: str,
        *,
        body_id: str,
        by: str,
        at: datetime,
        proposal_id: int | None = None,
    ) -> Report:
        title, text = title.strip(), text.strip()
        if not title or len(title) > TITLE_LIMIT:
            raise InvalidInput(
                "report.title",
                N_("A study or measure needs a title of at most {limit} characters."),
                limit=TITLE_LIMIT,
            )
        if not text or len(text) > TEXT_LIMIT:
            raise InvalidInput(
                "report.text",
                N_("A study or measure needs a text of at most {limit} characters."),
                limit=TEXT_LIMIT,
            )
        return cls(kind, title, text, body_id, by, at, proposal_id)
