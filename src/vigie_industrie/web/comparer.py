"""``/comparer?codes=…``: territories side by side, the page of ``GET /api/v1/comparaison``.

The figures are ``observatoire.answers.comparer`` (the API's answer, not a second computation);
the page only lays them out: one table (indicators × territories, their régions and France)
and bar charts of a few headline indicators, each with its data table. ``/comparer.csv`` is the
API's CSV (``answers.comparer_long``, spreadsheet-safe through ``csvout``).

A Territoire d'industrie is written ``ti-3212:2`` (code and phase), since its ids differ between
phases. Adding a territory goes through the resolver like the search box (a name or a code);
an unknown or ambiguous one is shown on the page with its candidates, the others are kept.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from vigie_industrie import errors
from vigie_industrie.web.session import PageActor
from vigie_industrie.api.deps import StoreDep, WarehouseDep
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.api.routes.indicateurs import MAX_CODES
from vigie_industrie.observatoire import answers, cible, csvout, suggestions
from vigie_industrie.territories.model import Territoire
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)
# Charted indicators (comparable across sizes: shares, rates, changes in %, indices).
GRAPHIQUES = ("part_industrie", "evolution_emploi_industriel_5ans_pct", "taux_chomage",
              "quotient_localisation_industrie")
CodesQ = Annotated[str | None, Query(max_length=2000)]


def split_code(text: str) -> tuple[str, int | None]:
    """``ti-3212:2`` → ('ti-3212', 2); anything else keeps no phase.

    >>> split_code("ti-3212:2"), split_code("62")
    (('ti-3212', 2), ('62', None))
    """
    code, _, phase = text.strip().rpartition(":")
    if code and phase in ("1", "2"):
        return code, int(phase)
    return text.strip(), None


def join_code(ref: dict) -> str:
    """A resolved territory in ``codes=``: unambiguous (``reg-32``, ``dep-62``, ``ti-3212:2``)."""
    return suggestions.cle(Territoire(ref["type"], ref["code"], ref["nom"], ref.get("phase")))


def resolve_all(con, wanted: list[str], lookup) -> tuple[list[cible.Cible], list[dict]]:
    """Resolved targets (duplicates dropped) and, for each query that failed, its French message."""
    found: list[cible.Cible] = []
    failed: list[dict] = []
    for q in wanted:
        code, phase = split_code(q)
        try:
            target = cible.resolve(con, code, lookup=lookup, phase=phase)
        except (errors.UnknownTerritory, errors.AmbiguousTerritory, errors.InvalidCode, errors.NotFound) as exc:
            candidats = [suggestions.item(Territoire(c["type"], c["code"], c["nom"], c.get("phase")))
                         for c in getattr(exc, "candidates", None) or []]
            failed.append({"q": q, "message": str(exc), "candidats": candidats})
            continue
        if all(join_code(t.ref()) != join_code(target.ref()) for t in found):
            found.append(target)
    return found, failed


def comparer_url(codes: list[str], path: str = "/comparer") -> str:
    return path + ("?" + urlencode({"codes": ",".join(codes)}, safe=",:") if codes else "")


def _wanted(codes: str | None) -> list[str]:
    wanted = obs.split_list(codes)
    if len(wanted) > MAX_CODES:
        raise errors.ValidationFailed(f"codes : au plus {MAX_CODES} territoires (reçu {len(wanted)}).")
    return wanted


def colonnes(answer: dict) -> list[dict]:
    """Columns of the table: each territory, then each distinct région, then France."""
    cols = [{"code": t["code"], "nom": t["nom"], "cle": join_code(t), "type": t["type"],
             "url": suggestions.url(Territoire(t["type"], t["code"], t["nom"], t.get("phase")))}
            for t in answer["territoires"]]
    seen = set()
    for t in answer["territoires"]:
        r = t.get("region")
        if r and r["code"] not in seen:
            seen.add(r["code"])
            cols.append({"code": r["code"], "nom": r["nom"], "cle": f"reg-{r['code']}", "type": "reference-region",
                         "url": f"/territoire/reg-{r['code']}"})
    cols.append({"code": "fr", "nom": "France", "cle": "fr", "type": "reference-france", "url": "/territoire/fr"})
    return cols


def cellules(ind: dict, cols: list[dict]) -> list[dict | None]:
    """The values of one indicator in the order of ``cols`` (None where the answer has none)."""
    by_code = {v["code"]: v for v in ind["valeurs"]}
    regions = {r["code"]: r for r in ind.get("regions") or []}
    out = []
    for c in cols:
        if c["type"] == "reference-region":
            out.append(regions.get(c["code"]))
        elif c["type"] == "reference-france":
            out.append(ind.get("france"))
        else:
            out.append(by_code.get(c["code"]))
    return out


def graphiques(answer: dict, cols: list[dict]) -> list[dict]:
    """Bar charts of the headline indicators, in the shape of the ``graphique`` macro (its table too)."""
    charts = []
    for ind in answer["indicateurs"]:
        if ind["id"] not in GRAPHIQUES:
            continue
        cells = cellules(ind, cols)
        titre = ind["libelle"].removesuffix(f" ({ind['unite']})")  # the macro adds the unit
        charts.append({"id": f"comparer-{ind['id']}", "indicateur": ind["id"], "titre": titre,
                       "unite": ind["unite"], "type": "bar", "sources": [], "x": [c["nom"] for c in cols],
                       "lignes": [{"nom": ind["libelle"],
                                   "valeurs": [None if v is None else v.get("valeur") for v in cells],
                                   "niveaux": [None if v is None else v.get("niveau") for v in cells]}]})
    charts.sort(key=lambda g: GRAPHIQUES.index(g["indicateur"]))
    return charts


@router.get("/comparer")
def comparer_page(request: Request, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                  codes: CodesQ = None, ajouter: Annotated[str | None, Query(max_length=200)] = None,
                  annee: Annotated[int | None, Query(ge=1990, le=2100)] = None):
    con = warehouse.con
    lookup = obs.lookup(store, actor)
    wanted = _wanted(codes)
    targets, failed = resolve_all(con, wanted, lookup)
    if ajouter and ajouter.strip():
        added, failed_add = resolve_all(con, [ajouter], lookup)
        present = {join_code(t.ref()) for t in targets}
        new = [t for t in added if join_code(t.ref()) not in present]
        if new and len(targets) + len(new) > MAX_CODES:  # said, never a silent truncation
            failed_add.append({"q": ajouter.strip(), "candidats": [], "message":
                               f"la comparaison compte déjà {len(targets)} territoires, le maximum est {MAX_CODES} : "
                               "retirez-en un avant d'en ajouter un autre."})
            new = []
        if new and not failed and not failed_add:  # canonical address: the resolved codes, so the page can be shared
            keys = [join_code(t.ref()) for t in targets] + [join_code(t.ref()) for t in new]
            return RedirectResponse(comparer_url(keys), status_code=303)
        targets += new
        failed += failed_add
    keys = [join_code(t.ref()) for t in targets]
    context = {"rubrique": "comparer", "codes": keys, "echecs": failed, "annee": annee, "reponse": None,
               "retirer": {k: comparer_url([x for x in keys if x != k]) for k in keys},
               "csv_url": None, "api_url": None}
    if len(targets) >= 2:
        answer = answers.comparer(con, targets, annee=annee)
        cols = colonnes(answer)
        context.update(reponse=answer, colonnes=cols,
                       lignes=[{"ind": ind, "cellules": cellules(ind, cols)} for ind in answer["indicateurs"]],
                       graphiques=graphiques(answer, cols), csv_url=comparer_url(keys, "/comparer.csv"),
                       api_url=None if any(":" in k for k in keys) else comparer_url(keys, "/api/v1/comparaison"))
    else:
        context["territoires"] = [t.ref() for t in targets]
    context["cles"] = keys
    return templating.render(request, "comparer.html", context)


@router.get("/comparer.csv")
def comparer_csv(warehouse: WarehouseDep, store: StoreDep, actor: PageActor, codes: CodesQ = None,
                 annee: Annotated[int | None, Query(ge=1990, le=2100)] = None):
    """The API's comparison CSV (one row per indicator and territory); unknown codes are a 404 problem."""
    con = warehouse.con
    lookup = obs.lookup(store, actor)
    targets = [cible.resolve(con, code, lookup=lookup, phase=phase) for code, phase in map(split_code, _wanted(codes))]
    answer = answers.comparer(con, targets, annee=annee)
    return Response(csvout.to_csv(answers.comparer_long(answer), answers.COMPARER_CSV),
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="comparaison.csv"'})
