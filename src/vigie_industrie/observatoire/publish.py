"""`vigie publier DIR`: the crosswalk and indicator marts as an open-data package.

Each table is written twice, Parquet (typed, for engines) and gzipped CSV (for everybody), with
a Frictionless ``datapackage.json`` describing both: field types read from the
warehouse, field meanings, the indicator registry as a table (units, definitions), and
the sources and licences from ``source_provenance``. Values are written as they are in
the warehouse (no CSV-injection prefix: this is data for engines, not a spreadsheet).

Atomic: everything is written to a temporary directory beside ``DIR`` and renamed into
place at the end, so a failed run leaves nothing half-written; an existing non-empty
``DIR`` is refused rather than overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vigie_industrie import __version__, errors
from vigie_industrie.warehouse.connection import sql_literal

# Published tables: (name, order by, sources when the table has no `source` column).
TABLES = (
    ("territoire_commune", "type, code, phase, code_commune", ("etalab-decoupage-administratif", "anct-territoires-industrie",
                                                               "insee-zones-emploi-chomage", "insee-circonscriptions-legislatives")),
    ("indicateur_valeur", "indicateur, type, code, phase, dimension, periode", ()),
    ("indicateur_comparaison", "indicateur, type, code, phase, dimension, periode", ()),
    ("territoire_pair", "type, code, phase, rang", ("insee-populations-legales-communes",)),
)
REQUIRED = ("territoire_commune", "indicateur_valeur")
# Tables computed from another published table cite that table's sources.
DERIVED = {"indicateur_comparaison": "indicateur_valeur"}
REGISTRY_TABLE = "indicateur"  # published name; the temp table is _publier_indicateur
_REGISTRY_TEMP = "_publier_indicateur"

DESCRIPTIONS = {
    "type": "Type de territoire : commune, epci, ept, territoire_industrie, zone_emploi, departement, region, circonscription, france.",
    "code": "Code du territoire : code INSEE de commune, SIREN d'EPCI/EPT, ti-RRNN, code de zone d'emploi, de département, de région, circo-DD-NN, fr.",
    "phase": "Phase du Territoire d'industrie (1 : 2018-2022, 2 : 2023-2027) ; vide pour les autres types.",
    "code_commune": "Code INSEE de la commune (COG courant).",
    "entier": "Vrai si la commune appartient entièrement au territoire (faux : commune partagée, circonscriptions).",
    "poids": "Part de la commune attribuée au territoire (1 si entière ; vide si inconnue).",
    "indicateur": "Identifiant de l'indicateur (table indicateur).",
    "dimension": "Sous-catégorie de la valeur (ex. secteur A38) ; vide pour la valeur principale.",
    "periode": "Période de la valeur : année (2022), trimestre (2023-T3) ou intervalle (2019-2024).",
    "annee": "Année de fin de la période.",
    "valeur": "Valeur de l'indicateur, dans l'unité de la colonne unite ; vide si non disponible (raison dans note).",
    "unite": "Unité de la valeur.",
    "source": "Identifiant de la source au catalogue (voir sources du paquet).",
    "niveau": "Niveau de calcul : exact, union de zones, estimation, calcul réutilisateur.",
    "methode": "Méthode d'estimation ou de calcul.",
    "couverture": "Part de la population du territoire couverte par des données (0 à 1).",
    "nb_communes_sans_donnee": "Nombre de communes du territoire sans donnée.",
    "note": "Raison d'une valeur absente, ou réserve.",
    "rang_france": "Rang du territoire parmi ceux du même type en France (1 = valeur la plus haute).",
    "nb_france": "Nombre de territoires classés en France.",
    "rang_region": "Rang parmi les territoires du même type de la région.",
    "nb_region": "Nombre de territoires classés dans la région.",
    "code_region": "Code INSEE de la région du territoire.",
    "valeur_region": "Valeur de la région.",
    "valeur_france": "Valeur de la France.",
    "rang": "Rang du pair (1 = le plus proche en population).",
    "code_pair": "Code du territoire pair.",
    "phase_pair": "Phase du pair (Territoires d'industrie).",
    "population": "Population municipale du territoire.",
    "population_pair": "Population municipale du pair.",
}
_TYPES = {"VARCHAR": "string", "BOOLEAN": "boolean", "DATE": "date", "DOUBLE": "number", "FLOAT": "number",
          "REAL": "number", "TIMESTAMP": "datetime", "TIMESTAMP WITH TIME ZONE": "datetime"}
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


def field_type(duckdb_type: str) -> str:
    """Frictionless type of a DuckDB column type.

    >>> field_type("BIGINT"), field_type("DECIMAL(18,3)"), field_type("VARCHAR")
    ('integer', 'number', 'string')
    """
    t = duckdb_type.upper()
    if t in _INTEGERS:
        return "integer"
    if t.startswith("DECIMAL"):
        return "number"
    return _TYPES.get(t, "string")


def licence_entry(title: str | None, url: str | None) -> dict[str, str]:
    """A Frictionless licence from the catalogue's licence (the URL decides, then the title's start).

    >>> licence_entry("Licence Ouverte / Open Licence 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")["name"]
    'etalab-2.0'
    >>> licence_entry("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")["name"]
    'ODbL-1.0'
    """
    link, text = (url or "").lower(), (title or "").lower()
    if "etalab" in link or "licence-ouverte" in link:
        name = "etalab-2.0"
    elif "odbl" in link or "opendatacommons" in link:
        name = "ODbL-1.0"
    elif text.startswith("licence ouverte"):
        name = "etalab-2.0"
    elif text.startswith(("odbl", "open database")):
        name = "ODbL-1.0"
    else:
        name = "other-at"
    out = {"name": name, "title": title or name}
    if url:
        out["path"] = url
    return out


def check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise errors.ValidationFailed(
            f"{target} existe déjà et n'est pas un dossier vide : indiquez un nouveau dossier (rien n'a été écrit)."
        )


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def _schema(con, table: str) -> dict[str, Any]:
    cols = con.execute(f"describe {table}").fetchall()
    return {"fields": [{"name": c[0], "type": field_type(c[1]), "description": DESCRIPTIONS.get(c[0], "")} for c in cols]}


def _sources(con, ids: list[str]) -> list[dict[str, Any]]:
    rows = con.execute(
        """
        select source_id, any_value(titre), any_value(editeur), any_value(millesime), any_value(licence),
               any_value(licence_url), any_value(attribution), any_value(url)
        from source_provenance where source_id in (select unnest(?::varchar[])) group by source_id order by source_id
        """, [ids],
    ).fetchall()
    return [{"title": t or sid, "path": url or "", "id": sid, "editeur": ed, "millesime": mil, "licence": lic,
             "licence_url": lurl, "attribution": attr}
            for sid, t, ed, mil, lic, lurl, attr, url in rows]


def _source_ref(source: dict[str, Any]) -> dict[str, str]:
    ref = {"title": f"{source['title']} — {source['editeur']} ({source['millesime']})" if source["editeur"] else source["title"]}
    if source["path"]:
        ref["path"] = source["path"]
    return ref


def _write_registry(con, tmp: Path) -> dict[str, Any]:
    import pandas as pd

    from vigie_industrie.observatoire.answers import registre

    frame = pd.DataFrame(registre())
    con.register("_registry", frame)
    try:
        con.execute(f"create or replace temp table {_REGISTRY_TEMP} as select * from _registry order by id")
    finally:
        con.unregister("_registry")
    return {"name": REGISTRY_TABLE, "order": "id", "source_ids": sorted(set(frame["source"].dropna()))
            if "source" in frame else []}


def _copy(con, table: str, order: str, path: Path, fmt: str) -> None:
    options = ("(format parquet, compression zstd)" if fmt == "parquet"
               else "(format csv, header true, delimiter ',', compression gzip)")
    con.execute(f"copy (select * from {table} order by {order}) to {sql_literal(str(path))} {options}")


def publish(con, target: Path) -> dict[str, Any]:
    """Write the package to ``target``; returns the descriptor (also written as datapackage.json)."""
    target = Path(target)
    check_target(target)
    present = _tables(con)
    missing = [t for t in REQUIRED if t not in present]
    if missing or "source_provenance" not in present:
        raise errors.WarehouseMissing(
            f"L'entrepôt n'a pas les tables {', '.join(missing or ['source_provenance'])} : reconstruisez-le avec `vigie build`."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        descriptor = _write_all(con, tmp, present)
        (tmp / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
        os.chmod(tmp, 0o755)
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return descriptor


def _write_all(con, tmp: Path, present: set[str]) -> dict[str, Any]:
    registry = _write_registry(con, tmp)
    specs = [(name, name, order, list(srcs)) for name, order, srcs in TABLES if name in present]
    specs.append((REGISTRY_TABLE, _REGISTRY_TEMP, registry["order"], registry["source_ids"]))
    resources, all_sources = [], set()
    for name, table, order, source_ids in specs:
        columns = [c[0] for c in con.execute(f"describe {table}").fetchall()]
        source_table = DERIVED.get(name, table)
        if name != REGISTRY_TABLE and (name in DERIVED or "source" in columns):
            source_ids = [r[0] for r in con.execute(
                f"select distinct source from {source_table} where source is not null order by 1").fetchall()]
        sources = _sources(con, source_ids)
        all_sources.update(s["id"] for s in sources)
        schema = _schema(con, table)
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
        licences = list({lic["name"]: lic for lic in (licence_entry(s["licence"], s["licence_url"]) for s in sources)}.values())
        for fmt, media, suffix in (("csv", "text/csv", "csv.gz"), ("parquet", "application/vnd.apache.parquet", "parquet")):
            path = f"{name}.{suffix}"
            _copy(con, table, order, tmp / path, fmt)
            resource = {
                "name": name if fmt == "csv" else f"{name}-parquet", "path": path, "format": fmt, "mediatype": media,
                "profile": "tabular-data-resource", "title": name, "schema": schema,
                "sources": [_source_ref(s) for s in sources], "rows": rows,
            }
            if licences:
                resource["licenses"] = licences
            if fmt == "csv":
                resource.update(encoding="utf-8", compression="gz", dialect={"delimiter": ",", "header": True})
            resources.append(resource)
    sources = _sources(con, sorted(all_sources))
    return {
        "profile": "tabular-data-package",
        "name": "vigie-industrie-observatoire",
        "title": "Vigie Industrie : territoires, communes et indicateurs industriels",
        "description": "Table de passage territoire → communes et indicateurs de tous les territoires (communes, EPCI, "
                       "Territoires d'industrie, zones d'emploi, départements, régions, circonscriptions, France), "
                       "calculés par Vigie Industrie à partir des données ouvertes citées dans sources.",
        "version": __version__,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "licenses": list({lic["name"]: lic for lic in (licence_entry(s["licence"], s["licence_url"]) for s in sources)}.values()),
        "sources": [_source_ref(s) for s in sources],
        "x_vigie_sources": sources,
        "resources": resources,
    }
