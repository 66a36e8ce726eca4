"""The rules of ``bot.origin`` and ``bot.addresses.same_origin``, and where ``serve`` listens."""

from __future__ import annotations

import logging

import pytest

from bot.addresses import same_origin
from bot.origin import ServiceHosts, safe_id, same_service_url
from bot.settings import AuthSettings, ConfigurationError
from samstyre.serve import listen_host

PUBLIC = ServiceHosts.of(None, local=False)
LOCAL = ServiceHosts.of(None, local=True)


@pytest.mark.parametrize(
    ("url", "public", "local"),
    [
        ("https://smba.trafficmanager.net/emea/", True, False),
        ("https://smba.trafficmanager.net/teams/", True, False),
        ("https://SMBA.trafficmanager.net/amer/", True, False),
        ("http://smba.trafficmanager.net/emea/", False, False),  # never plain http
        ("https://smba.trafficmanager.net:8443/emea/", False, False),
        ("https://user@smba.trafficmanager.net/emea/", False, False),
        ("https://smba.trafficmanager.net.evil.example/", False, False),
        ("https://evil-smba.trafficmanager.net/", False, False),
        ("https://evil.example/", False, False),
        ("http://127.0.0.1:3978/", False, True),
        ("http://localhost:56150/", False, True),
        ("http://[::1]:5000/", False, True),
        ("http://10.0.0.5/", False, False),
        ("not a url", False, False),
        ("", False, False),
    ],
)
def test_service_hosts(url: str, public: bool, local: bool) -> None:
    assert PUBLIC.allows(url) is public
    assert LOCAL.allows(url) is local


def test_a_sovereign_cloud_lists_its_own_hosts() -> None:
    settings = AuthSettings.from_env(
        {
            "SAMSTYRE_LOCAL": "1",
            "SAMSTYRE_TEAMS_SERVICE_HOSTS": "smba.infra.gcc.teams.microsoft.com",
        },
        tenant_ids=[],
    )
    assert settings.service_hosts.local  # local mode: loopback only, whatever is listed
    production = ServiceHosts.of(["smba.infra.gcc.teams.microsoft.com"], local=False)
    assert production.allows("https://smba.infra.gcc.teams.microsoft.com/teams")
    assert not production.allows("https://smba.trafficmanager.net/emea/")


@pytest.mark.parametrize("listed", ["https://smba.trafficmanager.net/", "smba/teams", "a b"])
def test_service_hosts_setting_takes_host_names_only(listed: str) -> None:
    with pytest.raises(ConfigurationError, match="host names only"):
        AuthSettings.from_env(
            {"SAMSTYRE_LOCAL": "1", "SAMSTYRE_TEAMS_SERVICE_HOSTS": listed}, tenant_ids=[]
        )


@pytest.mark.parametrize(
    ("claimed", "actual", "same"),
    [
        ("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/emea", True),
        ("https://SMBA.trafficmanager.net/emea/", "https://smba.trafficmanager.net/emea/", True),
        ("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/amer/", False),
        ("https://smba.trafficmanager.net/emea/", "http://smba.trafficmanager.net/emea/", False),
    ],
)
def test_the_token_must_name_the_activitys_service_url(
    claimed: str, actual: str, same: bool
) -> None:
    assert same_service_url(claimed, actual) is same


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("19:abc123@thread.tacv2;messageid=1712345678901", True),
        ("a:1QmR-x_Yz0", True),
        ("29:1abc-DEF", True),
        ("f:8e3f0b9a-1c2d-4e5f-9a8b-7c6d5e4f3a2b", True),
        ("1712345678901", True),
        ("../x", False),
        ("a/b", False),
        ("a\\b", False),
        ("a?b", False),
        ("a#b", False),
        ("a%2Fb", False),
        ("a b", False),
        ("a\nb", False),
        (".", False),
        ("..", False),
        ("", False),
        ("x" * 257, False),
    ],
)
def test_ids_must_stay_inside_one_path_segment(value: str, safe: bool) -> None:
    assert safe_id(value) is safe


@pytest.mark.parametrize(
    ("stored", "seen", "same"),
    [
        ("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/teams/", True),
        ("https://smba.trafficmanager.net/emea/", "https://evil.example/emea/", False),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5001/", False),
        ("", "https://smba.trafficmanager.net/emea/", False),
    ],
)
def test_a_stored_address_moves_only_within_its_service_host(
    stored: str, seen: str, same: bool
) -> None:
    assert same_origin({"serviceUrl": stored}, {"serviceUrl": seen}) is same


def test_local_mode_listens_on_loopback_whichever_way_it_was_chosen() -> None:
    settings = AuthSettings.from_env({"SAMSTYRE_LOCAL": "1"}, tenant_ids=[])  # no --local
    assert settings.local
    assert listen_host({}, None, local=settings.local) == "127.0.0.1"
    assert listen_host({"SAMSTYRE_HOST": "::1"}, None, local=True) == "::1"
    assert listen_host({}, None, local=False) == "0.0.0.0"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_local_mode_refuses_another_address_unless_loudly_overridden(
    host: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(ConfigurationError, match="loopback only"):
        listen_host({"SAMSTYRE_HOST": host}, None, local=True)
    with pytest.raises(ConfigurationError, match="loopback only"):
        listen_host({}, host, local=True)
    with caplog.at_level(logging.CRITICAL, logger="samstyre"):
        assert listen_host({"SAMSTYRE_LOCAL_EXPOSE": "1"}, host, local=True) == host
    assert "WITHOUT authentication" in caplog.text
