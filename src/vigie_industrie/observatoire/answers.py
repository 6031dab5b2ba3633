"""The observatory's answers as plain data: one territory's indicators, a comparison, a ranking.

The CLI and the API render these dicts (JSON, CSV, tables); nothing here computes a
figure: warehouse territories read the indicator marts (``indicators.service.values``),
perimeters run the same SQL definitions over their communes (``service.for_communes``).
"""

from __future__ import annotations

from typing import Any

from vigie_industrie import errors
from vigie_industrie.observatoire.cible import Cible
from vigie_industrie.territories.model import Territoire

# The keys of one indicator in `vigie indicateurs --json` (contract of issue 11), then extras.
KEYS = ("id", "libelle", "valeur", "unite", "periode", "source", "niveau", "couverture",
        "rang_france", "rang_region", "valeur_region", "valeur_france")
EXTRA_KEYS = ("dimension", "annee", "methode", "note", "nb_communes_sans_donnee", "nb_france", "nb_region")

# `--type` of `vigie classement`: short names users type → territory kinds of the marts.
RANKABLE = {
    "epci": "epci", "ze": "zone_emploi", "zone_emploi": "zone_emploi", "ti": "territoire_industrie",
    "territoire_industrie": "territoire_industrie", "departement": "departement", "region": "region",
    "circonscription": "circonscription",
}
YEARS = (1990, 2100)

# CSV shapes (CLI and API): one row per indicator, per (indicator, territory), per rank.
INDICATEURS_CSV = ("type", "code", "nom", "phase") + tuple(
    k if k != "id" else "indicateur" for k in ("id", "libelle", "valeur", "unite", "periode", "annee", "dimension", "source",
                                                "niveau", "methode", "couverture", "rang_france", "nb_france",
                                                "rang_region", "nb_region", "valeur_region", "valeur_france", "note"))


def indicateurs_csv(answer: dict) -> list[dict]:
    """One row per indicator, the territory repeated on each (so files can be concatenated)."""
    t = answer["territoire"]
    head = {"type": t["type"], "code": t["code"], "nom": t["nom"], "phase": t.get("phase")}
    return [{**head, **{("indicateur" if k == "id" else k): v for k, v in r.items()}} for r in answer["indicateurs"]]


COMPARER_CSV = ("indicateur", "libelle", "unite", "type", "code", "nom", "periode", "valeur", "niveau",
                "code_region", "valeur_region", "valeur_france")
CLASSEMENT_CSV = ("rang", "type", "code", "phase", "nom", "valeur", "periode", "niveau")


REGISTRE_CSV = ("id", "libelle", "unite", "definition", "formule", "source", "niveau", "famille", "additif", "sens")


def registre() -> list[dict[str, Any]]:
    """The indicator registry as rows (id, label, unit, definition, formula, source, level, family)."""
    from dataclasses import asdict

    from vigie_industrie.indicators import registry

    return [asdict(ind) for ind in registry.REGISTRY.values()]


def check_annee(annee: int | None) -> int | None:
    if annee is not None and not YEARS[0] <= annee <= YEARS[1]:
        raise errors.ValidationFailed(f"annee : {annee} hors des années possibles ({YEARS[0]}-{YEARS[1]}).")
    return annee


def check_ids(ids: list[str] | None) -> list[str] | None:
    """Known indicator ids (``registry.get`` says which ids are close to an unknown one)."""
    from vigie_industrie.indicators import registry

    if not ids:
        return None
    return [registry.get(i.strip()).id for i in ids if i.strip()]


def _row(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: item.get(k) for k in KEYS}
    out.update({k: item[k] for k in EXTRA_KEYS if k in item})
    return out


def values_of(con, cible: Cible, *, annee: int | None = None, ids: list[str] | None = None) -> list[dict[str, Any]]:
    from vigie_industrie.indicators import service

    if cible.is_perimetre:
        if not cible.communes:
            raise errors.ValidationFailed(
                f"Le périmètre {cible.territoire.code} n'a aucune commune dans l'entrepôt actuel : vérifiez ses membres."
            )
        return service.for_communes(con, list(cible.communes), annee=annee, ids=ids)
    return service.values(con, cible.territoire, annee=annee, ids=ids)


def indicateurs(con, cible: Cible, *, annee: int | None = None, ids: list[str] | None = None,
                dimensions: bool = False) -> dict[str, Any]:
    """``{"territoire", "annee", "indicateurs"}``; headline values only unless ``dimensions``."""
    rows = values_of(con, cible, annee=check_annee(annee), ids=check_ids(ids))
    if not dimensions:
        rows = [r for r in rows if r.get("dimension") is None]
    return {"territoire": cible.ref(), "annee": annee, "indicateurs": [_row(r) for r in rows]}


def region_of(con, cible: Cible) -> dict[str, str] | None:
    """The région a territory is compared with (the one holding most of its population), None for France."""
    if cible.is_perimetre:
        row = con.execute(
            "select arg_max(code_region, population) from commune where code_commune in (select unnest(?::varchar[]))",
            [list(cible.communes)],
        ).fetchone()
    else:
        t = cible.territoire
        row = con.execute(
            "select code_region from territoire_region where type = ? and code = ? and phase is not distinct from ?",
            [t.type, t.code, t.phase],
        ).fetchone()
    if row is None or row[0] is None:
        return None
    nom = con.execute("select nom_region from region where code_region = ?", [row[0]]).fetchone()
    return {"code": row[0], "nom": nom[0] if nom else row[0]}


def comparer(con, cibles: list[Cible], *, annee: int | None = None, ids: list[str] | None = None) -> dict[str, Any]:
    """Side by side: per indicator, each territory's value, then its région's and France's."""
    if len(cibles) < 2:
        raise errors.ValidationFailed("Comparer demande au moins deux territoires, ex. : vigie comparer 200069037 62.")
    annee, ids = check_annee(annee), check_ids(ids)
    by_id: dict[str, dict[str, Any]] = {}
    for cible in cibles:
        for r in values_of(con, cible, annee=annee, ids=ids):
            if r.get("dimension") is not None:
                continue
            entry = by_id.setdefault(r["id"], {"id": r["id"], "libelle": r.get("libelle"), "unite": r.get("unite"),
                                               "valeur_france": r.get("valeur_france"), "valeurs": []})
            if entry["valeur_france"] is None:
                entry["valeur_france"] = r.get("valeur_france")
            entry["valeurs"].append({"code": cible.territoire.code, "type": cible.territoire.type,
                                     "valeur": r.get("valeur"), "periode": r.get("periode"), "niveau": r.get("niveau"),
                                     "methode": r.get("methode"), "note": r.get("note"),
                                     "valeur_region": r.get("valeur_region")})
    territoires = [{**c.ref(), "region": region_of(con, c)} for c in cibles]
    # the régions' and France's own values, with their level of computation (an estimate says so)
    references = {t["region"]["code"]: Territoire("region", t["region"]["code"], t["region"]["nom"])
                  for t in territoires if t["region"]}
    references["fr"] = Territoire("france", "fr", "France")
    for code, ref in references.items():
        for r in values_of(con, Cible(territoire=ref), annee=annee, ids=ids):
            entry = by_id.get(r["id"])
            if entry is None or r.get("dimension") is not None:
                continue
            value = {"code": code, "nom": ref.nom, "valeur": r.get("valeur"), "periode": r.get("periode"),
                     "niveau": r.get("niveau"), "methode": r.get("methode")}
            if ref.type == "france":
                entry["france"] = value
            else:
                entry.setdefault("regions", []).append(value)
    for entry in by_id.values():
        entry.setdefault("regions", [])
        entry.setdefault("france", None)
    return {"territoires": territoires, "annee": annee, "indicateurs": list(by_id.values())}


def comparer_long(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per (indicator, territory): the CSV shape of a comparison."""
    names = {t["code"]: t["nom"] for t in answer["territoires"]}
    regions = {t["code"]: (t.get("region") or {}).get("code") for t in answer["territoires"]}
    out = []
    for ind in answer["indicateurs"]:
        for v in ind["valeurs"]:
            out.append({"indicateur": ind["id"], "libelle": ind["libelle"], "unite": ind["unite"],
                        "type": v["type"], "code": v["code"], "nom": names.get(v["code"]), "periode": v["periode"],
                        "valeur": v["valeur"], "niveau": v["niveau"], "code_region": regions.get(v["code"]),
                        "valeur_region": v["valeur_region"],
                        "valeur_france": ind["valeur_france"]})
    return out


def check_type(type_: str) -> str:
    key = (type_ or "").strip().lower()
    if key not in RANKABLE:
        raise errors.ValidationFailed(
            f"--type « {type_} » inconnu : epci, ze, ti, departement, region ou circonscription."
        )
    return RANKABLE[key]


def check_region(con, region: str | None) -> str | None:
    if region is None:
        return None
    code = region.strip().lower().removeprefix("reg-").zfill(2)
    found = con.execute("select nom_region from region where code_region = ?", [code]).fetchone()
    if found is None:
        known = ", ".join(f"{c} {n}" for c, n in con.execute("select code_region, nom_region from region order by 1").fetchall())
        raise errors.ValidationFailed(f"--region « {region} » inconnue : régions {known}.")
    return code


def classement(con, type_: str, indicateur: str, *, annee: int | None = None, region: str | None = None,
               phase: int | None = None, limit: int | None = None, ascending: bool = False) -> dict[str, Any]:
    """A ranking of one kind on one indicator (best first unless ``ascending``)."""
    from vigie_industrie.indicators import registry, service

    kind = check_type(type_)
    if phase is not None and phase not in (1, 2):
        raise errors.ValidationFailed(f"--phase {phase} inconnue : 1 (2018-2022) ou 2 (2023-2027).")
    if phase is not None and kind != "territoire_industrie":
        raise errors.ValidationFailed("--phase ne s'applique qu'aux Territoires d'industrie (--type ti).")
    if kind == "territoire_industrie" and phase is None:
        phase = 2  # ids differ between phases: one phase at a time, the current one by default
    if limit is not None and not 1 <= limit <= 100_000:
        raise errors.ValidationFailed(f"--limit {limit} : un nombre entre 1 et 100000.")
    ind = registry.get(indicateur.strip())
    code_region = check_region(con, region)
    rows = service.ranking(con, kind, ind.id, annee=check_annee(annee), region=code_region, phase=phase,
                           limit=limit, ascending=ascending)
    return {"type": kind, "indicateur": {"id": ind.id, "libelle": ind.libelle, "unite": ind.unite},
            "annee": annee, "region": code_region, "phase": phase,
            "classement": [{k: r.get(k) for k in ("rang", "type", "code", "phase", "nom", "valeur", "periode", "niveau")}
                           for r in rows]}
