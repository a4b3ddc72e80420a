"""Sync with the head-office server: the HTTP client, the engine, enrolment, the token store.

Nothing here runs on the UI thread; the UI's sync worker imports this package on the UI thread
(every import is at module top) and calls :func:`prepare` there too, which settles the keyring
backend (keyring loads its plugins lazily).
"""

from desktop.sync.client import (
    DeviceNotAuthorised,
    ServerStorageFull,
    ServerUnreachable,
    SyncClient,
    SyncRefused,
    UpdateRequired,
)
from desktop.sync.credentials import prepare
from desktop.sync.engine import (
    BootstrapRefused,
    ServerDataInvalid,
    SyncEngine,
    SyncReport,
    SyncStatus,
    engine_for,
    open_engine,
)
from desktop.sync.enrol import enrol, set_server_url

__all__ = [
    "BootstrapRefused",
    "DeviceNotAuthorised",
    "ServerDataInvalid",
    "ServerStorageFull",
    "ServerUnreachable",
    "SyncClient",
    "SyncEngine",
    "SyncRefused",
    "SyncReport",
    "SyncStatus",
    "UpdateRequired",
    "engine_for",
    "enrol",
    "open_engine",
    "prepare",
    "set_server_url",
]
