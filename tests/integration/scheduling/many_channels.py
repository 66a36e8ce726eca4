"""A cooperation with many channels, for the fan-out tests and benchmark: one årshjul task for
which ``count`` faggrupper are responsible, so its reminder (17 March 2027, two weeks before the
end of the first quarter) goes to ``count`` channels at once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from governance.domain.calendar import OSLO

TENANT = "00000000-0000-4000-8000-0000000000aa"
REMINDER_DAY = datetime(2027, 3, 17, 9, 0, tzinfo=OSLO)


def group_id(n: int) -> str:
    return f"fg-{n:04d}"


def mandate_file(folder: Path, count: int) -> Path:
    """Writes the mandate YAML into ``folder`` and returns its path."""
    groups: list[dict[str, Any]] = [
        {
            "id": group_id(n),
            "name": f"Faggruppe {n}",
            "kind": "faggruppe",
            "parent": "utvalg",
            "teams": {"team_id": "team-1", "channel_id": f"19:{group_id(n)}@thread.tacv2"},
        }
        for n in range(count)
    ]
    document = {
        "cooperation": {"id": "mange", "name": "Mange kanaler IKT", "tenant_ids": [TENANT]},
        "committee": "utvalg",
        "board": "styret",
        "municipalities": [{"id": "a", "name": "A", "stemmevekt": 1}],
        "members": [
            {
                "id": "leder",
                "name": "Lea Leder",
                "roles": ["chair"],
                "object_id": "00000000-0000-4000-8000-000000000001",
            },
            {  # the committee carries A's vote (config check refuses a committee without one)
                "id": "bestiller-a",
                "name": "Bo Bestiller",
                "municipality": "a",
                "roles": ["bestiller"],
                "object_id": "00000000-0000-4000-8000-000000000002",
            },
        ],
        "bodies": [
            {
                "id": "utvalg",
                "name": "Utvalget",
                "kind": "bestillerutvalg",
                "chair": "leder",
                "members": ["leder", "bestiller-a"],
            },
            {"id": "styret", "name": "Styret", "kind": "styret"},
            *groups,
        ],
        "meetings": {"board": [], "group_leader_meetings_per_year": 0},
        "annual_cycle": [
            {
                "id": "gjennomgang",
                "title": "Gjennomgang av fagsystemene",
                "responsible": [g["id"] for g in groups],
                "quarter": 1,
            }
        ],
    }
    path = folder / "mange.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
