"""Which publishing target the settings choose, and clear errors for wrong ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.domain.organisation import Mandate
from graph_sync.graph import GraphTarget
from graph_sync.local_folder import LocalFolderTarget
from graph_sync.settings import PublishSettings, PublishSettingsError, choose_target


async def test_the_local_folder_is_the_default(ror_mandate: Mandate, tmp_path: Path) -> None:
    chosen = choose_target(
        PublishSettings.from_env({"SAMSTYRE_PUBLISH_DIR": str(tmp_path)}), ror_mandate
    )
    assert isinstance(chosen.target, LocalFolderTarget) and chosen.target.root == tmp_path
    await chosen.close()


async def test_graph_is_chosen_explicitly(ror_mandate: Mandate) -> None:
    settings = PublishSettings.from_env(
        {"SAMSTYRE_PUBLISH_TARGET": "graph", "SAMSTYRE_GRAPH_BASE_URL": "http://127.0.0.1:9/v1.0"}
    )
    chosen = choose_target(settings, ror_mandate)
    assert isinstance(chosen.target, GraphTarget) and "127.0.0.1:9" in chosen.description
    await chosen.close()


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"SAMSTYRE_PUBLISH_TARGET": "sharepoint"}, "SAMSTYRE_PUBLISH_TARGET"),
        (
            {
                "SAMSTYRE_PUBLISH_TARGET": "graph",
                "SAMSTYRE_GRAPH_BASE_URL": "http://graph.example/v1.0",
            },
            "SAMSTYRE_GRAPH_BASE_URL",
        ),
    ],
)
def test_wrong_settings_name_the_variable(
    ror_mandate: Mandate, environ: dict[str, str], named: str
) -> None:
    with pytest.raises(PublishSettingsError, match=named):
        choose_target(PublishSettings.from_env(environ), ror_mandate)
