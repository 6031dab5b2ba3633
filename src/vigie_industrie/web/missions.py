"""``/pilotage/missions``: missions to their deadline, their milestones, the projects they must unblock
and what is still blocked among them, and the closing report.

The list is ``crud.list_rows("missions", filters)``, the function behind ``GET /api/v1/missions``
(same filters, same rows); the page of a mission is ``pilotage.suivi_mission``, the one behind
``GET /api/v1/programme/missions/{id}/suivi``. The state (« J-24 », « en retard de 3 j »,
« close ») is computed once by ``programme.suivi`` from the app clock.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import func, select

from vigie_industrie import errors
from vigie_industrie.api.deps import StoreDep
from vigie_industrie.programme import crud, models, pilotage, schemas
from vigie_industrie.programme import suivi as suivi_mod
from vigie_industrie.web import projets_formulaires as ff
from vigie_industrie.web.session import PageActor, render, require_signed_in

router = APIRouter(include_in_schema=False)
Ident = Annotated[int, Path(ge=1, le=2**31 - 1)]
Opt = Annotated[str | None, Query(max_length=20)]
CHAMPS = ("territoire_id", "phase", "intitule", "cause", "date_debut", "duree_jours", "projet_ids")
ETATS = {"ouverte": "Ouvertes", "close": "Closes"}


def liste_filtres(code_region: str | None, territoire_id: str | None, statut: str | None) -> dict:
    """The list's filters as ``GET /api/v1/missions`` takes them (``ValueError`` naming the bad one)."""
    scope = pilotage.check_filters(code_region, territoire_id, None)
    if statut and statut not in ETATS:
        raise ValueError(f"statut : valeur « {statut} » refusée : valeurs possibles {', '.join(ETATS)}")
    return {"code_region": scope["region"], "territoire_id": scope["territoire_id"], "statut": statut or None}


@router.get("/pilotage/missions")
def liste(request: Request, store: StoreDep, actor: PageActor, code_region: Opt = None, territoire_id: Opt = None,
          statut: Opt = None):
    filtres = {"code_region": code_region or "", "territoire_id": territoire_id or "", "statut": statut or ""}
    erreurs, missions, total = {}, [], 0
    try:
        filters = liste_filtres(code_region or None, territoire_id or None, statut or None)
    except ValueError as exc:
        key, _, text = str(exc).partition(" : ")
        erreurs[{"region": "code_region"}.get(key, key)] = text
    if not erreurs:
        with store.session() as session:
            rows, _ = crud.list_rows(session=session, resource="missions", actor=actor, filters=filters,
                                     sort="date_debut", limit=500)
            missions = [crud.to_public("missions", r, today=ff.today(request)) for r in rows]
            total = session.scalar(select(func.count()).select_from(models.Mission))
    return render(request, actor, "pilotage/missions_liste.html", {
        "missions": missions, "filtres": filtres, "erreurs": erreurs, "regions": pilotage.REGIONS, "etats": ETATS,
        "base_vide": not erreurs and not total, "succes": ff.succes(request)}, status_code=422 if erreurs else 200)


def _candidats(store, actor, region: str | None = None) -> list[dict]:
    """Projects a mission may be linked to: those of the région (the actor's, or the mission's)."""
    region = region or actor.code_region
    with store.session() as session:
        stmt = crud.visible_query("projets", actor).order_by(models.Projet.id).limit(300)
        if region:
            stmt = stmt.where(models.Projet.code_region == region)
        return [{"id": p.id, "titre": p.titre, "territoire_id": p.territoire_id} for p in session.scalars(stmt)]


@router.get("/pilotage/missions/nouvelle")
def formulaire(request: Request, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)
    valeurs = {"phase": "2", "date_debut": ff.today(request).isoformat(), "duree_jours": "145"}
    return render(request, actor, "pilotage/missions_formulaire.html", {
        "valeurs": valeurs, "erreurs": {}, "candidats": _candidats(store, actor), "choisis": []})


def _ids(raw) -> list[int] | str:
    values = raw if isinstance(raw, list) else ([raw] if raw else [])
    out = []
    for v in values:
        for part in str(v).replace(",", " ").split():
            if not part.isdigit():
                return f"« {part} » n'est pas un identifiant de projet"
            out.append(int(part))
    return out


@router.post("/pilotage/missions/nouvelle")
async def creer(request: Request, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)
    form = await ff.form_data(request)
    values = ff.blank_to_none(form, CHAMPS[:-1])
    erreurs = ff.integers(values, ("phase", "duree_jours"))
    ids = _ids(form.get("projet_ids"))
    if isinstance(ids, str):
        erreurs["projet_ids"] = ids
    else:
        values["projet_ids"] = ids

    def again(erreurs: dict, status: int):
        return render(request, actor, "pilotage/missions_formulaire.html", {
            "valeurs": form, "erreurs": erreurs, "candidats": _candidats(store, actor),
            "choisis": ids if isinstance(ids, list) else []}, status_code=status)

    if erreurs:
        return again(erreurs, 422)
    return ff.create_or_errors(request, store, actor, "missions", values, fields=CHAMPS, again=again)


def _page(request, store, actor, ident: int, erreurs: dict | None = None, valeurs: dict | None = None, status=200):
    with store.session() as session:
        suivi = pilotage.suivi_mission(session=session, actor=actor, ident=ident, today=ff.today(request))
    return render(request, actor, "pilotage/missions_fiche.html", {
        **suivi, "erreurs": erreurs or {}, "valeurs": valeurs or {}, "succes": ff.succes(request),
        "regions": pilotage.REGIONS, "statuts": pilotage.STATUTS_PROJET, "natures": suivi_mod.NATURES,
        "candidats": _candidats(store, actor, suivi["mission"]["code_region"]) if actor.authenticated else [],
        "aujourdhui": ff.today(request).isoformat()}, status_code=status)


@router.get("/pilotage/missions/{ident}")
def fiche(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    return _page(request, store, actor, ident)


async def _patch(request, store, actor, ident: int, change, ok: str, fields: tuple[str, ...]):
    """Read the mission, apply ``change(current public dict, form)`` → PATCH body, write or re-render."""
    form = await ff.form_data(request)
    with store.session() as session:
        current = crud.to_public("missions", crud.get(session=session, resource="missions", ident=ident, actor=actor),
                                 today=ff.today(request)).model_dump(mode="json")

    def again(erreurs: dict, status: int):
        return _page(request, store, actor, ident, erreurs, form, status)

    body = change(current, form)
    if "__erreurs__" in body:
        return again(body["__erreurs__"], 422)
    body["version"] = int(form.get("version") or 0)
    return ff.save_or_errors(
        store, schemas.MissionUpdate, body,
        lambda session, data: crud.update(session=session, resource="missions", ident=ident, data=data, actor=actor),
        fields=fields, prefix=("jalons",), done=lambda _: ff.redirect(f"/pilotage/missions/{ident}", ok), again=again)


@router.post("/pilotage/missions/{ident}/jalons")
async def ajouter_jalon(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)

    def change(current, form):
        jalon = {k: form[k] for k in ("libelle", "echeance") if form.get(k)}
        return {"jalons": current["jalons"] + [jalon]}
    return await _patch(request, store, actor, ident, change, "jalon", ("libelle", "echeance", "fait_le"))


@router.post("/pilotage/missions/{ident}/jalons/{n}/fait")
async def jalon_fait(request: Request, ident: Ident, n: Annotated[int, Path(ge=0, le=99)], store: StoreDep,
                     actor: PageActor):
    require_signed_in(request, actor)

    def change(current, form):
        jalons = current["jalons"]
        if n >= len(jalons):
            raise errors.NotFound(f"La mission {ident} n'a pas de jalon n° {n + 1}.")
        jalons[n]["fait_le"] = form.get("fait_le") or ff.today(request).isoformat()
        return {"jalons": jalons}
    return await _patch(request, store, actor, ident, change, "fait", ("fait_le",))


@router.post("/pilotage/missions/{ident}/projets")
async def lier_projets(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)

    def change(current, form):
        ids = _ids(form.get("projet_ids"))
        if isinstance(ids, str):
            return {"__erreurs__": {"projet_ids": ids}}
        return {"projet_ids": ids}
    return await _patch(request, store, actor, ident, change, "lie", ("projet_ids",))


@router.post("/pilotage/missions/{ident}/cloture")
async def cloturer(request: Request, ident: Ident, store: StoreDep, actor: PageActor):
    require_signed_in(request, actor)

    def change(current, form):
        if not form.get("rapport_cloture"):
            return {"__erreurs__": {"rapport_cloture": "joignez le texte du rapport de clôture (champ obligatoire)"}}
        return {"rapport_cloture": form["rapport_cloture"], "date_cloture": form.get("date_cloture") or None}
    return await _patch(request, store, actor, ident, change, "cloture", ("rapport_cloture", "date_cloture"))
