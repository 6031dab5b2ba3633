"""``/pilotage/projets``: the board of projects by status, « bloqués depuis plus de N jours », and the
project form with its blocking points.

The board and the blocked list are ``pilotage.tableau_projets`` and ``services.projets_bloques``,
the very functions behind ``GET /api/v1/programme/projets-par-statut`` and
``GET /api/v1/programme/projets-bloques``: same filters, same lists. Writes go through
``crud.create``/``crud.update`` with the rights checks of the API (a région user creating a project
outside its région gets the store's French refusal on the form, status 403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import func, select

from vigie_industrie import errors
from vigie_industrie.api.deps import StoreDep
from vigie_industrie.programme import crud, models, pilotage, schemas, services, suivi
from vigie_industrie.web import projets_formulaires as ff
from vigie_industrie.web.session import PageActor, render, require_signed_in

router = APIRouter(include_in_schema=False)
Ident = Annotated[int, Path(ge=1, le=2**31 - 1)]
Opt = Annotated[str | None, Query(max_length=20)]

CHAMPS = ("territoire_id", "phase", "siren_epci", "titre", "enjeu", "statut", "description", "elu_referent",
          "industriel_referent", "emplois_prevus", "montant_investissement_eur", "date_debut", "date_fin")
CHAMPS_POINT = ("nature", "acteur", "depuis", "description", "leve_le")
RENAME = {f"points_blocage.0.{c}": f"point_{c}" for c in CHAMPS_POINT} | {"points_blocage.0": "point_leve_le"}
ENTIERS = ("phase", "emplois_prevus", "montant_investissement_eur")
ENJEUX = {"recruter": "Recruter", "innover": "Innover", "attirer": "Attirer", "simplifier": "Simplifier",
          "transition_ecologique": "Transition écologique (phase 2)"}


def _context(**extra) -> dict:
    return {"statuts": pilotage.STATUTS_PROJET, "natures": suivi.NATURES, "regions": pilotage.REGIONS,
            "enjeux": ENJEUX, **extra}


@router.get("/pilotage/projets")
def tableau(request: Request, store: StoreDep, actor: PageActor, region: Opt = None, territoire_id: Opt = None,
            siren_epci: Opt = None, jours: Annotated[str | None, Query(max_length=6)] = None):
    """Board by status and blocked projects; a bad filter is shown beside its field (422)."""
    filtres = {"region": region or "", "territoire_id": territoire_id or "", "siren_epci": siren_epci or "",
               "jours": jours or "30"}
    erreurs: dict[str, str] = {}
    try:
        scope = pilotage.check_filters(region or None, territoire_id or None, siren_epci or None)
    except ValueError as exc:
        key, _, text = str(exc).partition(" : ")
        erreurs[key], scope = text, None
    seuil = int(filtres["jours"]) if filtres["jours"].isdigit() else None
    if seuil is None:
        erreurs["jours"] = f"« {filtres['jours']} » n'est pas un nombre de jours (entier positif)"
    colonnes, bloques, total = [], [], 0
    if not erreurs:
        today = ff.today(request)
        with store.session() as session:
            colonnes = pilotage.tableau_projets(session=session, actor=actor, today=today, **scope)
            bloques = services.projets_bloques(session=session, jours=seuil, today=today, **scope)
            total = session.scalar(select(func.count()).select_from(models.Projet))
    return render(request, actor, "pilotage/projets_tableau.html", _context(
        colonnes=colonnes, bloques=bloques, filtres=filtres, erreurs=erreurs, base_vide=not erreurs and not total,
        nb_projets=sum(c["nombre"] for c in colonnes), succes=ff.succes(request)),
        status_code=422 if erreurs else 200)


@router.get("/pilotage/projets/nouveau")
def formulaire(request: Request, actor: PageActor):
    require_signed_in(request, actor)
    valeurs = {"phase": "2", "statut": "idee"}
    if actor.siren_epci:
        valeurs["siren_epci"] = actor.siren_epci
    return render(request, actor, "pilotage/projets_formulaire.html", _context(valeurs=valeurs, point={}, erreurs={}))


@router.post("/pilotage/projets/nouveau")
async def creer(request: Request, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)
    form = await ff.form_data(request)
    values = ff.blank_to_none(form, CHAMPS)
    erreurs = ff.integers(values, ENTIERS)
    point = {k[6:]: v for k, v in form.items() if k.startswith("point_") and v}
    if point:
        values["points_blocage"] = [point]

    def again(erreurs: dict, status: int):
        return render(request, actor, "pilotage/projets_formulaire.html",
                      _context(valeurs=form, point=point, erreurs=erreurs), status_code=status)

    if erreurs:
        return again(erreurs, 422)
    return ff.create_or_errors(request, store, actor, "projets", values, fields=CHAMPS, again=again, rename=RENAME)


def _projet(store, actor, ident: int, today):
    with store.session() as session:
        row = crud.get(session=session, resource="projets", ident=ident, actor=actor)
        pub = crud.to_public("projets", row, today=today)
        missions = session.scalars(select(models.Mission).join(models.mission_projet)
                                   .where(models.mission_projet.c.projet_id == ident)
                                   .order_by(models.Mission.id)).all()
        return pub, [(m.id, m.intitule) for m in missions]


@router.get("/pilotage/projets/{ident}")
def fiche(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    pub, missions = _projet(store, actor, ident, ff.today(request))
    return render(request, actor, "pilotage/projets_fiche.html", _context(
        projet=pub, missions=missions, valeurs=pub.model_dump(mode="json"), point={}, erreurs={},
        succes=ff.succes(request), aujourdhui=ff.today(request).isoformat()))


def _fiche_again(request: Request, store, actor, ident: int, form: dict, point: dict | None = None):
    """The project's page again (``again`` of ``ff.save_or_errors``): the errors beside the fields, the
    input kept (``point`` given: the blocking-point form keeps it, the project form shows the row)."""

    def again(erreurs: dict, status: int):
        pub, missions = _projet(store, actor, ident, ff.today(request))
        return render(request, actor, "pilotage/projets_fiche.html", _context(
            projet=pub, missions=missions, valeurs=form if point is None else pub.model_dump(mode="json"),
            point=point or {}, erreurs=erreurs, aujourdhui=ff.today(request).isoformat()), status_code=status)
    return again


def _update(request: Request, store, actor, ident: int, changes: dict, ok: str, fields: tuple[str, ...],
            form: dict, point: dict | None = None):
    """PATCH through the store; on refusal, the page again with the errors beside the fields."""
    return ff.save_or_errors(
        store, schemas.ProjetUpdate, changes,
        lambda session, data: crud.update(session=session, resource="projets", ident=ident, data=data, actor=actor),
        fields=fields, prefix=("points_blocage",), done=lambda _: ff.redirect(f"/pilotage/projets/{ident}", ok),
        again=_fiche_again(request, store, actor, ident, form, point))


@router.post("/pilotage/projets/{ident}/modifier")
async def modifier(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)
    form = await ff.form_data(request)
    fields = ("titre", "statut", "enjeu", "description", "elu_referent", "industriel_referent", "emplois_prevus",
              "montant_investissement_eur", "date_debut", "date_fin")
    changes = {k: (form.get(k) or None) for k in fields if k in form}
    for k in ("titre", "description", "elu_referent", "industriel_referent"):
        if k in changes and changes[k] is None:
            changes[k] = ""
    erreurs = ff.integers(changes, ("emplois_prevus", "montant_investissement_eur", "version"))
    changes["version"] = int(form["version"]) if str(form.get("version", "")).isdigit() else 0
    if erreurs:
        return _fiche_again(request, store, actor, ident, form)(erreurs, 422)
    return _update(request, store, actor, ident, changes, "modifie", fields, form)


@router.post("/pilotage/projets/{ident}/points")
async def ajouter_point(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    """Add a blocking point (the whole list is re-validated by the store, like a PATCH)."""
    require_signed_in(request, actor)
    form = await ff.form_data(request)
    point = ff.blank_to_none(form, CHAMPS_POINT)
    pub, _ = _projet(store, actor, ident, ff.today(request))
    existing = [p.model_dump(mode="json", exclude={"illisible"}) for p in pub.points_blocage]
    changes = {"version": int(form.get("version") or 0), "points_blocage": existing + [point]}
    return _update(request, store, actor, ident, changes, "point", CHAMPS_POINT, form, point=form)


@router.post("/pilotage/projets/{ident}/points/{n}/lever")
async def lever_point(request: Request, ident: Ident, n: Annotated[int, Path(ge=0, le=49)], store: StoreDep,
                      actor: PageActor):
    """Lift blocking point ``n`` on the date given (default: today by the app clock)."""
    require_signed_in(request, actor)
    form = await ff.form_data(request)
    pub, _ = _projet(store, actor, ident, ff.today(request))
    points = [p.model_dump(mode="json", exclude={"illisible"}) for p in pub.points_blocage]
    if n >= len(points):
        raise errors.NotFound(f"Le projet {ident} n'a pas de point de blocage n° {n + 1}.")
    points[n]["leve_le"] = form.get("leve_le") or ff.today(request).isoformat()
    changes = {"version": int(form.get("version") or 0), "points_blocage": points}
    return _update(request, store, actor, ident, changes, "leve", ("leve_le",) + CHAMPS_POINT, form, point={})
