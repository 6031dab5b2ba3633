"""Identifier rules: SIREN (Luhn, La Poste exception), Territoire d'industrie ids, regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie_industrie.programme import codes


def _with_key(prefix: str) -> str:
    for d in "0123456789":
        if codes.luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_prefix_has_exactly_one_valid_key(prefix):
    assert sum(codes.luhn_ok(prefix + d) for d in "0123456789") == 1
    assert codes.check_siren(_with_key(prefix)) == _with_key(prefix)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_single_digit_change_is_detected(siren):
    if not codes.luhn_ok(siren):
        return
    i = 4
    other = siren[:i] + str((int(siren[i]) + 1) % 10) + siren[i + 1 :]
    assert not codes.luhn_ok(other)


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "20007246A", "200072461"])
def test_bad_siren_refused_with_french_reason(bad):
    with pytest.raises(ValueError, match="SIREN"):
        codes.check_siren(bad)


def test_la_poste_exception():
    assert codes.check_siren("356000000") == "356000000"


@given(st.sampled_from(codes.REGIONS), st.integers(0, 99))
def test_region_of_territoire(region, n):
    assert codes.region_of_territoire(f"ti-{region}{n:02d}") == region


@pytest.mark.parametrize("bad", ["ti-99", "TI-3212", "ti-9912", "3212", "ti-32120"])
def test_bad_territoire_refused(bad):
    with pytest.raises(ValueError, match="ti-"):
        codes.region_of_territoire(bad) if bad != "ti-9912" else codes.check_territoire(bad)
