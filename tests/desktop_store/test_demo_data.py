"""The demo cooperative: Balinese members with valid NIKs and a few days of balanced history."""

from __future__ import annotations

import datetime as dt
import random

from desktop.demo_data import DISTRICTS, count_cash, person, seed_demo
from desktop.services import BranchService
from ledger.nik import decode_nik

from .builders import FAST_HASHER, TODAY, assert_matches_replay


def test_people_are_balinese_with_valid_nik() -> None:
    rng = random.Random(3)
    for serial in range(1, 300):
        form = person(rng, serial=serial, today=TODAY)
        info = decode_nik(form.nik, today=TODAY)
        assert info.district in DISTRICTS and info.province == "51"
        assert (TODAY - info.birth_date).days // 365 >= 17
        first = form.name.split()[0]
        assert first in ("I", "Ni", "Ida", "Anak", "Cokorda", "Desak")
        assert "Bali" not in form.address and DISTRICTS[info.district][0] in form.address


def test_count_cash_uses_denominations() -> None:
    assert count_cash(187_600) == {
        100_000: 1,
        50_000: 1,
        20_000: 1,
        10_000: 1,
        5_000: 1,
        2_000: 1,
        500: 1,
        100: 1,
    }


def test_seed_demo_builds_a_working_branch() -> None:
    service = BranchService(":memory:", hasher=FAST_HASHER, today=TODAY)
    summary = seed_demo(service, members=40, days=4, seed=5, loans=False)
    assert summary.members == 40 and summary.days == 4 and summary.postings > 40
    assert (summary.teller_username, summary.teller_password) == ("ayu", "ayu12345")
    assert service.authenticate("made", "made1234").role == "supervisor"
    ayu = service.authenticate("ayu", "ayu12345")
    assert service.current_session(ayu.user_id) is None  # today's drawer is left to the teller
    days = {d for (d,) in service.store.conn.execute("SELECT DISTINCT business_date FROM events")}
    assert len(days) == 4 and max(days) == TODAY.isoformat()
    assert min(days) >= (TODAY - dt.timedelta(days=6)).isoformat()
    types = {t for (t,) in service.store.conn.execute("SELECT DISTINCT type FROM events")}
    assert {"MemberRegistered", "SavingsDeposited", "SavingsWithdrawn"} <= types
    assert len(service.search_members("wayan")) + len(service.search_members("made")) > 0
    assert sum(service.trial_balance().values()) == 0
    assert_matches_replay(service)
    service.close()
