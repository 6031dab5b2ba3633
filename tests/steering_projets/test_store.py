"""Store rules of issue 14: structured blocking points, missions linked to projects, closing report,
the mission state computed from the clock, and migration 0005."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from vigie_industrie import errors
from vigie_industrie.programme import crud, schemas, suivi
from vigie_industrie.programme.authz import Actor

from .conftest import create_row, payload

TODAY = date(2025, 6, 30)


# --- the mission state around its deadline (property) ---------------------------------------------

@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       days=st.integers(min_value=1, max_value=3650), offset=st.integers(min_value=-4000, max_value=4000))
def test_days_left_or_late_never_negative(start, days, offset):
    """Exactly one of: days left (J-N), due today, late by N days; the counts add up to the calendar."""
    deadline = suivi.deadline(start, days)
    today = start + timedelta(days=offset)
    e = suivi.etat_mission(deadline, today)
    left = (deadline - today).days  # recomputed independently of the module
    assert e.jours_restants >= 0 and e.retard_jours >= 0
    assert e.jours_restants - e.retard_jours == left
    assert "-" not in e.libelle  # never « -297 j restants »
    if left > 0:
        assert e.code == "en_cours" and e.badge == f"J-{left}" and e.libelle.startswith(f"{left} j restant")
    elif left == 0:
        assert e.code == "echeance" and e.libelle == "échéance aujourd'hui"
    else:
        assert e.code == "en_retard" and e.libelle == f"en retard de {-left} j"
    assert suivi.etat_mission(deadline, today, close=True).libelle == "close"


def test_bethune_145_days_wording():
    deadline = suivi.deadline(date(2025, 3, 1), 145)
    assert deadline == date(2025, 7, 24)  # 31 + 30 + 31 + 30 + 23 days after 1 March
    assert suivi.etat_mission(deadline, date(2025, 3, 1)).libelle == "145 j restants"
    assert suivi.etat_mission(deadline, date(2025, 7, 23)).libelle == "1 j restant"
    assert suivi.etat_mission(deadline, date(2026, 5, 17)).libelle == "en retard de 297 j"


# --- blocking points ------------------------------------------------------------------------------

def test_point_validated_on_write_naming_the_field():
    with pytest.raises(Exception) as exc:
        schemas.ProjetCreate.model_validate(payload("projets", points_blocage=[
            {"nature": "meteo", "acteur": "DDTM", "depuis": "2025-01-01"}]))
    message = crud.french_errors(exc.value)
    assert "points_blocage.0.nature" in message and "valeurs possibles" in message and "autorisation_icpe" in message
    with pytest.raises(Exception) as exc:
        schemas.ProjetCreate.model_validate(payload("projets", points_blocage=[
            {"nature": "foncier", "acteur": "DDTM", "depuis": "2025-03-01", "leve_le": "2025-01-01"}]))
    assert "précède" in crud.french_errors(exc.value)


def test_former_keys_accepted_and_rewritten(store):
    row = create_row(store, "projets", "own", points_blocage=[
        {"categorie": "reglementaire", "responsable": "DREAL", "depuis": "2025-01-01"}])
    assert row.points_blocage == [{"nature": "autorisation_icpe", "acteur": "DREAL", "description": "",
                                   "depuis": "2025-01-01", "leve_le": None}]


def test_stored_rows_of_any_age_are_read_safely(store):
    """Rows written before issue 14 (old keys) or damaged by hand never turn a list into an error."""
    row = create_row(store, "projets", "own")
    broken = ('[{"categorie": "partenariat", "responsable": "CCI", "depuis": "2025-05-31"},'
              ' {"nature": "volcan", "depuis": "pas une date"}, "n\'importe quoi"]')
    with store.transaction() as session:
        session.execute(text("update projet set points_blocage = :v where id = :i"), {"v": broken, "i": row.id})
    with store.session() as session:
        pub = crud.to_public("projets", crud.get(session=session, resource="projets", ident=row.id,
                                                 actor=Actor.anonymous()), today=TODAY)
    assert [p.nature for p in pub.points_blocage] == ["autre", "volcan", "autre"]
    assert pub.points_blocage[0].acteur == "CCI" and pub.points_blocage[0].illisible is None
    assert pub.points_blocage[1].illisible and pub.points_blocage[1].depuis is None
    assert pub.jours_bloque == 30  # only the readable open point counts: 31 May → 30 June


# --- missions, links, closing report --------------------------------------------------------------

def test_mission_links_projects_of_its_region_only(store):
    own = create_row(store, "projets", "own")
    other = create_row(store, "projets", "other")
    mission = create_row(store, "missions", "own", projet_ids=[own.id])
    with store.session() as session:
        pub = crud.to_public("missions", session.get(crud.models.Mission, mission.id), today=TODAY)
    assert pub.projet_ids == [own.id]
    with pytest.raises(errors.ValidationFailed) as exc:
        create_row(store, "missions", "own", projet_ids=[other.id])
    assert "projet_ids" in str(exc.value) and "hors de la région 32" in str(exc.value)
    with pytest.raises(errors.ValidationFailed) as exc:
        create_row(store, "missions", "own", projet_ids=[999_999])
    assert "999999" in str(exc.value)


def test_closing_report_closes_the_mission_and_is_audited(store):
    mission = create_row(store, "missions", "own")
    actor = Actor.system("test")
    with pytest.raises(Exception) as exc:
        schemas.MissionCreate.model_validate(payload("missions", rapport_cloture="Bilan"))
    assert "date_cloture" in str(exc.value)
    with store.transaction() as session:
        row = crud.update(session=session, resource="missions", ident=mission.id, actor=actor,
                          data=schemas.MissionUpdate(version=1, rapport_cloture="Bilan : 3 projets débloqués.",
                                                     date_cloture=date(2025, 7, 20)))
        pub = crud.to_public("missions", row, today=TODAY)
    assert pub.statut == "close" and pub.etat == "close" and pub.delai == "close"
    with store.session() as session:
        events = session.execute(text(
            "select action, after from audit_event where entity = 'missions' and entity_id = :i order by id"),
            {"i": mission.id}).all()
    assert [e[0] for e in events] == ["create", "update"]


def test_links_change_bumps_the_version(store):
    p = create_row(store, "projets", "own")
    mission = create_row(store, "missions", "own")
    with store.transaction() as session:
        row = crud.update(session=session, resource="missions", ident=mission.id, actor=Actor.system("test"),
                          data=schemas.MissionUpdate(version=1, projet_ids=[p.id]))
        assert row.version == 2
    with pytest.raises(errors.Conflict):
        with store.transaction() as session:
            crud.update(session=session, resource="missions", ident=mission.id, actor=Actor.system("test"),
                        data=schemas.MissionUpdate(version=1, projet_ids=[]))


def test_migration_0005_up_down_up(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from vigie_industrie.programme.db import alembic_config, init_store

    url = f"sqlite:///{tmp_path / 'm.db'}"
    init_store(url)
    engine = create_engine(url)
    assert "mission_projet" in inspect(engine).get_table_names()
    assert {"rapport_cloture", "date_cloture"} <= {c["name"] for c in inspect(engine).get_columns("mission")}
    command.downgrade(alembic_config(url), "0003_perimetres")
    assert "mission_projet" not in inspect(engine).get_table_names()
    assert "rapport_cloture" not in {c["name"] for c in inspect(engine).get_columns("mission")}
    command.upgrade(alembic_config(url), "head")
    assert "mission_projet" in inspect(engine).get_table_names()
    engine.dispose()
