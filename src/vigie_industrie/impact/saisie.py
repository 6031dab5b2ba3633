"""What the user gives: sites (commune or EPCI, NAF sub-class, jobs lost), a date, a scenario file.

Every check happens before any figure is computed, and each failure is one French sentence naming
the faulty value (and, for a scenario file, its line): a code of the wrong shape or unknown to the
warehouse, jobs ≤ 0, an unreadable date. The check against what the sector holds in the territory
needs the figures, so it lives in ``service``.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.programme.codes import check_siren
from vigie_industrie.territories import codes

MAX_SITES = 200
MAX_EMPLOIS = 1_000_000  # more than the largest French industrial site by far: a typing error
COLONNES = ("commune", "epci", "naf", "emplois", "libelle")


@dataclass(frozen=True)
class SiteSaisi:
    """One site as typed by the user (codes normalised, not yet checked against the warehouse)."""

    naf: str
    emplois: int
    commune: str | None = None
    epci: str | None = None
    libelle: str | None = None
    ligne: int | None = None  # scenario file line, for messages

    def where(self) -> str:
        return f" (ligne {self.ligne} du scénario)" if self.ligne else ""


@dataclass(frozen=True)
class SiteVerifie:
    """A site whose codes exist: the commune (current code) or the EPCI, and the NAF sub-class."""

    saisi: SiteSaisi
    code_ape: str  # 2211Z
    naf5: str  # 22.11Z
    libelle_ape: str
    a38: str
    libelle_a38: str
    is_industrie: bool
    commune: str | None
    nom_commune: str | None
    epci: str | None
    nom_epci: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)


def site(*, naf: str, emplois, commune: str | None = None, epci: str | None = None,
         libelle: str | None = None, ligne: int | None = None) -> SiteSaisi:
    """Shape checks of one site (no warehouse): exactly one of commune / EPCI, NAF form, jobs > 0."""
    where = f" (ligne {ligne} du scénario)" if ligne else ""
    commune = (commune or "").strip().upper() or None
    epci = (epci or "").strip() or None
    if (commune is None) == (epci is None):
        raise errors.ValidationFailed(f"Donnez soit une commune (--commune), soit un EPCI (--epci), pas les deux ni aucun{where}.")
    if commune is not None and not codes.is_commune_code(commune):
        raise errors.InvalidCode(f"Code commune « {commune} » invalide{where} : 5 caractères attendus (ex. 62119, 2A004).")
    if epci is not None:
        try:
            epci = check_siren(codes.normalise_siren(epci), "SIREN d'EPCI")
        except ValueError as exc:
            raise errors.InvalidCode(f"{str(exc)[0].upper()}{str(exc)[1:]}{where}.") from None
    naf_code = codes.normalise_naf(naf or "")
    if not codes.NAF_SOUS_CLASSE.match(naf_code):
        raise errors.InvalidCode(f"Code NAF « {naf} » invalide{where} : une sous-classe NAF rév. 2 est attendue (ex. 22.11Z).")
    try:
        n = int(str(emplois).strip()) if not isinstance(emplois, int) else emplois
    except ValueError:
        raise errors.ValidationFailed(f"Nombre d'emplois « {emplois} » invalide{where} : un entier positif est attendu.") from None
    if n <= 0:
        raise errors.ValidationFailed(f"Nombre d'emplois {n} invalide{where} : il faut au moins 1 emploi perdu.")
    if n > MAX_EMPLOIS:
        raise errors.ValidationFailed(f"Nombre d'emplois {n} invalide{where} : au plus {MAX_EMPLOIS:_} par site.".replace("_", " "))
    return SiteSaisi(naf=naf_code, emplois=n, commune=commune, epci=epci, libelle=(libelle or "").strip() or None, ligne=ligne)


def date_fermeture(text: str | None) -> date | None:
    """``AAAA-MM-JJ`` (or ``AAAA-MM``, ``AAAA``) → a date; None when not given."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    for fmt_len, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(raw) == fmt_len:
            try:
                return date.fromisoformat(raw + suffix)
            except ValueError:
                break
    raise errors.ValidationFailed(f"Date « {raw} » invalide : forme attendue AAAA-MM-JJ (ex. 2021-04-30), AAAA-MM ou AAAA.")


def scenario(path: Path) -> list[SiteSaisi]:
    """Sites of a CSV scenario (``,`` or ``;``): columns commune or epci, naf, emplois, [libelle]."""
    raw = Path(path).read_bytes()  # OSError → the CLI's « fichier inaccessible » line
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.ValidationFailed(f"Scénario {path} illisible : le fichier n'est pas en UTF-8 (octet {exc.start}).") from None
    return scenario_text(text, str(path))


def scenario_text(text: str, origin: str = "scénario") -> list[SiteSaisi]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise errors.ValidationFailed(f"Scénario {origin} vide : une ligne d'en-tête (commune ou epci, naf, emplois) puis un site par ligne.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in COLONNES]
    if unknown or "naf" not in header or "emplois" not in header or not ({"commune", "epci"} & set(header)):
        raise errors.ValidationFailed(
            f"Scénario {origin} : en-tête « {delimiter.join(reader.fieldnames or [])} » invalide ; colonnes attendues "
            "commune ou epci, naf, emplois, et libelle (facultative)."
            + (f" Colonne(s) inconnue(s) : {', '.join(unknown)}." if unknown else "")
        )
    reader.fieldnames = header
    out = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise errors.ValidationFailed(f"Scénario {origin}, ligne {number} : {len(header)} colonnes attendues, nombre différent trouvé.")
        out.append(site(naf=row["naf"], emplois=row["emplois"], commune=row.get("commune"), epci=row.get("epci"),
                        libelle=row.get("libelle"), ligne=number))
        if len(out) > MAX_SITES:
            raise errors.ValidationFailed(f"Scénario {origin} : au plus {MAX_SITES} sites.")
    if not out:
        raise errors.ValidationFailed(f"Scénario {origin} : aucun site après l'en-tête.")
    return out


def verifier(con: duckdb.DuckDBPyConnection, sites: list[SiteSaisi]) -> list[SiteVerifie]:
    """Check every code against the warehouse (NAF mart, COG 2026 communes and their history, EPCI)."""
    naf_rows = {r[0]: r for r in con.execute(
        "select code_ape, naf5, libelle_ape, a38, libelle_a38, is_industrie from naf where list_contains(?, code_ape)",
        [sorted({s.naf for s in sites})]).fetchall()}
    communes = sorted({s.commune for s in sites if s.commune})
    current = {r[0]: r for r in con.execute(
        "select code_commune, nom_commune from commune where list_contains(?, code_commune)", [communes]).fetchall()}
    history = {r[0]: r for r in con.execute(
        "select h.code_commune_ancien, h.code_commune, c.nom_commune from commune_historique h "
        "join commune c using (code_commune) where list_contains(?, h.code_commune_ancien)", [communes]).fetchall()}
    epcis = {r[0]: r for r in con.execute(
        "select siren_epci, nom_epci from epci where list_contains(?, siren_epci)",
        [sorted({s.epci for s in sites if s.epci})]).fetchall()}
    out = []
    for s in sites:
        naf = naf_rows.get(s.naf)
        if naf is None:
            known = [r[0] for r in con.execute("select code_ape from naf").fetchall()]
            close = difflib.get_close_matches(s.naf, known, n=3, cutoff=0.6)
            hint = f" Codes proches : {', '.join(close)}." if close else ""
            raise errors.InvalidCode(f"Code NAF « {s.naf} » inconnu de la nomenclature NAF rév. 2 (732 sous-classes){s.where()}.{hint}")
        notes: list[str] = []
        commune = nom_commune = epci = nom_epci = None
        if s.commune:
            if s.commune in current:
                commune, nom_commune = current[s.commune]
            elif s.commune in history:
                _, commune, nom_commune = history[s.commune]
                notes.append(f"Ancien code commune {s.commune} ramené à la commune actuelle {commune} ({nom_commune}).")
            else:
                raise errors.InvalidCode(f"Commune « {s.commune} » inconnue du COG 2026 (ni code actuel ni ancien code){s.where()}.")
        else:
            if s.epci not in epcis:
                raise errors.InvalidCode(f"EPCI « {s.epci} » inconnu : aucun EPCI à fiscalité propre de ce SIREN au 1er janvier 2026{s.where()}.")
            epci, nom_epci = epcis[s.epci]
        out.append(SiteVerifie(s, naf[0], naf[1], naf[2], naf[3], naf[4], bool(naf[5]), commune, nom_commune,
                               epci, nom_epci, tuple(notes)))
    return out
