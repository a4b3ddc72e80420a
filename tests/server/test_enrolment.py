"""Devices enrol with a one-time code and then authenticate with their token."""

from __future__ import annotations

import requests
from sqlalchemy import select

from ledger.wire import PROTOCOL_HEADER
from sync_server import enrolment
from sync_server.store import tables as t

from .helpers import Server


def enrol(server: Server, code: str) -> requests.Response:
    return requests.post(server.url + "/v1/enroll", json={"code": code}, timeout=30)


def test_a_code_enrols_one_device_and_the_server_keeps_only_token_hashes(
    server: Server, branch: str
) -> None:
    code, _ = enrolment.issue_code(server.db, branch, 24)
    # Installers type codes by hand: case and dashes do not matter.
    reply = enrol(server, code.lower().replace("-", " "))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["branch_id"] == branch
    assert body["server_protocol_min"] <= 1 <= body["server_protocol_max"]
    with server.db.read() as conn:
        row = conn.execute(
            select(t.devices.c.token_hash, t.devices.c.branch_id).where(
                t.devices.c.device_id == body["device_id"]
            )
        ).one()
        stored_codes = conn.execute(select(t.enrolment_codes.c.code_hash)).scalars().all()
    assert row.branch_id == branch
    assert row.token_hash == enrolment.digest(body["token"]) != body["token"]
    assert code not in stored_codes and enrolment.normalise_code(code) not in stored_codes

    again = enrol(server, code)
    assert again.status_code == 403
    assert again.json()["code"] == "enrol_code_invalid"
    assert "kode" in again.json()["detail_id"].lower()


def test_an_expired_or_unknown_code_enrols_nothing(server: Server, branch: str) -> None:
    expired, _ = enrolment.issue_code(server.db, branch, 0)
    for code in (expired, "ZZZZ-ZZZZ-ZZZZ"):
        reply = enrol(server, code)
        assert reply.status_code == 403
        assert reply.json()["code"] == "enrol_code_invalid"
    with server.db.read() as conn:
        devices = conn.execute(
            select(t.devices.c.device_id).where(t.devices.c.branch_id == branch)
        ).all()
    assert devices == []


def test_missing_wrong_and_revoked_tokens_are_refused(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    event = device.open_drawer()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        reply = requests.post(
            server.url + "/v1/push",
            json={"events": [event.to_dict()]},
            headers={PROTOCOL_HEADER: "1", **headers},
            timeout=30,
        )
        assert reply.status_code == 401, headers
        assert reply.json()["code"] == "unauthorized"
        assert reply.headers["WWW-Authenticate"] == "Bearer"
    assert server.get("/v1/pull", device.token).status_code == 200

    assert enrolment.revoke(server.db, device.device_id)
    assert device.push([event]).status_code == 401
    assert server.get("/v1/pull", device.token).status_code == 401
    assert server.get("/v1/snapshot", device.token).status_code == 401
    assert not enrolment.revoke(server.db, device.device_id)  # already revoked
