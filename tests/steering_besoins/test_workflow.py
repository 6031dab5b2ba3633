"""The transmission workflow in the store: visibility of drafts, steps, batches, audit, Sirene."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vigie_industrie import errors
from vigie_industrie.programme import crud, models, transmission

from .conftest import ACTORS, SIREN_FIRM, create

RESOURCES = ("besoins", "projets_a_venir")


def act(store, resource, ids, action, who, **kw):
    with store.transaction() as session:
        return [r.statut for r in transmission.apply(session=session, resource=resource, ids=ids, action=action,
                                                     actor=ACTORS[who], **kw)]


def visible_ids(store, resource, who):
    with store.session() as session:
        rows, total = crud.list_rows(session=session, resource=resource, actor=ACTORS[who], limit=500)
    assert total == len(rows)
    return {r.id for r in rows}


def row(store, resource, ident):
    with store.session() as session:
        return session.get(crud.RESOURCES[resource].model, ident)


@pytest.mark.parametrize("resource", RESOURCES)
def test_draft_belongs_to_its_epci_until_transmitted(store, rights_warehouse, resource):
    ident = create(store, rights_warehouse, resource)
    assert visible_ids(store, resource, "epci") == {ident}
    assert visible_ids(store, resource, "admin") == {ident}
    for who in ("region", "region_autre", "epci_voisin", "epci_autre"):
        assert visible_ids(store, resource, who) == set(), who
        with store.session() as session, pytest.raises(errors.NotFound):
            crud.get(session=session, resource=resource, ident=ident, actor=ACTORS[who])
    with store.session() as session, pytest.raises(errors.Forbidden):
        crud.list_rows(session=session, resource=resource, actor=ACTORS["lecteur"])

    assert act(store, resource, [ident], "transmettre", "epci") == ["transmis"]
    assert visible_ids(store, resource, "region") == {ident}
    for who in ("region_autre", "epci_voisin", "epci_autre"):
        assert visible_ids(store, resource, who) == set(), who


@pytest.mark.parametrize("resource", RESOURCES)
def test_full_workflow_dated_and_audited(store, rights_warehouse, resource):
    ident = create(store, rights_warehouse, resource)
    act(store, resource, [ident], "transmettre", "epci")
    act(store, resource, [ident], "accuser", "region")
    act(store, resource, [ident], "assigner", "region", assigne_a="Service développement économique")
    act(store, resource, [ident], "repondre", "region", reponse="Deux terrains proposés à Ruitz.")
    act(store, resource, [ident], "clore", "region", note="Firme satisfaite")
    r = row(store, resource, ident)
    assert r.statut == "clos" and r.assigne_a == "Service développement économique"
    assert r.reponse == "Deux terrains proposés à Ruitz." and r.date_reponse is not None
    assert [e["statut"] for e in r.etapes] == ["brouillon", "transmis", "accuse", "assigne", "repondu", "clos"]
    assert [e["par"] for e in r.etapes] == ["epci@test.invalid"] * 2 + ["region@test.invalid"] * 4
    assert r.etapes[-1]["note"] == "Firme satisfaite" and "Service développement" in r.etapes[3]["note"]
    with store.session() as session:
        journal = session.execute(select(models.AuditEvent.action, models.AuditEvent.actor_email).where(
            models.AuditEvent.entity == resource, models.AuditEvent.entity_id == ident).order_by(models.AuditEvent.id)).all()
    assert [a for a, _ in journal] == ["create", "transmettre", "accuser", "assigner", "repondre", "clore"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_batch_is_all_or_nothing_and_names_the_refused_id(store, rights_warehouse, resource):
    a = create(store, rights_warehouse, resource)
    b = create(store, rights_warehouse, resource)
    foreign = create(store, rights_warehouse, resource, actor="epci_autre", territoire_id="ti-8401",
                     siren_epci="246200513", **({"code_commune": "38901"} if resource == "projets_a_venir" else {}))
    with pytest.raises(errors.NotFound) as exc:
        act(store, resource, [a, foreign, b], "transmettre", "epci")
    assert str(foreign) in str(exc.value) and "Rien n'a été fait" in str(exc.value)
    assert {row(store, resource, i).statut for i in (a, b, foreign)} == {"brouillon"}
    act(store, resource, [a], "transmettre", "epci")
    with pytest.raises(errors.Conflict) as exc:  # a already transmitted: the batch stops, b stays a draft
        act(store, resource, [b, a], "transmettre", "epci")
    assert f" {a} " in str(exc.value) and "transmis à la région" in str(exc.value)
    assert row(store, resource, b).statut == "brouillon"
    assert act(store, resource, [a, b][1:], "transmettre", "epci") == ["transmis"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_roles_of_each_step(store, rights_warehouse, resource):
    ident = create(store, rights_warehouse, resource)
    with pytest.raises(errors.NotFound):  # a région cannot even tell the draft exists
        act(store, resource, [ident], "transmettre", "region")
    with pytest.raises(errors.Forbidden):
        act(store, resource, [ident], "transmettre", "lecteur")
    with pytest.raises(errors.NotFound):
        act(store, resource, [ident], "transmettre", "epci_voisin")
    act(store, resource, [ident], "transmettre", "epci")
    with pytest.raises(errors.Forbidden) as exc:
        act(store, resource, [ident], "accuser", "epci")
    assert "région" in str(exc.value)
    with pytest.raises(errors.NotFound):
        act(store, resource, [ident], "accuser", "region_autre")
    with pytest.raises(errors.Conflict):  # answering needs an acknowledgement first
        act(store, resource, [ident], "repondre", "region", reponse="Trop tôt")


@pytest.mark.parametrize("resource", RESOURCES)
def test_content_frozen_after_transmission(store, rights_warehouse, resource):
    ident = create(store, rights_warehouse, resource)
    spec = crud.RESOURCES[resource]
    with store.transaction() as session:
        r = crud.update(session=session, resource=resource, ident=ident, actor=ACTORS["epci"],
                        data=spec.update.model_validate({"version": 1, "description": "Précisé"}))
        version = r.version
    act(store, resource, [ident], "transmettre", "epci")
    version += 1
    change = spec.update.model_validate({"version": version, "description": "Changé après coup"})
    with store.transaction() as session, pytest.raises(errors.Conflict):
        crud.update(session=session, resource=resource, ident=ident, data=change, actor=ACTORS["epci"])
    with store.transaction() as session, pytest.raises(errors.Forbidden):
        crud.update(session=session, resource=resource, ident=ident, data=change, actor=ACTORS["region"])
    with store.transaction() as session, pytest.raises(errors.Forbidden):
        crud.delete(session=session, resource=resource, ident=ident, actor=ACTORS["region"])


@pytest.mark.parametrize("resource", RESOURCES)
def test_region_cannot_create(store, rights_warehouse, resource):
    with pytest.raises(errors.Forbidden) as exc:
        create(store, rights_warehouse, resource, actor="region")
    assert "EPCI" in str(exc.value)


def test_sirene_name_filled_and_unknown_siren_refused(store, sirene_warehouse):
    ident = create(store, sirene_warehouse, "besoins", nom_entreprise="")
    assert row(store, "besoins", ident).nom_entreprise == "Fonderie test du Béthunois"
    kept = create(store, sirene_warehouse, "besoins", nom_entreprise="Nom saisi")
    assert row(store, "besoins", kept).nom_entreprise == "Nom saisi"
    with pytest.raises(errors.ValidationFailed) as exc:  # Luhn-valid, absent from the stock
        create(store, sirene_warehouse, "besoins", siren_entreprise="732829320")
    assert "732829320" in str(exc.value) and "Sirene" in str(exc.value)
    with pytest.raises(errors.ValidationFailed) as exc:  # La Poste is in the stock but gives no name
        create(store, sirene_warehouse, "besoins", siren_entreprise="356000000", nom_entreprise="")
    assert "nom de l'entreprise" in str(exc.value)
    with pytest.raises(errors.ValidationFailed):  # projets à venir: the optional SIREN is checked too
        create(store, sirene_warehouse, "projets_a_venir", siren_porteur="732829320")
    create(store, sirene_warehouse, "projets_a_venir", siren_porteur=SIREN_FIRM)


def test_without_sirene_the_name_is_required(store, rights_warehouse):
    with pytest.raises(errors.ValidationFailed) as exc:
        create(store, rights_warehouse, "besoins", nom_entreprise="")
    assert "n'est pas chargé" in str(exc.value)
