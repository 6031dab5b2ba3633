"""The answers shared by `vigie eligibilite` and `/api/v1/eligibilite`: explanation, candidates, validation.

A territory is whatever ``observatoire.cible`` resolves (an EPCI, a stored perimeter ``perim-N``, any
other territory, which is scored on its communes) or several codes joined by commas (an ad-hoc group
of EPCI and communes). EPCI are scored from the warehouse marts; everything else as a perimeter.
"""

from __future__ import annotations

from typing import Any

from vigie_industrie import errors
from vigie_industrie.eligibility import features, labels, score
from vigie_industrie.eligibility.criteres import Grille
from vigie_industrie.observatoire import answers as obs_answers
from vigie_industrie.observatoire import cible as cible_mod
from vigie_industrie.observatoire import membres as membres_mod

LIMIT_DEFAUT = 10
MAX_CODES = 200


def grille_ref(grille: Grille) -> dict[str, Any]:
    return {"id": grille.id, "titre": grille.titre, "version": grille.version, "fichier": grille.fichier,
            "description": grille.description, "seuil_eligible": grille.seuil_eligible,
            "couverture_min": grille.couverture_min}


def resolve(con, query: str, *, lookup=None, phase: int | None = None) -> tuple[dict, score.Cible]:
    """(territory reference, scoring target) of a query: one code or name, or codes joined by commas."""
    query = (query or "").strip()
    if not query:
        raise errors.ValidationFailed("Indiquez un territoire, ex. : vigie eligibilite 200027183 (ou perim-N, ou CODE,CODE).")
    if "," in query:
        codes = [c for c in (p.strip() for p in query.split(",")) if c]
        if len(codes) > MAX_CODES:
            raise errors.ValidationFailed(f"Au plus {MAX_CODES} codes dans un groupe ({len(codes)} donnés).")
        membres = membres_mod.check_members(con, codes)
        communes = membres_mod.communes_of(con, membres)
        code = "+".join(m["code"] for m in membres)
        ref = {"type": "groupe", "code": code, "nom": f"Groupe de {len(membres)} territoire(s) : "
               + ", ".join(m["nom"] for m in membres), "membres": membres, "nb_communes": len(communes)}
        return ref, score.Cible(communes=communes, code=code, type_="groupe")
    target = cible_mod.resolve(con, query, lookup=lookup, phase=phase)
    ref = target.ref()
    t = target.territoire
    if target.is_perimetre:
        return ref, score.Cible(communes=list(target.communes), code=t.code, type_=t.type)
    if t.type == "epci":
        return ref, score.Cible(codes=[t.code])
    communes = [r[0] for r in con.execute(
        "select code_commune from territoire_commune where type = ? and code = ? and phase is not distinct from ? and entier",
        [t.type, t.code, t.phase]).fetchall()]
    ref["nb_communes"] = len(communes)
    return ref, score.Cible(communes=communes, code=t.code, type_=t.type)


def _critere_row(grille: Grille, r: dict) -> dict[str, Any]:
    c = grille.critere(r["critere"])
    src = grille.sources[c.source]
    return {
        # `indicateur`: the feature read, the criterion's own or its fallback (`repli`, said in `note`)
        "id": c.id, "libelle": c.libelle, "indicateur": r["indicateur"], "libelle_indicateur": features.libelle(r["indicateur"]),
        "dimension": None if r["est_repli"] else c.dimension, "valeur": r["valeur"],
        "unite": r["unite"] or features.unite(r["indicateur"]), "repli": r["est_repli"],
        "transformation": c.transformation, "valeur_comparee": r["x"], "periode": r["periode"], "annee": r["annee"],
        "publication": r["disponible"], "niveau": r["niveau"], "methode": r["methode"], "source_donnee": r["source"],
        "note": r["note"], "seuil": c.seuil, "sens": c.sens, "courbe": [list(p) for p in c.courbe], "poids": c.poids,
        "note_critere": r["note_critere"], "contribution": r["contribution"], "verdict": r["verdict"],
        "annee_reference": c.annee_reference, "texte_officiel": c.texte_officiel, "justification": c.justification,
        "source": {"id": src.id, "titre": src.titre, "url": src.url, "date": src.date},
    }


def explication(con, query: str, grille: Grille, *, lookup=None, decision: int | None = None,
                phase: int | None = None) -> dict[str, Any]:
    """Every criterion of ``grille`` for one territory, with its value, threshold, weight, contribution and source."""
    if decision is not None and not 2000 <= decision <= 2100:
        raise errors.ValidationFailed(f"décision {decision} : une année entre 2000 et 2100.")
    if phase is not None and phase not in (1, 2):
        raise errors.ValidationFailed(f"phase {phase} inconnue : 1 (2018-2022) ou 2 (2023-2027).")
    ref, target = resolve(con, query, lookup=lookup, phase=phase)
    rows = score.detail(con, grille, target, decision=decision)
    first = rows[0] if rows else {}
    out: dict[str, Any] = {
        "territoire": ref, "criteres": grille_ref(grille), "decision": decision,
        "score": first.get("score"), "couverture": first.get("couverture"), "verdict": first.get("verdict_global"),
        "detail": [_critere_row(grille, r) for r in rows],
        "non_mesures": [dict(n) for n in grille.non_mesures],
        "labels": None,
    }
    if target.codes:
        lab = labels.of(con, target.codes)
        if lab:
            out["labels"] = {k: lab[0][k] for k in ("labellise_phase1", "labellise_phase2", "part_phase1",
                                                     "part_phase2", "ti_phase1", "ti_phase2")}
    return out


def detail_csv(answer: dict) -> list[dict]:
    t = answer["territoire"]
    return [{"code": t["code"], "nom": t["nom"], "score": answer["score"], "verdict_global": answer["verdict"],
             **{k: d[k] for k in ("id", "indicateur", "valeur", "unite", "periode", "niveau", "seuil", "poids",
                                  "note_critere", "contribution", "verdict")},
             "source": d["source"]["url"]} for d in answer["detail"]]


DETAIL_CSV = ("code", "nom", "score", "verdict_global", "id", "indicateur", "valeur", "unite", "periode", "niveau", "seuil",
              "poids", "note_critere", "contribution", "verdict", "source")



def candidats(con, grille: Grille, *, region: str | None = None, limit: int | None = LIMIT_DEFAUT) -> dict[str, Any]:
    """The EPCI not labelled in phase 2 (and, for history, in phase 1), best score first, ranked per région."""
    if limit is not None and not 1 <= limit <= 100_000:
        raise errors.ValidationFailed(f"limit {limit} : un nombre entre 1 et 100000.")
    code_region = obs_answers.check_region(con, region)
    tot = score.totaux(con, grille)
    lab = labels.of(con)
    by_code = {r["code"]: r for r in lab}
    out: dict[str, Any] = {"criteres": grille_ref(grille), "region": code_region, "limit": limit}
    regions = dict(con.execute("select code_region, nom_region from region").fetchall())
    for phase in (2, 1):
        rows = []
        for r in tot:
            info = by_code.get(r["code"])
            if info is None or info[f"labellise_phase{phase}"]:
                continue
            if code_region is not None and info["code_region"] != code_region:
                continue
            rows.append({"code": r["code"], "nom": info["nom"], "code_region": info["code_region"],
                         "nom_region": regions.get(info["code_region"]), "score": r["score"],
                         "couverture": r["couverture"], "verdict": r["verdict_global"], "nb_remplis": r["nb_remplis"],
                         "nb_non_evaluables": r["nb_non_evaluables"], "labellise_phase1": info["labellise_phase1"],
                         "labellise_phase2": info["labellise_phase2"]})
        # Rank within each région by score (missing scores last), then keep the first `limit` of each.
        rows.sort(key=lambda d: (d["code_region"] or "", d["score"] is None, -(d["score"] or 0), d["code"]))
        ranked, seen = [], {}
        for d in rows:
            n = seen[d["code_region"]] = seen.get(d["code_region"], 0) + 1
            d["rang_region"] = n
            if limit is None or n <= limit:
                ranked.append(d)
        out[f"non_labellises_phase{phase}"] = ranked
    return out


CANDIDATS_CSV = ("liste", "code_region", "nom_region", "rang_region", "code", "nom", "score", "couverture", "verdict",
                 "nb_remplis", "nb_non_evaluables", "labellise_phase1", "labellise_phase2")


def candidats_csv(answer: dict) -> list[dict]:
    return [{"liste": f"non labellisés phase {p}", **d} for p in (2, 1) for d in answer[f"non_labellises_phase{p}"]]
