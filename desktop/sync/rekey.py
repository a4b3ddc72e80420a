"""Re-keying: a new PC restored from a dead PC's backup takes over that device.

The backup carries the device's id, branch, sequence and hash chain, and its unsent
transactions, but not its token (that lives in the old PC's keyring or token file). Head office
issues a one-time code for that device id (``lumbung-server device replace DEVICE_ID``); this PC
trades it for a new token. The device id, sequence and chain stay, so the ordinary sync then
pushes exactly what head office has not received yet, and receipt numbers carry on. The old
PC's token is refused from then on.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import Identity, Store
from desktop.store import sync_state as st
from desktop.sync import credentials
from desktop.sync.client import SyncClient
from ledger.errors import LumbungError, ValidationError
from ledger.events import GENESIS_HASH
from ledger.wire import RekeyRequest


def own_chain_head(store: Store) -> tuple[int, str]:
    """The newest event of this store's own device: (sequence, hash), (0, genesis) if none."""
    identity = store.identity
    if identity is None:
        return 0, GENESIS_HASH
    row = store.conn.execute(
        "SELECT device_seq, hash FROM events WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1",
        (identity.device_id,),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def rekey(
    store: Store,
    code: str,
    *,
    server_url: str = "",
    data_dir: Path | None = None,
    device_name: str = "",
    client: SyncClient | None = None,
) -> Identity:
    """Take over this store's device with head office's replacement ``code``.

    ``server_url`` defaults to the address the restored store already synced with.

    Raises:
        ValidationError: the store has no device identity, or no server address is known.
        SyncRefused: the code is unknown, used, expired or for another device
            (``enrol_code_invalid``), the branch differs (``forbidden``), or the backup is
            older than what head office holds (``conflict``).
        ServerUnreachable, UpdateRequired: as for any call.
    """
    identity = store.identity
    if identity is None:
        raise ValidationError(
            "Data di PC ini belum punya identitas perangkat; pulihkan dulu cadangan PC lama.",
            "This store has no device identity yet; restore the old PC's backup first.",
            field="code",
        )
    url = (server_url or st.read_state(store.conn).server_url).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValidationError(
            "Alamat server belum diketahui; sebutkan dengan --server http://...",
            "The server address is not known; give it with --server http://...",
            field="server_url",
        )
    last_seq, last_hash = own_chain_head(store)
    api = client or SyncClient(url)
    try:
        reply = api.rekey(
            RekeyRequest(
                code=code,
                device_id=identity.device_id,
                branch_id=identity.branch_id,
                last_seq=last_seq,
                last_hash=last_hash,
                device_name=device_name,
            )
        )
    finally:
        if client is None:
            api.close()
    if reply.device_id != identity.device_id:  # a server bug must not change our identity
        raise LumbungError(
            "Server menjawab untuk perangkat lain.", "The server answered for another device."
        )
    folder = data_dir if data_dir is not None else Path(store.path).parent
    credentials.save_token(folder, identity.device_id, reply.token)
    with store.transaction() as conn:
        st.update_state(conn, server_url=url, last_error="")
        st.log(
            conn,
            "info",
            f"PC pengganti: perangkat {identity.device_id} mendapat token baru dari {url} "
            f"(transaksi sampai {last_seq}).",
        )
    return identity
