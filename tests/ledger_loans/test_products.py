"""Loan products: ranges refused with an Indonesian message naming the field; replication."""

from __future__ import annotations

import pytest

from ledger.errors import ValidationError
from ledger.events import parse_payload
from ledger.loans.products import (
    LoanProduct,
    disbursement_fees,
    format_bp,
    loan_terms,
)

from .builders import product


def test_a_product_round_trips_through_its_replicated_event():
    p = product(method="anuitas", allocation_order=("jasa", "pokok", "denda"), rounding=100)
    event_payload = parse_payload(
        "LoanProductDefined", {"product_id": p.product_id, "product": p.to_dict()}
    )
    assert event_payload.to_product() == p  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"method": "bunga-berbunga"}, "method", "Metode bunga"),
        ({"frequency": "daily"}, "frequency", "Frekuensi"),
        ({"rate_bp": 600, "max_rate_bp": 500}, "rate_bp", "Suku jasa"),
        ({"min_amount": 0}, "min_amount", "Plafon minimum"),
        ({"max_amount": 50_000, "min_amount": 100_000}, "max_amount", "Plafon maksimum"),
        ({"min_tenor": 0}, "min_tenor", "Tenor minimum"),
        ({"rounding": 250}, "rounding", "Pembulatan"),
        ({"denda_rounding": 0}, "denda_rounding", "Pembulatan denda"),
        ({"denda_rounding": 250}, "denda_rounding", "Pembulatan denda"),
        ({"allocation_order": ("jasa", "pokok")}, "allocation_order", "Urutan alokasi"),
        ({"kol_diragukan_days": 20}, "kol_diragukan_days", "kolektibilitas"),
        ({"admin_fee_bp": -1}, "admin_fee_bp", "harus antara"),
    ],
)
def test_nonsense_products_are_refused_with_the_field_named(overrides, field, words):
    with pytest.raises(ValidationError) as err:
        product(**overrides)
    assert err.value.field == field
    assert words in err.value.message_id


def test_a_product_defined_before_denda_rounding_loads_with_rp_100():
    old = product(late_fee_bp_per_day=10).to_dict()
    del old["denda_rounding"]
    assert LoanProduct.from_dict(old).denda_rounding == 100
    event_payload = parse_payload("LoanProductDefined", {"product_id": "p-umum", "product": old})
    assert event_payload.to_product().denda_rounding == 100  # type: ignore[attr-defined]
    data = {**old, "denda_rounding": 500}
    assert LoanProduct.from_dict(data).denda_rounding == 500
    with pytest.raises(ValidationError) as err:
        LoanProduct.from_dict({**old, "denda_rounding": "100"})
    assert err.value.field == "denda_rounding"


def test_a_malformed_replicated_product_is_refused_at_parse():
    data = product().to_dict()
    data["rate_bp"] = "1%"
    with pytest.raises(ValidationError) as err:
        parse_payload("LoanProductDefined", {"product_id": "p-umum", "product": data})
    assert err.value.field == "rate_bp"
    with pytest.raises(ValidationError):
        LoanProduct.from_dict({**product().to_dict(), "bunga": 1})


@pytest.mark.parametrize(
    ("principal", "tenor", "rate", "field", "message"),
    [
        (50_000, 12, None, "principal", "Plafon pinjaman Pinjaman Umum antara Rp 100.000 dan"),
        (1_000_000, 61, None, "tenor", "antara 1 dan 60 kali angsuran"),
        (1_000_000, 12, 501, "rate_bp", "antara 0,00 % dan 5,00 % per bulan"),
    ],
)
def test_loan_terms_outside_the_product_are_refused(principal, tenor, rate, field, message):
    with pytest.raises(ValidationError) as err:
        loan_terms(product(), principal, tenor, rate)
    assert err.value.field == field
    assert message in err.value.message_id


def test_terms_take_the_products_rate_unless_negotiated():
    p = product(rate_bp=150, min_rate_bp=100, max_rate_bp=200)
    assert loan_terms(p, 1_000_000, 10).rate_bp == 150
    assert loan_terms(p, 1_000_000, 10, 125).rate_bp == 125


def test_fees_are_basis_points_of_the_principal_rounded_half_up():
    p = product(admin_fee_bp=100, provision_fee_bp=50)  # 1 % and 0,5 %
    fees = disbursement_fees(p, 12_345_678)
    assert (fees.admin, fees.provision) == (123_457, 61_728)  # 123.456,78 and 61.728,39
    assert fees.total == 185_185


def test_format_bp():
    assert format_bp(150) == "1,50 %"
    assert format_bp(5, ".") == "0.05 %"
