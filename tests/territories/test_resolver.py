"""The resolver on the real warehouse: every code shape, names, ambiguity, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from vigie_industrie import errors
from vigie_industrie.territories import codes, resolver


@pytest.mark.parametrize(
    ("query", "phase", "expected"),
    [
        ("62139", None, ("commune", "62139", "Blendecques")),
        ("2A004", None, ("commune", "2A004", "Ajaccio")),
        ("200069037", None, ("epci", "200069037", "CA du Pays de Saint-Omer")),
        ("ti-3212", 2, ("territoire_industrie", "ti-3212", "Pays de Saint-Omer")),
        ("ti-3209", 1, ("territoire_industrie", "ti-3209", "Flandre - Saint-Omer")),
        ("3215", None, ("zone_emploi", "3215", "Lens")),
        ("62", None, ("departement", "62", "Pas-de-Calais")),
        ("reg-32", None, ("region", "32", "Hauts-de-France")),
        ("blendecques", None, ("commune", "62139", "Blendecques")),
        ("BETHUNE BRUAY", 1, ("territoire_industrie", "ti-3204", "Béthune-Bruay")),
        ("Métropole Rouen Normandie", None, ("epci", "200023414", "Métropole Rouen Normandie")),
    ],
)
def test_resolves(con, query, phase, expected):
    t = resolver.resolve(con, query, phase=phase)
    assert (t.type, t.code, t.nom) == expected


def test_ept_member_and_commune_siren(con):
    t = resolver.resolve(con, "200057867")
    assert t.type == "ept" and t.nom == "Plaine Commune"
    siren = con.execute("select siren_commune from commune where code_commune = '62139'").fetchone()[0]
    assert resolver.resolve(con, siren).code == "62139"


@pytest.mark.parametrize(
    ("query", "exc", "fragment"),
    [
        ("Saint-Omer", errors.AmbiguousTerritory, "Commune 62765"),
        ("32", errors.AmbiguousTerritory, "Hauts-de-France"),
        ("ti-3212", errors.AmbiguousTerritory, "Précisez la phase : 1 (2018-2022) ou 2"),  # no CLI flag: the API says it too
        ("62999", errors.UnknownTerritory, "62999"),
        ("123456789", errors.InvalidCode, "clé de contrôle"),
        ("Zzyzx-sur-Mer", errors.UnknownTerritory, "Zzyzx"),
        ("9999", errors.UnknownTerritory, "Zone d'emploi 9999"),
    ],
)
def test_errors_say_what_exists(con, query, exc, fragment):
    with pytest.raises(exc) as info:
        resolver.resolve(con, query)
    message = str(info.value)
    assert fragment in message and "\n" not in message


def test_ambiguity_lists_candidates(con):
    with pytest.raises(errors.AmbiguousTerritory) as info:
        resolver.resolve(con, "Saint-Omer")
    assert {(c["type"], c["code"]) for c in info.value.candidates} == {
        ("zone_emploi", "3219"), ("commune", "62765"), ("commune", "14635"),
    }


@pytest.fixture(scope="module")
def historic_codes(warehouse_path):
    from vigie_industrie.warehouse import connection

    c = connection.connect(warehouse_path)
    rows = c.execute(
        "select code_commune_ancien, code_commune from commune_historique where type_lien <> 'actuelle' "
        "and code_commune_ancien not in (select code_commune from commune) order by 1"
    ).fetchall()
    c.close()
    return rows


def test_old_codes_resolve_to_current_commune(con, historic_codes):
    @hsettings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
    @given(st.sampled_from(historic_codes))
    def check(pair):
        old, current = pair
        t = resolver.resolve(con, old)
        assert t.code == current and t.notes

    check()


@given(st.text(alphabet="AaÉéèÊ-' çÇoO", min_size=1, max_size=20))
def test_normalise_name_is_idempotent_and_ascii(text):
    once = codes.normalise_name(text)
    assert codes.normalise_name(once) == once
    assert once == "" or once.isascii()


@given(st.from_regex(r"\d{8}", fullmatch=True))
def test_siren_luhn_has_exactly_one_check_digit(prefix):
    valid = [d for d in "0123456789" if codes.is_valid_siren(prefix + d)]
    assert len(valid) == 1
