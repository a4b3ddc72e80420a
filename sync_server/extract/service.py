"""One extract, start to finish: policy and credential, records, pseudonyms, build, render, log.

The CLI and the API both come through :func:`run_extract`, so both log the same way; the log
entry is committed before the bytes are handed back, so nothing leaves unlogged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sync_server.extract.build import Extract, build_extract, render
from sync_server.extract.keys import load_token
from sync_server.extract.policy import Policy, load_policy
from sync_server.extract.pseudonym import Evaluator, HttpKeyHolder, Pseudonymiser
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


def evaluator_for(
    policy: Policy, *, key_env: str = "", key_file: str | Path = "", url: str = ""
) -> Evaluator:
    """The key holder as the policy (or the command's overrides) names it.

    Raises:
        ExtractKeyError: the credential is missing or too short.
    """
    if key_env or key_file:
        token = load_token(env=key_env, file=key_file)
    else:
        token = load_token(env=policy.key_env, file=policy.key_file)
    verify_key = policy.keyholder_verify_key or None
    return HttpKeyHolder(url or policy.keyholder_url, token, verify_key=verify_key)


def prepare(
    db: Database,
    policy: Policy,
    *,
    key_env: str = "",
    key_file: str | Path = "",
    keyholder_url: str = "",
    today: dt.date | None = None,
    evaluator: Evaluator | None = None,
) -> Extract:
    """Build the extract (no log entry). A credential or address named here overrides the
    policy's; ``evaluator`` replaces the key holder altogether (tests).

    Raises:
        ExtractKeyError: the credential is missing or too short.
        PseudonymError: the key holder is unreachable or refused.
    """
    if evaluator is None:
        evaluator = evaluator_for(policy, key_env=key_env, key_file=key_file, url=keyholder_url)
    pseudonyms = Pseudonymiser(evaluator, policy.datacentre_public_key)
    return build_extract(member_records(db), policy, pseudonyms, today or dt.date.today())


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
    keyholder_url: str = "",
    today: dt.date | None = None,
) -> Output:
    """Make, render and log an extract.

    Raises:
        PolicyError: the policy is refused.
        ExtractKeyError: the credential is missing, or the key holder failed.
        ValidationError: unknown format or table.
    """
    policy = load_policy(policy_file)
    extract = prepare(
        db, policy, key_env=key_env, key_file=key_file, keyholder_url=keyholder_url, today=today
    )
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
        members=extract.member_count,
    )
    return Output(extract, data, log_id)
