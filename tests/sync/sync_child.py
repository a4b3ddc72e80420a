"""A branch PC's sync in a process of its own, for killing mid-pull.

    python sync_child.py STORE_FILE PULL_PAGE

Prints ``pull DONE TOTAL`` after each page is committed, so the parent knows how far it got.
"""

from __future__ import annotations

import sys

from desktop.store import Store
from desktop.sync import SyncClient, SyncEngine, engine_for


def main() -> int:
    store = Store(sys.argv[1])
    found = engine_for(store)
    assert found is not None
    engine = SyncEngine(
        store, SyncClient(found.client.base_url, found.client.token), pull_page=int(sys.argv[2])
    )

    def progress(phase: str, done: int, total: int) -> None:
        print(phase, done, total, flush=True)

    report = engine.sync_once(progress)
    print("done", report.pulled, report.cursor, flush=True)
    engine.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
