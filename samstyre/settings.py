"""Every setting of a Samstyre process, read from the environment once, at its edge (``serve``,
``worker``, the command line), and checked before anything is opened. Nothing below this reads
the environment: each part gets its settings as values (README, "Settings")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.settings import AuthSettings, ConfigurationError
from bot.throttle import Throttle, ThrottleSettingsError
from bot.throttle import from_env as throttle_from_env
from governance.domain.organisation import Mandate
from governance.store.database import DATABASE_VAR, database_url
from graph_sync.settings import PublishSettings, PublishSettingsError
from scheduler.setup import SchedulerSettingsError, scheduler_enabled, sweep_seconds

# what a wrong setting raises (its message names the variable)
SETTINGS_ERRORS = (
    ConfigurationError,
    PublishSettingsError,
    SchedulerSettingsError,
    ThrottleSettingsError,
)


def database_of(environ: Mapping[str, str], explicit: str | None = None) -> str:
    """``explicit``, else ``DATABASE_URL``, else the embedded SQLite file, with its driver."""
    return database_url(explicit or environ.get(DATABASE_VAR))


def _switch(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "1").strip().lower() not in ("0", "off", "false")


@dataclass(frozen=True)
class Settings:
    database_url: str
    auth: AuthSettings
    publishing: PublishSettings
    publisher: bool  # SAMSTYRE_PUBLISHER: this process publishes the outbox's documents
    scheduler: bool  # SAMSTYRE_SCHEDULER: this process runs the annual cycle's sweeps
    sweep_seconds: float
    throttle: Throttle  # this process's share of Teams' rate limits (SAMSTYRE_TENANT_RATE)

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str],
        mandate: Mandate,
        *,
        local: bool,
        database: str | None = None,
    ) -> Settings:
        """Read and check every setting (``local``: the ``--local`` flag; ``database``: a URL
        given on the command line or by a test, before ``DATABASE_URL``)."""
        return cls(
            database_url=database_of(environ, database),
            auth=AuthSettings.from_env(environ, tenant_ids=mandate.tenant_ids, local=local),
            publishing=PublishSettings.from_env(environ),
            publisher=_switch(environ, "SAMSTYRE_PUBLISHER"),
            scheduler=scheduler_enabled(environ),
            sweep_seconds=sweep_seconds(environ),
            throttle=throttle_from_env(environ),
        )
