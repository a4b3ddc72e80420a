"""The self-test shows device numbers: the receipts' PC number, and the real store's own
number beside the numbers it knows of the branch's other PCs."""

from __future__ import annotations

import io
from pathlib import Path

from desktop.selftest import run_self_test
from desktop.store import Store
from desktop.store.paths import store_path
from ledger.events import DeviceChain, DeviceNumbered

OTHER = "0190aaaa-0000-7000-8000-00000000d0b2"


def test_the_self_test_names_this_pc_and_the_branchs_other_pcs(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = Store(store_path(data_dir))
    with store.transaction():
        store.create_identity(
            device_no=3, branch_id="BR01", branch_name="Ubud", cooperative_name="KSP"
        )
    # Head office numbered another PC of the branch 05 (pulled as any HQ event is).
    hq = DeviceChain("HQ", "hq", last_seq=0, last_hash="0" * 64)
    numbered = hq.make(
        DeviceNumbered(OTHER, "BR01", 5, 1), actor="server", business_date="2026-12-04"
    )
    store.apply_events([numbered])
    store.close()

    out = io.StringIO()
    assert run_self_test(data_dir, out) == 0, out.getvalue()
    text = out.getvalue()
    assert "UJI/01/" in text  # the throwaway branch's receipts carry PC 01
    assert "this PC is PC 03 of BR01; other PCs: 05" in text
