"""The answers Parliament asked for, as plain data (shared by the API and the CLI).

Signature calendar per region, labelled territories per region and phase (warehouse),
projects blocked for more than N days, open missions with days left, needs per category
per territory. ``today`` is always a parameter, so tests inject their own clock.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from vigie_industrie import errors
from vigie_industrie.programme import codes, crud, models
from vigie_industrie.programme.authz import Actor


def calendrier(*, session: Session, region: str | None = None) -> list[dict[str, Any]]:
    """Contracts ordered by region then signature date (unsigned ones last)."""
    stmt = select(models.Contrat)
    if region:
        stmt = stmt.where(models.Contrat.code_region == codes.check_region(region))
    rows = session.scalars(stmt).all()
    rows = sorted(rows, key=lambda c: (c.code_region, c.date_signature is None, c.date_signature or date.max, c.territoire_id))
    return [
        {"code_region": c.code_region, "territoire_id": c.territoire_id, "phase": c.phase, "intitule": c.intitule,
         "statut": c.statut, "date_signature": c.date_signature, "contrat_id": c.id}
        for c in rows
    ]


def projets_bloques(*, session: Session, jours: int, today: date, region: str | None = None) -> list[dict[str, Any]]:
    """Projects whose oldest unresolved blocking point is older than ``jours`` days."""
    stmt = select(models.Projet).where(models.Projet.statut.not_in(("realise", "abandonne")))
    if region:
        stmt = stmt.where(models.Projet.code_region == codes.check_region(region))
    out = []
    for p in session.scalars(stmt):
        pub = crud.to_public("projets", p, today=today)
        if pub.jours_bloque is not None and pub.jours_bloque > jours:
            open_points = [b.model_dump(mode="json") for b in pub.points_blocage if b.leve_le is None]
            out.append({"projet_id": p.id, "territoire_id": p.territoire_id, "phase": p.phase, "code_region": p.code_region,
                        "siren_epci": p.siren_epci, "titre": p.titre, "statut": p.statut, "jours_bloque": pub.jours_bloque,
                        "points_blocage": open_points})
    return sorted(out, key=lambda r: -r["jours_bloque"])


def missions_ouvertes(*, session: Session, today: date, region: str | None = None) -> list[dict[str, Any]]:
    """Open missions with their deadline, days left or days late (most overdue first)."""
    stmt = select(models.Mission).where(models.Mission.statut == "ouverte")
    if region:
        stmt = stmt.where(models.Mission.code_region == codes.check_region(region))
    out = []
    for m in session.scalars(stmt):
        pub = crud.to_public("missions", m, today=today)
        done = sum(1 for j in m.jalons if j.get("fait"))
        out.append({"mission_id": m.id, "territoire_id": m.territoire_id, "phase": m.phase, "code_region": m.code_region,
                    "intitule": m.intitule, "cause": m.cause, "date_debut": m.date_debut, "duree_jours": m.duree_jours,
                    "date_echeance": pub.date_echeance, "jours_restants": pub.jours_restants,
                    "retard_jours": pub.retard_jours,
                    "jalons_faits": done, "jalons_total": len(m.jalons)})
    return sorted(out, key=lambda r: (r["date_echeance"], r["mission_id"]))


def besoins_par_categorie(*, session: Session, territoire_id: str | None = None,
                          region: str | None = None) -> list[dict[str, Any]]:
    """Counts of needs per territory and category: aggregate only, never a firm.

    Only needs passed to the région are counted (statut other than ``brouillon``): a draft is the
    EPCI's working note, which the région itself cannot see; counting drafts in a public answer
    would tell everyone what the région is not told. ``ouverts`` = transmitted and not yet answered
    nor closed (transmis, accuse, assigne).
    """
    return _transmitted_counts(models.Besoin, models.Besoin.categorie, session=session, territoire_id=territoire_id,
                               region=region)


def projets_a_venir_par_nature(*, session: Session, territoire_id: str | None = None,
                               region: str | None = None) -> list[dict[str, Any]]:
    """Counts of upcoming projects per territory and nature (transmitted only, as the needs): no firm."""
    return _transmitted_counts(models.ProjetAVenir, models.ProjetAVenir.nature, session=session,
                               territoire_id=territoire_id, region=region)


def _transmitted_counts(model, key, *, session: Session, territoire_id: str | None,
                        region: str | None) -> list[dict[str, Any]]:
    stmt = select(model.territoire_id, model.phase, model.code_region, key, func.count().label("nombre"),
                  func.sum(case((model.statut.in_(("transmis", "accuse", "assigne")), 1), else_=0)).label("ouverts"))
    stmt = stmt.where(model.statut != "brouillon")
    if territoire_id:
        stmt = stmt.where(model.territoire_id == codes.check_territoire(territoire_id))
    if region:
        stmt = stmt.where(model.code_region == codes.check_region(region))
    stmt = stmt.group_by(model.territoire_id, model.phase, model.code_region, key).order_by(
        model.territoire_id, model.phase, key)
    name = "categorie" if model is models.Besoin else "nature"
    return [{"territoire_id": t, "phase": ph, "code_region": r, name: c, "nombre": int(n), "ouverts": int(o or 0)}
            for t, ph, r, c, n, o in session.execute(stmt)]


def audit_journal(*, session: Session, actor: Actor, entity: str | None = None, entity_id: int | None = None,
                  limit: int = 100, offset: int = 0) -> list[models.AuditEvent]:
    if actor.role != "admin":
        raise errors.Forbidden("Le journal d'audit est réservé au rôle admin.")
    stmt = select(models.AuditEvent)
    if entity:
        stmt = stmt.where(models.AuditEvent.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(models.AuditEvent.entity_id == entity_id)
    return list(session.scalars(stmt.order_by(models.AuditEvent.id.desc()).limit(limit).offset(offset)))


# --- warehouse ------------------------------------------------------------------------

_conn_lock = threading.Lock()


@contextmanager
def _warehouse(path: Path):
    """A short-lived read-only connection, opened by the one warehouse connection module.

    Not kept open between queries: a held connection would lock the file against
    ``vigie build``. Answers are cached instead (see ``territoires_labellises``).
    """
    if not Path(path).exists():
        raise errors.WarehouseMissing(
            f"Entrepôt absent ({path}) : lancez `vigie build` (ou indiquez --warehouse / VIGIE_WAREHOUSE)."
        )
    from vigie_industrie.warehouse import connection

    con = connection.connect(Path(path))  # no extension auto-install; a corrupt file is a WarehouseMissing (503)
    try:
        yield con
    finally:
        con.close()


def territoires_labellises(*, warehouse: Path, region: str | None = None, phase: int | None = None) -> list[dict[str, Any]]:
    """Labelled Territoires d'industrie from the warehouse, per region and phase.

    The warehouse is read-only between builds, so answers are cached per file version
    (path + modification time): a rebuild is seen at once.
    """
    hit = territoires_en_cache(warehouse=warehouse, region=region, phase=phase)
    if hit is not None:
        return hit
    if not Path(warehouse).exists():
        with _warehouse(warehouse):  # raises WarehouseMissing
            pass
    key = _cache_key(warehouse, region, phase)
    rows = tuple(_territoires_query(Path(warehouse), key[2], phase))
    with _conn_lock:
        if len(_TERRITOIRES) > 512:
            _TERRITOIRES.clear()
        _TERRITOIRES[key] = rows
    return [dict(r) for r in rows]


_TERRITOIRES: dict[tuple, tuple] = {}


def _cache_key(warehouse: Path, region: str | None, phase: int | None) -> tuple:
    path = Path(warehouse)
    return (str(path.resolve()), path.stat().st_mtime_ns, codes.check_region(region) if region else None, phase)


def territoires_en_cache(*, warehouse: Path, region: str | None = None, phase: int | None = None) -> list[dict] | None:
    """The cached answer if this warehouse version was already queried, else None (no I/O but a stat)."""
    try:
        key = _cache_key(warehouse, region, phase)
    except FileNotFoundError:
        return None
    rows = _TERRITOIRES.get(key)
    return None if rows is None else [dict(r) for r in rows]


def _territoires_query(warehouse: Path, region: str | None, phase: int | None) -> list[dict[str, Any]]:
    sql = ("select territoire_id, phase, nom, code_region, nom_region, nb_membres from territoire_industrie where 1=1")
    params: list[Any] = []
    if region:
        sql += " and code_region = ?"
        params.append(region)
    if phase is not None:
        sql += " and phase = ?"
        params.append(int(phase))
    sql += " order by code_region, phase, territoire_id"
    with _warehouse(warehouse) as con:
        try:
            cur = con.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
        except Exception as exc:
            if type(exc).__module__.startswith("duckdb"):
                raise errors.WarehouseMissing(
                    f"L'entrepôt {warehouse} n'a pas la table territoire_industrie attendue ({exc}) : relancez `vigie build`."
                ) from exc
            raise
