"""Properties of the suggestions, over names drawn from the raw EPCI and commune files.

- every suggestion for a query names it: its folded name has a word starting with the folded
  query, or its code starts with it (or it is a constituency found by its deputy's name);
- a word prefix of an EPCI's raw name, typed with any case and accents dropped, finds that EPCI
  when the list is long enough to hold every match of the index.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web_pages.conftest import word_prefix
from vigie_industrie.observatoire import suggestions
from vigie_industrie.territories.codes import normalise_name

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def prefixes(draw, names: list[str]):
    name = draw(st.sampled_from(names))
    words = [w for w in name.split() if len(normalise_name(w)) >= 3]
    word = draw(st.sampled_from(words or [name]))
    size = draw(st.integers(min_value=3, max_value=max(3, len(word))))
    typed = word[:size]
    typed = draw(st.sampled_from([typed, typed.upper(), typed.lower(), strip_accents(typed)]))
    return name, typed


def test_every_suggestion_names_the_query(con, raw_epci):
    names = sorted(raw_epci.values())

    @SETTINGS
    @given(prefixes(names))
    def check(pair):
        _, typed = pair
        if not normalise_name(typed):
            return
        for s in suggestions.suggestions(con, typed, limit=50)["suggestions"]:
            assert (word_prefix(s["nom"], typed) or s["code"].lower().startswith(normalise_name(typed).replace(" ", ""))
                    or s["type"] in ("circonscription", "france")), (typed, s)

    check()


def test_a_word_prefix_finds_its_epci(con, raw_epci):
    by_name = {n: c for c, n in raw_epci.items()}

    @SETTINGS
    @given(prefixes(sorted(by_name)))
    def check(pair):
        name, typed = pair
        norm = normalise_name(typed)
        if not norm:
            return
        matches = con.execute(
            "select count(*) from territoire where starts_with(nom_normalise, ?) or contains(nom_normalise, ' ' || ?)",
            [norm, norm]).fetchone()[0]
        if matches > suggestions.MAX_LIMIT:
            return  # « Communauté… »: the list is cut before this EPCI, by design
        got = {s["code"] for s in suggestions.suggestions(con, typed, limit=suggestions.MAX_LIMIT)["suggestions"]}
        assert by_name[name] in got, (typed, name)

    check()
