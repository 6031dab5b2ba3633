"""``/pilotage/calendrier``: the signature calendar by région and phase as a timeline, the COPIL
decisions, and the programme's public timeline (``programme/data/faits_publics.csv``).

Why an SVG drawn on the server: the timeline reads without JavaScript (positions are computed
here, as attributes), and every mark is also a row of the data table under it, so the figure hides
nothing the table does not say. Contracts are ``services.calendrier`` (``GET
/api/v1/programme/calendrier``), decisions ``crud.list_rows("copil")`` (``GET /api/v1/copil``),
facts ``faits.faits`` (``GET /api/v1/programme/faits-publics``).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from vigie_industrie.api.deps import StoreDep
from vigie_industrie.programme import crud, faits, pilotage, services
from vigie_industrie.web import projets_formulaires as ff
from vigie_industrie.web.session import PageActor, render

router = APIRouter(include_in_schema=False)
LARGEUR, MARGE, LIGNE = 960, 150, 34


def _x(d: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return round(MARGE + (d - start).days / span * (LARGEUR - MARGE - 20), 1)


def _bornes(days: list[date]) -> tuple[date, date]:
    """From 1 January of the first year to 31 December of the last (years as ticks)."""
    return date(min(days).year, 1, 1), date(max(days).year, 12, 31)


def _graduations(start: date, end: date) -> list[dict]:
    return [{"annee": y, "x": _x(date(y, 1, 1), start, end)} for y in range(start.year, end.year + 1)]


def frise_contrats(rows: list[dict]) -> dict | None:
    """One line per (région, phase), one mark per signed contract; None when nothing is signed."""
    signed = [r for r in rows if r["date_signature"]]
    if not signed:
        return None
    start, end = _bornes([r["date_signature"] for r in signed])
    lines: OrderedDict = OrderedDict()
    for r in sorted(signed, key=lambda r: (r["code_region"], r["phase"], r["date_signature"])):
        lines.setdefault((r["code_region"], r["phase"]), []).append({**r, "x": _x(r["date_signature"], start, end)})
    lignes = [{"libelle": f"{pilotage.REGIONS.get(reg, reg)} · phase {ph}", "y": 40 + i * LIGNE, "marques": marks}
              for i, ((reg, ph), marks) in enumerate(lines.items())]
    return {"largeur": LARGEUR, "hauteur": 60 + len(lignes) * LIGNE, "marge": MARGE,
            "graduations": _graduations(start, end), "lignes": lignes}


def frise_faits(items: list[faits.Fait]) -> dict | None:
    """The public facts with a date on one line (an undated fact is only in the table)."""
    dated = [f for f in items if f.debut]
    if not dated:
        return None
    start, end = _bornes([f.debut for f in dated])
    marks = [{"fait": f, "x": _x(f.debut, start, end), "y": 40 + (i % 4) * 22} for i, f in enumerate(dated)]
    return {"largeur": LARGEUR, "hauteur": 150, "marge": MARGE, "graduations": _graduations(start, end),
            "marques": marks}


@router.get("/pilotage/calendrier")
def calendrier(request: Request, store: StoreDep, actor: PageActor,
               region: Annotated[str | None, Query(max_length=4)] = None):
    erreurs = {}
    try:
        region = pilotage.check_filters(region or None, None, None)["region"]
    except ValueError as exc:
        erreurs["region"] = str(exc).partition(" : ")[2]
        region = None
    with store.session() as session:
        contrats = services.calendrier(session=session, region=region)
        copil, _ = crud.list_rows(session=session, resource="copil", actor=actor,
                                  filters={"code_region": region}, sort="-date_copil", limit=500)
        copil = [crud.to_public("copil", c, today=ff.today(request)) for c in copil]
    chronologie = faits.faits(region=region)
    return render(request, actor, "pilotage/calendrier.html", {
        "contrats": contrats, "frise": frise_contrats(contrats), "copil": copil, "faits": chronologie,
        "frise_faits": frise_faits(chronologie), "regions": pilotage.REGIONS, "erreurs": erreurs,
        "filtres": {"region": region or ""}, "signes": sum(1 for c in contrats if c["date_signature"])},
        status_code=422 if erreurs else 200)
