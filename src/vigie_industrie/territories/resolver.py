"""Turn what a user types into one territory: a code of any kind, or a name.

Codes first (each kind says whether the query has its shape), then names through the
``territoire`` index (accent- and case-insensitive). Several matches raise
``AmbiguousTerritory`` with the candidates; none raises ``UnknownTerritory`` saying
what exists.
"""

from __future__ import annotations

import duckdb

from vigie_industrie import errors
from vigie_industrie.territories import codes, kinds
from vigie_industrie.territories.kinds import commune as commune_kind
from vigie_industrie.territories.kinds import territoire_industrie as ti_kind
from vigie_industrie.territories.model import Territoire

MAX_CANDIDATES = 12
# When a name matches several kinds, larger units are usually meant first.
TYPE_ORDER = {
    "region": 0, "departement": 1, "territoire_industrie": 2, "zone_emploi": 3,
    "epci": 4, "ept": 5, "circonscription": 6, "commune": 7,
}


def _describe(t: Territoire) -> str:
    label = kinds.kind(t.type).LABEL if t.type in {m.TYPE for m in kinds.all_kinds()} else t.type
    phase = f", phase {t.phase}" if t.phase else ""
    return f"{t.nom} ({label} {t.code}{phase})"


def _ambiguous(query: str, found: list[Territoire], hint: str) -> errors.AmbiguousTerritory:
    shown = found[:MAX_CANDIDATES]
    more = f" et {len(found) - len(shown)} autre(s)" if len(found) > len(shown) else ""
    listing = " ; ".join(_describe(t) for t in shown)
    return errors.AmbiguousTerritory(
        f"« {query} » désigne plusieurs territoires : {listing}{more}. {hint}",
        candidates=[t.ref() for t in shown],
    )


def _by_code(con, query: str, phase: int | None, type_: str | None) -> list[Territoire] | None:
    """Territories whose code matches; None when no kind recognises the query as a code."""
    recognised = False
    found: list[Territoire] = []
    unknown_messages: list[str] = []
    for module in kinds.all_kinds():
        if type_ and module.TYPE != type_:
            continue
        code = module.recognise(query)
        if code is None:
            continue
        recognised = True
        if module is ti_kind and phase is None:
            hits = ti_kind.candidates(con, code)
            if len(hits) > 1:
                raise _ambiguous(query, hits, "Précisez la phase : 1 (2018-2022) ou 2 (2023-2027).")
            found += hits
            if not hits:
                unknown_messages.append(module.unknown(code))
            continue
        hit = module.get(con, code, phase)
        if hit is not None:
            found.append(hit)
        else:
            unknown_messages.append(module.unknown(code))
    if not recognised:
        return None
    if codes.SIREN.match(query.strip()) and type_ in (None, "commune"):
        hit = commune_kind.get_by_siren(con, query.strip())
        if hit:
            found.append(hit)
    if not found:
        if codes.SIREN.match(query.strip()) and not codes.is_valid_siren(query.strip()):
            raise errors.InvalidCode(
                f"SIREN {query.strip()} invalide (la clé de contrôle ne correspond pas) : vérifiez les 9 chiffres."
            )
        raise errors.UnknownTerritory(unknown_messages[0])
    return found


def _by_name(con, query: str, phase: int | None, type_: str | None) -> list[Territoire]:
    norm = codes.normalise_name(query)
    if not norm:
        return []
    filters = "and (? is null or type = ?) and (phase is null or ? is null or phase = ?)"
    params = [type_, type_, phase, phase]
    exact = con.execute(
        f"select type, code, nom, phase from territoire where nom_normalise = ? {filters}", [norm, *params]
    ).fetchall()
    rows = exact or con.execute(
        f"""
        select type, code, nom, phase from territoire
        where (nom_normalise like ? or nom_normalise like ?) {filters}
        order by population desc nulls last
        limit 200
        """,
        [f"{norm} %", f"% {norm}%", *params],
    ).fetchall()
    found = [Territoire(t, c, n, p) for t, c, n, p in rows]
    for module in kinds.all_kinds():
        search = getattr(module, "search", None)
        if search and (type_ is None or module.TYPE == type_):
            found += [t for t in search(con, norm) if t not in found]
    return sorted(found, key=lambda t: (TYPE_ORDER.get(t.type, 9), t.nom, t.code))


def resolve(con: duckdb.DuckDBPyConnection, query: str, *, phase: int | None = None, type_: str | None = None) -> Territoire:
    """The one territory meant by ``query`` (code or name)."""
    query = (query or "").strip()
    if not query:
        raise errors.UnknownTerritory("Indiquez un code ou un nom de territoire, ex. : vigie territoire 62139.")
    if phase is not None and phase not in (1, 2):
        raise errors.InvalidCode(f"Phase {phase} inconnue : 1 (2018-2022) ou 2 (2023-2027).")
    if type_ is not None:
        kinds.kind(type_)  # an unknown type is an error about the type (422 / exit 2), not « no such territory »
    found = _by_code(con, query, phase, type_)
    if found is None:
        found = _by_name(con, query, phase, type_)
        if not found:
            raise errors.UnknownTerritory(
                f"Aucun territoire ne s'appelle « {query} ». Essayez un code (commune 62139, EPCI 200069037, "
                "Territoire d'industrie ti-3212 en phase 2, zone d'emploi 3215, département 62, région reg-32) "
                "ou une partie du nom."
            )
    if len(found) > 1:
        hint = "Précisez avec un code, le type de territoire ou la phase."
        raise _ambiguous(query, found, hint)
    return found[0]
