"""Enrolment: a branch PC joins the server with a one-time code from head office.

Two cases:

* a **new** store (no identity yet): the device takes its whole identity from the server
  (device id, branch, branch and cooperative names), then loads the snapshot, which brings the
  staff accounts, so tellers log in offline from then on;
* an **existing stand-alone** store (the demo, or a branch that started before its server):
  its events are already signed with its own device id and branch, so it proposes them; the
  server accepts if the id is free and the code is for that branch. Its whole history is then
  pushed by the ordinary sync.

The token goes to :mod:`desktop.sync.credentials` before the store records the server, so a
store never names a server without the token to talk to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from desktop.store import Identity, Store
from desktop.store import sync_state as st
from desktop.sync import credentials
from desktop.sync.client import SyncClient
from desktop.sync.engine import Progress, SyncEngine
from ledger.errors import LumbungError, ValidationError


class _HasStore(Protocol):
    @property
    def store(self) -> Store: ...


def _store_of(target: Store | _HasStore) -> Store:
    return target if isinstance(target, Store) else target.store


def enrol(
    target: Store | _HasStore,
    server_url: str,
    code: str,
    *,
    device_name: str = "",
    device_no: int | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    first_sync: bool = True,
    client: SyncClient | None = None,
) -> Identity:
    """Enrol this device (a :class:`desktop.store.Store` or a ``BranchService``).

    Head office gives the PC its number in the branch: ``device_no`` proposes one (refused
    with ``device_no_taken`` when another PC holds it), ``None`` takes the next free one. An
    existing store proposes the number its receipts already carry; head office keeps it even
    when another PC holds it and raises an alarm it resolves with ``device renumber``.

    With ``first_sync`` the device then syncs once (a new store bootstraps from the snapshot;
    an existing one pushes its history and pulls), reporting ``progress``. A failure of that
    first sync is logged, not raised: enrolment stands and the next sync carries on.

    Raises:
        SyncRefused: the code is unknown, used or expired (``enrol_code_invalid``), for
            another branch (``forbidden``), or this device id is already enrolled
            (``conflict``), or the proposed number is taken (``device_no_taken``).
        ServerUnreachable, UpdateRequired: as for any call.
    """
    store = _store_of(target)
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValidationError(
            "Alamat server harus diawali http:// atau https://.",
            "The server address must start with http:// or https://.",
            field="server_url",
        )
    folder = data_dir if data_dir is not None else Path(store.path).parent
    api = client or SyncClient(url)
    existing = store.identity
    if existing is not None:
        reply = api.enroll(
            code,
            device_name=device_name,
            device_id=existing.device_id,
            branch_id=existing.branch_id,
            device_no=existing.device_no,
        )
    else:
        reply = api.enroll(code, device_name=device_name, device_no=device_no)
    credentials.save_token(folder, reply.device_id, reply.token)
    with store.transaction() as conn:
        if existing is None:
            store.create_identity(
                # A server from before device numbers gives none: the proposal, or 1.
                device_no=reply.device_no or device_no or 1,
                branch_id=reply.branch_id,
                branch_name=reply.branch_name or reply.branch_id,
                cooperative_name=reply.cooperative_name,
                device_id=reply.device_id,
            )
        st.update_state(
            conn,
            server_url=url,
            needs_bootstrap=int(existing is None),
            last_error="",
        )
        st.log(
            conn,
            "info",
            f"Perangkat terdaftar di server {url} untuk cabang {reply.branch_id}.",
        )
    identity = store.identity
    assert identity is not None
    if first_sync:
        engine = SyncEngine(store, SyncClient(url, reply.token))
        try:
            engine.sync_once(progress)
        except LumbungError:
            pass  # recorded in the sync log and last_error; the next sync retries
        finally:
            engine.client.close()
    if client is None:
        api.close()
    return identity


def set_server_url(store: Store, server_url: str) -> None:
    """Point an enrolled store at its server's new address (the token stays valid)."""
    with store.transaction() as conn:
        st.update_state(conn, server_url=server_url.strip().rstrip("/"))
