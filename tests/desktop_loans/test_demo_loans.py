"""The demo's loans: three products and borrowers whose histories cover every status and every
kolektibilitas class, posted through the service so the books and the reference agree."""

from __future__ import annotations

from desktop_store.builders import FAST_HASHER, TODAY, assert_matches_replay

from desktop.demo_data import seed_demo
from desktop.services import BranchService


def test_demo_loans_cover_the_portfolio() -> None:
    service = BranchService(":memory:", hasher=FAST_HASHER, today=TODAY)
    try:
        seed_demo(service, members=30, days=3, seed=11)
        names = {p.name for p in service.loan_products()}
        assert names == {"Pinjaman Usaha Mikro", "Pinjaman Konsumtif", "Pinjaman Musiman (Tani)"}
        loans = service.loans_with_status("applied", "approved", "open", "closed", "settled")
        assert {s.status for s in loans} >= {"applied", "approved", "open", "settled"}
        report = service.loan_arrears()
        assert all(report.counts[k] >= 1 for k in ("lancar", "kurang_lancar", "diragukan", "macet"))
        assert 0 < report.quality.npl_bp < 5_000
        assert service.trial_balance()["1301:BR01"] == sum(s.outstanding for s in loans)
        # The loan history lies before the savings weeks; today's drawer is left closed.
        ayu = service.authenticate("ayu", "ayu12345")
        assert service.current_session(ayu.user_id) is None
        assert_matches_replay(service)
    finally:
        service.close()
