"""A reversal carries its value into the day's comparison: a reversal of the wrong amount is a
mismatch, against the real server process (the branch PC on the wall clock of now, since head
office refuses a PC whose clock is far behind its own)."""

from __future__ import annotations

from pathlib import Path

from sync_ui.server import ServerProcess

from ledger.digest import closing_digest_of
from ledger.upgrades import upgrade_payload
from tests.eod.builders import alter_amount_at_server, make_desk, recon_rows


def test_a_reversal_of_the_wrong_amount_is_a_mismatch(
    server: ServerProcess, branch_id: str, tmp_path: Path
) -> None:
    desk = make_desk(tmp_path / "pc", branch_id, real_time=True)
    try:
        desk.enrol(server)
        svc = desk.service
        deposit = desk.deposit(desk.member("I Wayan Sudarsana"), 1_000_000)
        desk.close_drawer()
        day1 = svc.business_date().isoformat()
        assert desk.reconcile(day1).status == "agreed"
        svc.close_day(actor=desk.supervisor)
        desk.sync()
        assert recon_rows(server)[(branch_id, day1)]["status"] == "agreed"

        # The next business day the deposit is reversed: a correction after the close.
        day2 = svc.business_date().isoformat()
        assert day2 > day1
        svc.open_session(actor=desk.teller, opening_float=5_000_000)
        reversal = svc.reverse(
            deposit.event_id, "Koreksi setelah tutup hari", actor=desk.teller,
            authorizer=desk.supervisor,
        )  # fmt: skip
        desk.sync()
        # Head office's copy of the deposit says Rp 100.000: the reversal's own bytes are the
        # same on both sides, what it is worth is not.
        alter_amount_at_server(server, deposit.event_id, 100_000)
        recon = desk.reconcile(day2)
        assert recon.status == "mismatch"
        assert recon.local["digest"] != recon.server["digest"]
        (line,) = recon.mismatches
        assert (line.kind, line.event_id, line.type) == (
            "content_differs",
            reversal.event_id,
            "Reversed",
        )
        assert (line.local_amount, line.server_amount) == (1_000_000, 100_000)
        mine = recon.local["devices"][svc.store.identity.device_id]["by_type"]["Reversed"]
        assert mine == {"count": 1, "total": 1_000_000}

        # Closing over it needs a reason; head office compares the report and disagrees too.
        desk.close_drawer()
        assert desk.reconcile(day2).status == "mismatch"
        result = svc.close_day(actor=desk.supervisor, reason="Pembatalan bernilai beda di pusat")
        assert result.status == "mismatch"
        desk.sync()
        row = recon_rows(server)[(branch_id, day2)]
        assert row["status"] == "mismatch" and row["case_id"]
    finally:
        desk.close()


def _day(target_amount: int) -> tuple[list[dict[str, object]], dict[str, int]]:
    rows: list[dict[str, object]] = [
        {"device_id": "d1", "device_seq": 7, "type": "Reversed", "hash": "ab" * 32,
         "payload": {"target_event_id": "t1", "reason": "x", "session_id": "s"}},
    ]  # fmt: skip
    return rows, {"t1": target_amount}


def test_reports_made_before_reversals_had_a_value_stay_valid() -> None:
    # A DayClosed of schema version 2 reported a version 1 digest.
    old = upgrade_payload("DayClosed", 2, {"business_date": "2025-11-27", "digest": "x" * 64})
    assert old["digest_version"] == 1
    # Version 1 is blind to what a reversal undoes (its old digests stay what they were);
    # version 2 sees it.
    assert closing_digest_of(*_day(1_000_000), version=1) == closing_digest_of(
        *_day(100_000), version=1
    )
    assert closing_digest_of(*_day(1_000_000)) != closing_digest_of(*_day(100_000))
