"""The API list and the screen list give the same rows for the same filters and the same person."""

from __future__ import annotations

import itertools

import pytest

from .conftest import page_ids, signed_in
from .test_api import post

FILTERS = {
    "besoins": [{}, {"statut": "brouillon"}, {"statut": "transmis"}, {"categorie": "habitat"}, {"urgence": "haute"},
                {"territoire_id": "ti-3212"}, {"siren_epci": "200072460"}, {"statut": "transmis", "categorie": "foncier"}],
    "projets_a_venir": [{}, {"statut": "brouillon"}, {"statut": "transmis"}, {"nature": "reprise"},
                        {"horizon": "1_3_ans"}, {"territoire_id": "ti-8401"}, {"siren_epci": "246200513"}],
}
PATHS = {"besoins": ("/api/v1/besoins", "/besoins"), "projets_a_venir": ("/api/v1/projets-a-venir", "/projets-a-venir")}


@pytest.mark.parametrize("resource", list(PATHS))
def test_api_and_screen_lists_match(web_env, resource):
    api_path, page_path = PATHS[resource]
    variants = ([{"categorie": c, "urgence": u} for c, u in itertools.product(("foncier", "habitat"), ("haute", "faible"))]
                if resource == "besoins" else
                [{"nature": n, "horizon": h} for n, h in itertools.product(("extension", "reprise"), ("1_3_ans", "plus_3_ans"))])
    made = []
    for i, extra in enumerate(variants * 2):
        scope = "own" if i % 3 else "other"
        who = "epci" if scope == "own" else "epci_autre"
        made.append((who, post(web_env, who, resource, scope, **extra)["id"]))
    for who, ident in made[::2]:  # half are passed to the région
        assert web_env.client(who).post(f"{api_path}/transmettre", json={"ids": [ident]}).status_code == 200
    checked = 0
    for who in ("admin", "region", "region_autre", "epci", "epci_autre"):
        screen = signed_in(web_env, who)
        for filters in FILTERS[resource]:
            api = web_env.client(who).get(api_path, params={**filters, "limit": 500, "tri": "-statut_depuis"}).json()
            shown = page_ids(screen.get(page_path, params=filters).text)
            assert shown == [r["id"] for r in api["items"]], (who, filters)
            checked += bool(shown)
    assert checked > 10  # the comparison is not between empty lists
