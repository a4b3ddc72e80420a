"""The central store: migrations, refusing a newer database, and the canonical bytes kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import MetaData, text

from ledger.canonical import canonical_json
from ledger.events import DeviceChain, Event, MemberUpdated
from sync_server import admin
from sync_server.intake import canonical_texts, check_event
from sync_server.store.db import Database, StoreError, migrate, schema_status
from sync_server.store.tables import made_on, metadata

from .helpers import Server


def every_table() -> MetaData:
    """The central store's tables and those of modules that keep their own (the extract)."""
    from sync_server.extract import store as extract_store

    combined = MetaData()
    for source in (metadata, extract_store.metadata):
        for table in source.tables.values():
            table.to_metadata(combined)
    return combined


def test_the_migrated_schema_is_exactly_what_the_code_queries(server: Server) -> None:
    def made_here(item: object, name: str | None, kind: str, reflected: bool, _: object) -> bool:
        return reflected or made_on(kind, name, server.db.dialect)

    with server.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": made_here})
        diff = compare_metadata(context, every_table())
    assert diff == []
    current, head = schema_status(server.db)
    assert current == head


def test_init_is_idempotent_and_a_newer_database_is_refused(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        assert admin.init(db) is True
        assert admin.init(db) is False
        assert db.last_seq() == 0
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(StoreError, match="newer"):
            migrate(db)
    finally:
        db.dispose()


# Any text the server accepts: no lone surrogates (not Unicode), no NUL (refused).
texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40
)


@given(name=texts, address=texts, actor=texts.filter(bool))
def test_the_stored_bytes_are_the_canonical_encoding_of_the_event(
    name: str, address: str, actor: str
) -> None:
    chain = DeviceChain("BR01", "01900000-0000-7000-8000-000000000abc")
    event = chain.make(
        MemberUpdated("m-1", {"name": name, "address": address}),
        actor=actor,
        business_date="2024-05-02",
    )
    item = json.loads(json.dumps(event.to_dict()))
    body, whole = canonical_texts(Event.from_dict(item))
    assert body.encode() == canonical_json(event.body())
    assert whole.encode() == event.canonical()
    checked = check_event(item, 0)
    assert checked.hash_ok
    assert checked.body == event.canonical().decode()
