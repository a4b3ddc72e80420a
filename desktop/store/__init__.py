"""The desktop's local store: one SQLite file per device (see :mod:`desktop.store.store`)."""

from desktop.store.db import StoreTooNew, StoreUnreadable, open_store
from desktop.store.paths import default_data_dir, store_path
from desktop.store.projector import ConflictingEvent
from desktop.store.store import Identity, Store

__all__ = [
    "ConflictingEvent",
    "Identity",
    "Store",
    "StoreTooNew",
    "StoreUnreadable",
    "default_data_dir",
    "open_store",
    "store_path",
]
