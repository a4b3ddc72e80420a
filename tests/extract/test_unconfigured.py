"""A server whose extract is not configured says so (503) without leaking its configuration,
and logs nothing. In-process: this is about the app's reply, not the credential fence."""

from __future__ import annotations

import warnings

from sync_server import admin
from sync_server.app import create_app
from sync_server.config import Settings
from sync_server.extract.store import issue_credential, list_extracts
from sync_server.store.db import Database


def test_unconfigured_extract_is_503_and_unlogged(tmp_path, monkeypatch) -> None:
    with warnings.catch_warnings():
        # Starlette deprecates its httpx-based client; not this project's concern.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    monkeypatch.delenv("LUMBUNG_EXTRACT_KEY", raising=False)
    settings = Settings.load(database_url=f"sqlite:///{tmp_path / 'central.sqlite3'}")
    assert settings.extract_policy == ""  # the built-in policy: no cooperative number yet
    db = Database(settings.effective_database_url)
    try:
        admin.init(db)
        token = issue_credential(db, "kemenkop")
        with TestClient(create_app(settings, db=db)) as client:
            reply = client.get("/v1/extract", headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 503
        body = reply.json()
        assert body["code"] == "extract_unavailable"
        assert "hubungi koperasi" in body["detail_id"]
        assert "nomor_induk_koperasi" not in reply.text and "LUMBUNG" not in reply.text
        assert list_extracts(db) == []
    finally:
        db.dispose()
