"""Property: whatever actions whichever role attempts, a région never sees a draft and a status
never moves back (each step of the history is at or after the previous one)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigie_industrie import errors
from vigie_industrie.programme import crud, transmission

from .conftest import ACTORS, create

WHO = sorted(ACTORS)
ACTIONS = sorted(transmission.ACTIONS) + ["modifier", "supprimer"]
RANK = {s: i for i, s in enumerate(transmission.ORDER)}

attempts = st.lists(st.tuples(st.sampled_from(WHO), st.sampled_from(ACTIONS),
                              st.lists(st.integers(0, 2), min_size=1, max_size=3)), max_size=25)


def attempt(store, resource, who, action, ids):
    actor = ACTORS[who]
    spec = crud.RESOURCES[resource]
    try:
        with store.transaction() as session:
            if action == "modifier":
                row = session.get(spec.model, ids[0])  # None once deleted: the update then answers 404
                crud.update(session=session, resource=resource, ident=ids[0], actor=actor,
                            data=spec.update.model_validate({"version": row.version if row else 1,
                                                             "description": f"par {who}"}))
            elif action == "supprimer":
                crud.delete(session=session, resource=resource, ident=ids[0], actor=actor)
            else:
                transmission.apply(session=session, resource=resource, ids=ids, action=action, actor=actor,
                                   assigne_a="Service test", reponse="Réponse test")
    except errors.VigieError:
        pass  # refused: the rules say why; the invariants below must hold all the same


@pytest.mark.parametrize("resource", ["besoins", "projets_a_venir"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=attempts)
def test_region_never_sees_a_draft_and_status_never_moves_back(store, rights_warehouse, resource, steps):
    model = crud.RESOURCES[resource].model
    ids = [create(store, rights_warehouse, resource) for _ in range(2)]
    ids.append(create(store, rights_warehouse, resource, actor="admin"))
    last = {i: 0 for i in ids}
    for who, action, picks in steps:
        attempt(store, resource, who, action, [ids[p] for p in picks])
        with store.session() as session:
            for region in ("region", "region_autre"):
                rows, _ = crud.list_rows(session=session, resource=resource, actor=ACTORS[region], limit=500)
                assert all(r.statut != "brouillon" for r in rows)
                assert all(r.code_region == ACTORS[region].code_region for r in rows)
            for ident in ids:
                row = session.get(model, ident)
                if row is None:  # deleted (an EPCI's draft, or by an admin)
                    continue
                if row.statut == "brouillon":
                    for region in ("region", "region_autre"):
                        with pytest.raises(errors.NotFound):
                            crud.get(session=session, resource=resource, ident=ident, actor=ACTORS[region])
                assert RANK[row.statut] >= last[ident]
                last[ident] = RANK[row.statut]
                ranks = [RANK[e["statut"]] for e in row.etapes]
                assert ranks == sorted(ranks) and ranks[-1] == RANK[row.statut]
