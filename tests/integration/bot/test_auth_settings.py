"""``AuthSettings.from_env``: production needs a bot identity, local mode refuses one."""

from __future__ import annotations

import pytest
from microsoft_agents.authentication.msal import MsalConnectionManager

from bot.settings import CLIENT_ID_VAR, CLIENT_SECRET_VAR, AuthSettings, ConfigurationError
from tests.integration.bot.tokens import CLIENT_ID, SETTINGS_PREFIX, TENANT_A, production_env

JWKS = "https://keys.example/jwks"


def test_production_settings_are_the_sdk_configuration() -> None:
    settings = AuthSettings.from_env(production_env(JWKS), tenant_ids=[TENANT_A.upper()])
    assert settings.client_id == CLIENT_ID
    assert settings.connection.TENANT_ID == TENANT_A
    assert settings.tenant_ids == {TENANT_A}
    assert settings.jwks_url == JWKS
    assert not settings.local
    assert "not-a-real-secret" not in repr(settings)
    manager = MsalConnectionManager(**settings.agents_config)
    assert manager.get_default_connection_configuration().CLIENT_ID == CLIENT_ID


def test_local_mode_is_anonymous_for_the_sdk_too() -> None:
    settings = AuthSettings.from_env({"SAMSTYRE_LOCAL": "1"}, tenant_ids=[])
    assert settings.local and settings.client_id is None
    assert settings.connection.ANONYMOUS_ALLOWED
    manager = MsalConnectionManager(**settings.agents_config)
    assert manager.get_default_connection_configuration().ANONYMOUS_ALLOWED


def test_local_flag_works_without_the_variable() -> None:
    assert AuthSettings.from_env({}, tenant_ids=[], local=True).local


def test_without_client_id_and_not_local_the_error_says_what_to_set() -> None:
    with pytest.raises(ConfigurationError) as error:
        AuthSettings.from_env({"SAMSTYRE_LOCAL": "0"}, tenant_ids=[TENANT_A])
    assert CLIENT_ID_VAR in str(error.value)
    assert "--local" in str(error.value)


@pytest.mark.parametrize("variable", [CLIENT_ID_VAR, CLIENT_SECRET_VAR])
def test_local_mode_refuses_to_start_with_credentials(variable: str) -> None:
    with pytest.raises(ConfigurationError, match=variable):
        AuthSettings.from_env({"SAMSTYRE_LOCAL": "1", variable: "x"}, tenant_ids=[])
    with pytest.raises(ConfigurationError, match=variable):
        AuthSettings.from_env({variable: "x"}, tenant_ids=[], local=True)


@pytest.mark.parametrize(
    ("extra", "tenants", "message"),
    [
        ({SETTINGS_PREFIX + "ANONYMOUS_ALLOWED": "true"}, [TENANT_A], "ANONYMOUS_ALLOWED"),
        ({SETTINGS_PREFIX + "CLIENTSECRET": ""}, [TENANT_A], CLIENT_SECRET_VAR),
        ({SETTINGS_PREFIX + "AUTHTYPE": "Password"}, [TENANT_A], "AUTHTYPE"),
        ({SETTINGS_PREFIX + "AUTHTYPE": "certificate"}, [TENANT_A], "CERT_PFX_FILE"),
        ({"SAMSTYRE_JWKS_URL": "http://keys.example/jwks"}, [TENANT_A], "SAMSTYRE_JWKS_URL"),
        ({"SAMSTYRE_LOCAL": "maybe"}, [TENANT_A], "SAMSTYRE_LOCAL"),
        ({}, ["contoso.onmicrosoft.com"], "GUID"),
    ],
)
def test_unsafe_or_broken_settings_are_refused(
    extra: dict[str, str],
    tenants: list[str],
    message: str,
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        AuthSettings.from_env(production_env(JWKS, **extra), tenant_ids=tenants)


def test_managed_identity_needs_no_secret() -> None:
    env = production_env(
        JWKS,
        **{
            SETTINGS_PREFIX + "CLIENTSECRET": "",
            SETTINGS_PREFIX + "AUTHTYPE": "UserManagedIdentity",
        },
    )
    assert AuthSettings.from_env(env, tenant_ids=[TENANT_A]).client_id == CLIENT_ID


def test_unrelated_double_underscore_variables_do_not_confuse_the_sdk_loader() -> None:
    env = production_env(JWKS, FOO="1", FOO__BAR="2")
    assert AuthSettings.from_env(env, tenant_ids=[TENANT_A]).client_id == CLIENT_ID
