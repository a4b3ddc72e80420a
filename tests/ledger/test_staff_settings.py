"""The staff rules and the settings catalogue both apps take from ledger/."""

from __future__ import annotations

import pytest

from ledger.errors import ValidationError
from ledger.settings import SETTINGS, setting_value
from ledger.staff import check_password, check_role, check_username


def test_a_username_of_32_characters_is_the_longest_either_side_accepts() -> None:
    assert check_username("  Wayan.Sudarsana ") == "wayan.sudarsana"
    assert check_username("a" * 32) == "a" * 32
    with pytest.raises(ValidationError) as caught:
        check_username("a" * 33)
    assert caught.value.field == "username"
    assert "2-32" in caught.value.message("id") and "2-32" in caught.value.message("en")
    for bad in ("a", ".wayan", "wayan sudarsana", "wáyan"):
        with pytest.raises(ValidationError):
            check_username(bad)


def test_password_and_role() -> None:
    assert check_password("12345678") == "12345678"
    with pytest.raises(ValidationError, match="at least 8"):
        check_password("1234567")
    assert check_role("teller") == "teller"
    with pytest.raises(ValidationError):
        check_role("auditor")
    assert check_role("auditor", ("admin", "auditor")) == "auditor"


def test_settings_values_as_stored() -> None:
    assert setting_value("teller_limit", "Rp 7.500.000", branch_id="BR01") == "7500000"
    assert setting_value("teller_limit", 1_000_000) == "1000000"
    assert setting_value("drawers_on_several_pcs", 0) == "0"
    assert setting_value("drawers_on_several_pcs", "1") == "1"
    assert setting_value("cooperative_name", "  KSP   Maju ") == "KSP Maju"
    for key, value in (("teller_limit", 0), ("teller_limit", True), ("drawers_on_several_pcs", 2)):
        with pytest.raises(ValidationError):
            setting_value(key, value)
    with pytest.raises(ValidationError, match="cooperative-wide"):
        setting_value("cooperative_name", "KSP Maju", branch_id="BR01")
    with pytest.raises(ValidationError, match="Unknown setting"):
        setting_value("history_days", 30)


def test_reading_falls_back_to_the_default() -> None:
    limit = SETTINGS["teller_limit"]
    assert limit.read(None) == 10_000_000 == limit.default
    assert limit.read("2500000") == 2_500_000
    assert limit.read("banyak") == limit.default
    assert SETTINGS["pc_contact_minutes"].read(None) == 15
    assert SETTINGS["drawers_on_several_pcs"].read("1") == 1
