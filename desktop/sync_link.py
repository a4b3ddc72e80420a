"""Joins the sync thread to the sync engine (:mod:`desktop.sync`).

:func:`prepare` runs on the UI thread, after the login window is painted: it imports the sync
code and everything that code would otherwise import lazily on first use (``requests`` loads
some modules only when the first request is made, ``keyring`` its backends), because PySide6's
import hook is not thread-safe. What it returns builds the sessions and tasks the sync thread
runs.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sync_worker import Progress, SyncSession, Task

log = logging.getLogger(__name__)

#: Imported lazily by requests/urllib3/json on the first request or response; loaded up front.
LAZY_MODULES = (
    "netrc",
    "shlex",
    "encodings.idna",
    "stringprep",
    "idna",
    "idna.core",
    "charset_normalizer",
    "http.cookies",
    "email.parser",
    "email.feedparser",
    "requests.adapters",
    "urllib3.util.ssl_",
    "ledger.upgrades",
)


@dataclass(frozen=True)
class SyncLink:
    """Builds, for the sync thread, the session of an enrolled device and enrolment jobs.

    The sync code's functions are held here, looked up once on the UI thread, so the sync
    thread never runs an import statement.

    Attributes:
        data_dir: The data directory (the token file lives here when there is no keyring).
        store_file: The store's SQLite file.
    """

    data_dir: Path
    store_file: Path
    open_engine: Callable[..., Any]
    enrol: Callable[..., Any]
    store_class: Callable[..., Any]

    def open_session(self) -> SyncSession | None:
        """Called in the sync thread: the engine over a connection of its own, or None for a
        stand-alone device."""
        session: SyncSession | None = self.open_engine(self.store_file, self.data_dir)
        return session

    def enrol_task(
        self, server_url: str, code: str, device_name: str, device_no: int | None
    ) -> Task:
        """The enrolment job: identity and token from the server, then the first sync
        (the snapshot for a new device), reporting progress."""
        store_file, data_dir, enrol = self.store_file, self.data_dir, self.enrol

        def task(_session: SyncSession | None, progress: Progress) -> Any:
            store = self.store_class(store_file)
            try:
                return enrol(
                    store,
                    server_url,
                    code,
                    device_name=device_name,
                    device_no=device_no,
                    data_dir=data_dir,
                    progress=progress,
                )
            finally:
                store.close()

        return task


def prepare(data_dir: Path, store_file: Path) -> SyncLink:
    """Load the sync code on this (the UI) thread and settle the keyring backend."""
    import desktop.sync
    from desktop.store import Store

    for name in LAZY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("optional module %s not available", name)
    desktop.sync.prepare()
    return SyncLink(data_dir, store_file, desktop.sync.open_engine, desktop.sync.enrol, Store)
