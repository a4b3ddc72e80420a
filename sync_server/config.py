"""Server settings: defaults, then a TOML file, then ``LUMBUNG_SERVER_*`` environment variables,
then command-line flags (each later source wins).

The default database is one SQLite file in the data directory, so a head office can start
without installing anything; PostgreSQL is the same code with a ``postgresql+psycopg://`` URL.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

ENV_PREFIX = "LUMBUNG_SERVER_"
DEFAULT_PORT = 8470


def default_data_dir() -> Path:
    override = os.environ.get(ENV_PREFIX + "DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("lumbung-server", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """How the server runs.

    Attributes:
        data_dir: Where the default SQLite database lives.
        database_url: SQLAlchemy URL; empty means ``sqlite:///<data_dir>/central.sqlite3``.
        host: Address to listen on.
        port: Port to listen on.
        enrol_code_hours: How long a device enrolment code stays valid.
        snapshot_page_rows: Rows per bootstrap snapshot page.
        snapshot_max_lag: A snapshot is reused while it is at most this many events behind.
        history_days: How many days of events a new device fetches after its snapshot, so
            that it can show members' history, their running balances and reprint receipts
            from before it was enrolled.
        max_body_bytes: Largest request body accepted.
        log_level: uvicorn log level.
        extract_policy: Data-centre extract policy file; empty means the built-in default.
        workers: Server processes (uvicorn workers); they share the database's single writer.
        cooperative_name: The cooperative's name, given to each device at enrolment (it prints
            it on receipts).
    """

    data_dir: Path = dataclasses.field(default_factory=default_data_dir)
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    enrol_code_hours: int = 72
    snapshot_page_rows: int = 5000
    snapshot_max_lag: int = 10_000
    history_days: int = 92
    max_body_bytes: int = 16 * 1024 * 1024
    log_level: str = "info"
    extract_policy: str = ""
    workers: int = 1
    cooperative_name: str = "KSP Lumbung"
    #: Failed authentications (unknown or revoked tokens) one address may make per minute
    #: before it is answered 429 with Retry-After; 0 turns the limit off.
    auth_failures_per_minute: int = 120
    #: Failed enrolments (unknown, used or expired codes) per address per minute.
    enrol_failures_per_minute: int = 20

    def to_environment(self) -> dict[str, str]:
        """These settings as ``LUMBUNG_SERVER_*`` variables (for worker processes)."""
        return {
            ENV_PREFIX + f.name.upper(): str(getattr(self, f.name))
            for f in dataclasses.fields(self)
        }

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'central.sqlite3'}"

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> Settings:
        """Settings from the file (``config_file`` or env ``LUMBUNG_SERVER_CONFIG``), the
        environment, and ``overrides`` (``None`` values are ignored).

        Raises:
            ValueError: an unknown key or a value of the wrong type, named.
        """
        values: dict[str, Any] = {}
        path = config_file or os.environ.get(ENV_PREFIX + "CONFIG")
        if path:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh))
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for name in fields:
            env = os.environ.get(ENV_PREFIX + name.upper())
            if env is not None and env != "":
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = sorted(set(values) - set(fields))
        if unknown:
            raise ValueError(f"unknown server setting(s): {', '.join(unknown)}")
        typed: dict[str, Any] = {}
        for name, value in values.items():
            default = fields[name].default if name != "data_dir" else Path()
            try:
                if isinstance(default, Path):
                    typed[name] = Path(value)
                elif isinstance(default, int):
                    typed[name] = int(value)
                else:
                    typed[name] = str(value)
            except (TypeError, ValueError):
                raise ValueError(f"server setting {name}: bad value {value!r}") from None
        return cls(**typed)
