"""One extract, start to finish: policy and key, records, build, render, log.

The CLI and the API both come through :func:`run_extract`, so both log the same way; the log
entry is committed before the bytes are handed back, so nothing leaves unlogged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sync_server.extract.build import Extract, build_extract, render
from sync_server.extract.keys import load_key
from sync_server.extract.policy import Policy, load_policy
from sync_server.extract.source import member_records
from sync_server.extract.store import record_extract
from sync_server.store.db import Database


@dataclass(frozen=True)
class Output:
    """A rendered extract and its log entry.

    Attributes:
        extract: The extract.
        data: Its bytes in the requested format.
        log_id: The extract log entry (0 for a dry run, which is not logged).
    """

    extract: Extract
    data: bytes
    log_id: int


def policy_path(explicit: str | Path | None, configured: str) -> str | Path | None:
    """The policy to use: the command's, else the server setting's, else the default."""
    return explicit or configured or None


def prepare(
    db: Database,
    policy: Policy,
    *,
    key_env: str = "",
    key_file: str | Path = "",
    today: dt.date | None = None,
) -> Extract:
    """Build the extract (no log entry). A key named here overrides the policy's.

    Raises:
        ExtractKeyError: the key is missing or too short.
    """
    if key_env or key_file:
        key = load_key(env=key_env, file=key_file)
    else:
        key = load_key(env=policy.key_env, file=policy.key_file)
    return build_extract(member_records(db), policy, key, today or dt.date.today())


def run_extract(
    db: Database,
    *,
    policy_file: str | Path | None,
    fmt: str,
    table: str,
    who: str,
    channel: str,
    key_env: str = "",
    key_file: str | Path = "",
    today: dt.date | None = None,
) -> Output:
    """Make, render and log an extract.

    Raises:
        PolicyError: the policy is refused.
        ExtractKeyError: the key is missing or too short.
        ValidationError: unknown format or table.
    """
    policy = load_policy(policy_file)
    extract = prepare(db, policy, key_env=key_env, key_file=key_file, today=today)
    data = render(extract, fmt, table)
    rows = extract.row_count(table if fmt == "csv" else None)
    log_id = record_extract(
        db,
        who=who,
        channel=channel,
        policy_sha256=policy.sha256,
        fmt=fmt,
        table=table if fmt == "csv" else "all",
        row_count=rows,
        members=len(extract.members),
    )
    return Output(extract, data, log_id)
