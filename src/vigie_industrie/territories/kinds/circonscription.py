"""Territory kind « circonscription législative »: recognise, get, search by name or deputy.

The constituency's own fiche blocks are in ``territories.circonscription_fiche``. Reads the marts
``circonscription``, ``circonscription_commune``, ``depute`` and ``departement``.

A constituency is recognised only from an explicit ``circo-DD-NN`` id, a constituency name
(« Pas-de-Calais 8e circonscription ») or a deputy's name: a bare 5-character code is always a
commune (``62008`` is Acquin-Westbécourt).
"""

from __future__ import annotations

import duckdb

from vigie_industrie import errors
from vigie_industrie.territories import circonscriptions as circo
from vigie_industrie.territories.kinds._common import query_row, query_rows
from vigie_industrie.territories.model import Territoire

KIND = "circonscription"
LABEL = "Circonscription législative"

SOURCE_COMPOSITION = "INSEE, Composition communale des circonscriptions législatives (2022), rapportée au COG de l'entrepôt"
SOURCE_RNE = "Ministère de l'Intérieur, Répertoire national des élus (RNE)"
SOURCE_INDICATEURS = "INSEE, Indicateurs statistiques des circonscriptions législatives 2022"
LICENCE_OUVERTE = "Licence Ouverte / Open Licence 2.0"
ODBL = "ODbL 1.0"
CONTOUR_ATTRIBUTION = "Contours : Regards Citoyens / Toxicode, ODbL"
VINTAGE_COMPOSITION = "découpage 2010 (élections 2012-2024), composition INSEE 2022"
VINTAGE_RNE = "extraction RNE 2026-03 (mandats commencés jusqu'au 13/11/2025)"


# --- the kind interface (see territories/kinds/__init__.py) ----------------------------------

TYPE = KIND


def recognise(query: str) -> str | None:
    """The canonical id for anything typed as ``circo-…`` (a malformed one is returned as typed,
    so that :func:`get` explains what exists); ``None`` otherwise. A 5-character code is a commune.

    >>> recognise("CIRCO-62-8"), recognise("62008"), recognise("circo-XX-01")
    ('circo-62-08', None, 'circo-XX-01')
    """
    text = query.strip()
    if not text.lower().startswith("circo") or text.lower().startswith("circonscription"):
        return None
    try:
        return circo.normalize_id(text)
    except errors.InvalidCode:
        return text


def get(con: duckdb.DuckDBPyConnection, code: str, phase: int | None = None) -> Territoire:
    """The constituency, or an error saying what exists (never ``None``: the message needs the
    warehouse)."""
    try:
        ident = circo.normalize_id(code)
    except errors.InvalidCode:
        raise errors.InvalidCode(_unknown_departement_message(con, code)) from None
    row = query_row(con, "select * from circonscription where circonscription_id = ?", [ident])
    if row is None:
        dep, _ = circo.split_id(ident)
        raise errors.UnknownTerritory(_what_exists(con, dep, code.strip()))
    return _territoire(row)


def unknown(code: str) -> str:
    return (
        f"Circonscription {code} inconnue : identifiant circo-DD-NN (département, numéro), par exemple "
        "circo-62-08 ; la liste : GET /api/v1/circonscriptions."
    )


def parents(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[Territoire]:
    out = []
    row = query_row(con, "select code_departement, nom_departement, code_region, nom_region from circonscription "
                    "where circonscription_id = ?", [t.code])
    if row and row["code_departement"] != "ZZ":
        out.append(Territoire("departement", row["code_departement"], row["nom_departement"]))
    if row and row["code_region"]:
        out.append(Territoire("region", row["code_region"], row["nom_region"]))
    return out


def children(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[Territoire]:
    return [
        Territoire("commune", r[0], r[1] + (" (partielle)" if r[2] else ""))
        for r in con.execute(
            "select code_commune, nom_commune, is_partiel from circonscription_commune "
            "where circonscription_id = ? order by code_commune",
            [t.code],
        ).fetchall()
    ]


def search(con: duckdb.DuckDBPyConnection, normalised_query: str) -> list[Territoire]:
    """Constituencies by name (« Pas-de-Calais 8e circonscription », « 8e circonscription du
    Pas-de-Calais »…) or by the name of their deputy in office."""
    return [_territoire(r) for r in _search_rows(con, normalised_query)]


def _search_rows(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50) -> list[dict]:
    departements = dict(
        con.execute("select distinct code_departement, nom_departement from circonscription").fetchall()
    )
    parsed = circo.parse_name(text, departements)
    if parsed is not None:
        dep, numero = parsed
        ident = circo.make_id(dep, numero)
        row = query_row(con, "select * from circonscription where circonscription_id = ?", [ident])
        if row is None:
            raise errors.UnknownTerritory(_what_exists(con, dep, text.strip()))
        return [row]
    folded = circo.fold(text)
    if "circonscription" in folded.split():
        # a constituency name whose département or number was not understood
        raise errors.UnknownTerritory(
            f"Aucune circonscription ne correspond à « {text.strip()} ». Écrivez le département et le numéro : "
            "« Pas-de-Calais 8e circonscription », « 8e circonscription du Pas-de-Calais », ou l'identifiant "
            "circo-62-08 ; la liste des 577 : GET /api/v1/circonscriptions."
        )
    if len(folded) < 3:
        return []
    return query_rows(
        con,
        """
        with deputes as (
            select
                *,
                regexp_replace(lower(strip_accents(nom)), '[^a-z0-9]+', ' ', 'g') as nom_n,
                regexp_replace(lower(strip_accents(prenom)), '[^a-z0-9]+', ' ', 'g') as prenom_n,
            from depute
            where is_en_cours
        )
        select c.*, d.nom_affiche, d.date_debut_mandat
        from deputes as d
        inner join circonscription as c on c.circonscription_id = d.circonscription_id
        where d.nom_n = $q
            or d.prenom_n || ' ' || d.nom_n = $q
            or d.nom_n || ' ' || d.prenom_n = $q
            or d.nom_n like $q || ' %'
            or d.nom_n like '% ' || $q
        order by c.circonscription_id
        limit $limit
        """,
        {"q": folded, "limit": limit},
    )


def _territoire(row: dict) -> Territoire:
    notes = ()
    if row.get("nom_affiche"):
        notes = (f"Député(e) : {row['nom_affiche']}, depuis le {row['date_debut_mandat']:%d/%m/%Y}.",)
    if row.get("nb_communes_partielles"):
        notes += (
            f"{row['nb_communes_partielles']} commune(s) partagée(s) avec d'autres circonscriptions : exclue(s) "
            "des sommes par commune (population, emploi), détaillée(s) dans le bloc « circonscription ».",
        )
    return Territoire(TYPE, row["circonscription_id"], row["libelle"], notes=notes)


def resolve(con: duckdb.DuckDBPyConnection, text: str) -> Territoire:
    """Exactly one constituency (id, name or deputy), or an actionable error."""
    code = recognise(text)
    if code is not None:
        return get(con, code)
    rows = _search_rows(con, text)
    if len(rows) == 1:
        return _territoire(rows[0])
    if rows:
        listed = " ; ".join(
            f"{r['circonscription_id']} ({r['libelle']}, {r.get('nom_affiche') or 'siège vacant'})" for r in rows[:8]
        )
        raise errors.AmbiguousTerritory(
            f"« {text.strip()} » désigne {len(rows)} circonscriptions : {listed}. Précisez l'identifiant.",
            [_territoire(r).ref() for r in rows],
        )
    raise errors.UnknownTerritory(
        f"Aucune circonscription ni député ne correspond à « {text.strip()} ». Écrivez par exemple "
        "« Pas-de-Calais 8e circonscription », « 8e circonscription du Pas-de-Calais », circo-62-08 "
        "ou le nom du député ; la liste : GET /api/v1/circonscriptions."
    )


def _what_exists(con: duckdb.DuckDBPyConnection, dep: str, typed: str) -> str:
    ids = [r[0] for r in con.execute(
        "select circonscription_id from circonscription where code_departement = ? order by 1", [dep]
    ).fetchall()]
    if not ids:
        return _unknown_departement_message(con, typed)
    nom = con.execute(
        "select any_value(nom_departement) from circonscription where code_departement = ?", [dep]
    ).fetchone()[0]
    return f"Circonscription « {typed} » inconnue. {circo.count_sentence(nom, _type_liaison(con, dep), ids)}"


def _unknown_departement_message(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    total = con.execute("select count(*) from circonscription").fetchone()[0]
    return (
        f"Circonscription « {typed.strip()} » inconnue : les {total} circonscriptions ont pour identifiant "
        "circo-DD-NN, DD étant le département (01 à 95, 2A, 2B, 971 à 976, 975, 978, 986 à 988, ZZ pour "
        "les Français établis hors de France), par exemple circo-62-08."
    )


def _type_liaison(con: duckdb.DuckDBPyConnection, dep: str) -> int | None:
    """The COG's TNCC of a département (for its article), when the `departement` mart has it."""
    columns = {r[0] for r in con.execute("describe departement").fetchall()}
    for column in ("type_liaison", "tncc"):
        if column in columns:
            row = con.execute(f"select {column} from departement where code_departement = ?", [dep]).fetchone()
            return None if row is None or row[0] is None else int(row[0])
    return None


# --- helpers -------------------------------------------------------------------------------


def iso(value) -> str | None:
    return None if value is None else value.isoformat()


def to_int(value) -> int | None:
    return None if value is None else int(round(value))
