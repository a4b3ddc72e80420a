"""Demo loans: three loan products a Balinese KSP offers, and borrowers with months of history.

:func:`seed_loan_history` runs through :class:`desktop.services.BranchService` like a branch
would: the supervisor defines the products (this demo device is stand-alone), then, business day
by business day from about eight months back, the teller registers borrowers, takes
applications, the supervisor approves, the teller disburses and collects instalments. Most
borrowers pay on time, one pays in advance, one settles early, and a few fall behind, so the
arrears list shows every kolektibilitas class. :func:`seed_pending_loans` adds today's
application waiting for approval and an approved loan waiting to be paid out.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from desktop.demo_data import count_cash, person
from desktop.services import BranchService, StaffUser
from ledger.errors import LumbungError
from ledger.loans.products import LoanProduct
from ledger.loans.schedule import add_months
from ledger.policy import DENOMINATIONS

#: The demo's products: rates are per month, fees basis points of the principal.
PRODUCTS: tuple[LoanProduct, ...] = (
    LoanProduct(
        product_id="p-usaha-mikro", code="PUM", name="Pinjaman Usaha Mikro", method="flat",
        rate_bp=150, min_rate_bp=100, max_rate_bp=250, min_amount=1_000_000,
        max_amount=50_000_000, min_tenor=3, max_tenor=36, admin_fee_bp=100,
        provision_fee_bp=50, fees_deducted=True, late_fee_bp_per_day=10,
        late_fee_grace_days=3, late_fee_cap_bp=1_000, rounding=100,
        settlement_current_interest=True, settlement_penalty_bp=100,
    ),
    LoanProduct(
        product_id="p-konsumtif", code="PKS", name="Pinjaman Konsumtif", method="anuitas",
        rate_bp=125, min_rate_bp=100, max_rate_bp=200, min_amount=1_000_000,
        max_amount=30_000_000, min_tenor=6, max_tenor=24, admin_fee_bp=150,
        fees_deducted=True, late_fee_bp_per_day=10, late_fee_grace_days=5,
        late_fee_cap_bp=500, rounding=100, settlement_penalty_bp=200,
    ),
    LoanProduct(
        product_id="p-musiman", code="PMS", name="Pinjaman Musiman (Tani)", method="efektif",
        rate_bp=100, min_rate_bp=75, max_rate_bp=150, min_amount=2_000_000,
        max_amount=25_000_000, min_tenor=4, max_tenor=12, admin_fee_bp=50,
        provision_fee_bp=50, fees_deducted=False, late_fee_bp_per_day=5,
        late_fee_grace_days=7, late_fee_cap_bp=500, rounding=100,
        settlement_current_interest=False,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """One demo borrower: what they borrow, when, and how they repay.

    Attributes:
        months_ago: Disbursement this many months before today.
        habit: ``"on_time"``, ``"advance"`` (pays two instalments at once), ``"settle"`` (pays
            a few, then settles early), ``"late"`` (stopped paying ``stop`` months ago) or
            ``"waiting"`` (applied, approval pending) / ``"approved"`` (not yet disbursed).
        stop: For ``late``: instalments paid before stopping.
    """

    product_id: str
    principal: int
    tenor: int
    months_ago: int
    habit: str
    stop: int = 0
    purpose: str = ""


PLANS: tuple[Plan, ...] = (
    Plan("p-usaha-mikro", 12_000_000, 12, 5, "on_time", purpose="Modal warung sembako"),
    Plan("p-usaha-mikro", 5_000_000, 10, 7, "late", stop=5, purpose="Bahan baku kerajinan perak"),
    Plan("p-konsumtif", 8_000_000, 12, 4, "on_time", purpose="Renovasi dapur"),
    Plan("p-konsumtif", 6_000_000, 12, 7, "late", stop=1, purpose="Sepeda motor"),
    Plan("p-musiman", 10_000_000, 6, 3, "advance", purpose="Bibit padi dan pupuk"),
    Plan("p-usaha-mikro", 20_000_000, 24, 6, "settle", stop=4, purpose="Gerobak dan etalase"),
    Plan("p-usaha-mikro", 3_000_000, 6, 8, "late", stop=0, purpose="Modal dagang canang"),
    Plan("p-musiman", 4_000_000, 4, 1, "late", stop=0, purpose="Sewa traktor"),
    Plan("p-usaha-mikro", 25_000_000, 24, 6, "on_time", purpose="Kios di Pasar Ubud"),
    Plan("p-konsumtif", 10_000_000, 24, 3, "on_time", purpose="Biaya upacara ngaben"),
    Plan("p-musiman", 8_000_000, 8, 2, "on_time", purpose="Pakan ternak babi"),
    Plan("p-konsumtif", 15_000_000, 18, 0, "waiting", purpose="Biaya pendidikan anak"),
    Plan("p-usaha-mikro", 7_500_000, 12, 0, "approved", purpose="Mesin jahit"),
)


def _borrower(service: BranchService, rng: random.Random, ayu: StaffUser, day: dt.date) -> str:
    serial = 9_000 + rng.randint(1, 900)
    while True:
        serial += 1
        try:
            result = service.register_member(person(rng, serial=serial, today=day), actor=ayu)
            return result.member_id
        except LumbungError:
            continue  # a NIK already taken: draw again


def seed_loan_history(
    service: BranchService,
    made: StaffUser,
    ayu: StaffUser,
    *,
    before: dt.date,
    rng: random.Random,
    on_day: Callable[[dt.date], None] = lambda _day: None,
) -> int:
    """Define the products and post the histories of the demo loans made months ago, on
    business days before ``before``; returns the loans made. ``on_day`` is told each day
    first (the demo moves its clock)."""
    for product in PRODUCTS:
        if not any(p.product_id == product.product_id for p in service.loan_products()):
            service.define_loan_product(product, actor=made)
    work: dict[dt.date, list[tuple[str, int, Plan]]] = {}
    for index, plan in enumerate(PLANS):
        if plan.months_ago:
            start = add_months(before, -plan.months_ago) - dt.timedelta(days=2 + index)
            work.setdefault(start, []).append(("open", index, plan))
    loans: dict[int, str] = {}
    while work:
        day = min(work)
        steps = work.pop(day)
        if day >= before:
            continue  # the rest of the story is the savings demo's weeks: it stops here
        if day.weekday() == 6:  # Sunday: the branch is closed, the member comes on Monday
            work.setdefault(day + dt.timedelta(days=1), []).extend(steps)
            continue
        on_day(day)
        service.set_business_date(day)
        service.open_session(actor=ayu, opening_float=60_000_000)
        for action, index, plan in steps:
            follow = _act(service, made, ayu, action, index, plan, loans, day, rng)
            if follow is not None:
                work.setdefault(max(follow[0], day + dt.timedelta(days=1)), []).append(
                    (follow[1], index, plan)
                )
        session = service.current_session(ayu.user_id)
        assert session is not None
        # A settlement or a last instalment is rarely a multiple of the smallest coin: the
        # rupiah left over are a counted difference the supervisor signs off.
        counted = session.expected_cash - session.expected_cash % DENOMINATIONS[-1]
        service.close_session(
            actor=ayu,
            counted=count_cash(counted),
            authorizer=made if counted != session.expected_cash else None,
        )
    service.set_business_date(None)
    return len(loans)


def seed_pending_loans(
    service: BranchService,
    made: StaffUser,
    ayu: StaffUser,
    member_ids: list[str],
    rng: random.Random,
) -> int:
    """Today's applications from savings members: one waiting for approval, one approved
    and waiting to be paid out (no drawer needed)."""
    made_now = 0
    for plan in PLANS:
        if plan.habit not in ("waiting", "approved") or not member_ids:
            continue
        member_id = member_ids[rng.randrange(len(member_ids))]
        applied = service.apply_loan(
            member_id, plan.product_id, plan.principal, plan.tenor, actor=ayu,
            purpose=plan.purpose,
        )  # fmt: skip
        if plan.habit == "approved":
            service.approve_loan(applied.loan_id, approver=made, note="Agunan BPKB diterima")
        made_now += 1
    return made_now


def _act(
    service: BranchService,
    made: StaffUser,
    ayu: StaffUser,
    action: str,
    index: int,
    plan: Plan,
    loans: dict[int, str],
    day: dt.date,
    rng: random.Random,
) -> tuple[dt.date, str] | None:
    """Do one step of a borrower's story on ``day``; returns the next step and its date."""
    if action == "open":
        member_id = _borrower(service, rng, ayu, day)
        service.deposit(member_id, "sukarela", rng.choice((250, 500, 1_000)) * 1_000, actor=ayu)
        applied = service.apply_loan(
            member_id, plan.product_id, plan.principal, plan.tenor, actor=ayu,
            purpose=plan.purpose,
        )  # fmt: skip
        loans[index] = applied.loan_id
        if plan.habit == "waiting":
            return None
        service.approve_loan(applied.loan_id, approver=made, note="Survei usaha: layak")
        if plan.habit == "approved":
            return None
        return day + dt.timedelta(days=2), "disburse"
    loan_id = loans[index]
    if action == "disburse":
        channel = "sukarela" if plan.product_id == "p-musiman" else "cash"
        net = service.loan_detail(loan_id).summary.principal
        auth = made if net > service.limits().teller_limit and channel == "cash" else None
        service.disburse_loan(loan_id, actor=ayu, channel=channel, authorizer=auth)
        first = service.loan_detail(loan_id).first_due
        return dt.date.fromisoformat(first) + dt.timedelta(days=rng.randint(-3, 1)), "pay"
    if action == "pay":
        detail = service.loan_detail(loan_id)
        if detail.summary.status != "open" or detail.due is None:
            return None
        paid = detail.summary.tenor - sum(1 for s in detail.schedule if s.state != "paid")
        if plan.habit in ("late", "settle") and paid >= plan.stop:
            if plan.habit == "settle":
                quote = service.settlement_quote(loan_id)
                auth = made if quote.total > service.limits().teller_limit else None
                service.settle_loan(loan_id, actor=ayu, authorizer=auth)
            return None
        due = detail.due
        amount = due.suggested
        if plan.habit == "advance" and due.total_due == 0:
            amount = min(due.total_owed, 2 * due.next_amount)
        auth = made if amount > service.limits().teller_limit else None
        service.repay_loan(loan_id, amount, actor=ayu, authorizer=auth)
        after = service.loan_detail(loan_id)
        if after.due is None or after.due.next_due_date is None:
            return None
        return after.due.next_due_date + dt.timedelta(days=rng.randint(-4, 2)), "pay"
    return None
