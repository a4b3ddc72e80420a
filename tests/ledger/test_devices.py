"""Device numbers and the day-close rule about the branch's other PCs (ledger.devices)."""

from __future__ import annotations

import pytest

from ledger.devices import (
    ASSIGNED,
    Numbering,
    PcStatus,
    blockers,
    needs_confirmation,
    next_free,
    number_at,
    numbering_of,
    receipt_number,
)
from ledger.errors import ValidationError
from ledger.events import DeviceNumbered

D = "0190aaaa-0000-7000-8000-00000000d001"


def n(no: int, from_seq: int) -> Numbering:
    return Numbering(D, "BR01", no, from_seq)


def test_a_number_applies_from_its_sequence_on_and_an_assigned_one_only_once_confirmed() -> None:
    entries = [n(1, 1), n(3, ASSIGNED)]
    # Assigned by head office, not yet confirmed: every sequence keeps number 1.
    assert [number_at(entries, s) for s in (1, 5, 10**6)] == [1, 1, 1]
    assert needs_confirmation(entries, 11) == n(3, ASSIGNED)
    confirmed = [*entries, n(3, 11)]
    assert [number_at(confirmed, s) for s in (1, 10, 11, 12)] == [1, 1, 3, 3]
    assert needs_confirmation(confirmed, 12) is None
    assert number_at([], 5) is None


def test_receipt_numbers_and_the_fallback_for_an_unknown_number() -> None:
    assert receipt_number("BR01", 2, D, 17) == "BR01/02/0000017"
    assert receipt_number("BR01", None, D, 17) == f"BR01/{D[-4:]}/0000017"


def test_next_free_number() -> None:
    assert next_free(set()) == 1
    assert next_free({1, 2, 4}) == 3
    with pytest.raises(ValidationError):
        next_free(set(range(1, 100)))


def test_a_device_can_only_confirm_its_own_number_from_the_very_event() -> None:
    mine = DeviceNumbered(D, "BR01", 4, 9)
    assert numbering_of(D, "BR01", 9, mine) == n(4, 9)
    # An earlier sequence would renumber receipts already printed: no effect.
    assert numbering_of(D, "BR01", 10, mine) is None
    other = DeviceNumbered("0190bbbb-0000-7000-8000-00000000d002", "BR01", 4, 9)
    assert numbering_of(D, "BR01", 9, other) is None
    assert numbering_of(D, "BR02", 9, mine) is None
    # Head office numbers anyone, from any sequence, or assigns (0).
    assert numbering_of("hq", "HQ", 77, DeviceNumbered(D, "BR01", 5, ASSIGNED)) == n(5, 0)


def pc(device_id: str, **kw: object) -> PcStatus:
    base: dict[str, object] = {
        "device_id": device_id,
        "device_no": int(device_id[-1]),
        "name": device_id,
        "active": True,
        "last_contact_at": "2026-12-04T10:00:00+00:00",
        "acked_seq": 10,
        "reported_seq": 10,
        "waiting": 0,
        "open_drawers": 0,
    }
    base.update(kw)
    return PcStatus(**base)  # type: ignore[arg-type]


def test_the_day_close_is_held_up_by_another_pc_waiting_silent_or_with_a_drawer_open() -> None:
    now = "2026-12-04T10:10:00+00:00"  # ten minutes after everyone's last contact
    pcs = [
        pc("pc1", waiting=3),  # this PC: never counted
        pc("pc2"),
        pc("pc3", waiting=5),
        pc("pc4", last_contact_at="2026-12-04T09:50:00+00:00"),  # 20 minutes silent
        pc("pc5", open_drawers=1),
        pc("pc6", reported_seq=12),  # reported more than head office holds
        pc("pc7", active=False, waiting=9),  # revoked: not counted
        pc("pc8", last_contact_at=""),  # never reported
    ]
    found = blockers(pcs, this_device="pc1", server_time=now, contact_minutes=15)
    assert sorted((b.device_id, b.kind) for b in found) == [
        ("pc3", "waiting"),
        ("pc4", "silent"),
        ("pc5", "drawer"),
        ("pc6", "unpushed"),
        ("pc8", "silent"),
    ]
    assert next(b for b in found if b.device_id == "pc3").label == "PC 03"
    # A longer window forgives pc4; a drawer this PC knows is open holds up pc2.
    found = blockers(
        pcs, this_device="pc1", server_time=now, contact_minutes=30, open_drawer_devices={"pc2"}
    )
    assert ("pc4", "silent") not in {(b.device_id, b.kind) for b in found}
    assert ("pc2", "drawer") in {(b.device_id, b.kind) for b in found}
    assert blockers([pc("pc1", waiting=2)], this_device="pc1", server_time=now) == []
