"""Search suggestions: what a search box proposes while a name or a code is typed.

Why it is not ``resolver.resolve``: the resolver answers *one* territory or says the query is
ambiguous; a search box needs a short ordered list while the user is still typing (« Béth » →
Béthune the commune, CA de Béthune-Bruay…, the zone d'emploi). It reads the same name index
(``territoire.nom_normalise``: lower-case, accents and punctuation folded by
``codes.normalise_name``), the kinds' own ``search`` (constituencies by their deputy's name),
the resolver for anything shaped like a code, and the custom perimeters the caller can see.

Order: exact name first, then names starting with the query, then names with a word starting
with it; within each, larger kinds first (région, département, TI, zone d'emploi, EPCI…), then
population. One SQL query over the name index; the store is read only for perimeters.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from vigie_industrie import errors
from vigie_industrie.territories import codes, kinds, resolver
from vigie_industrie.territories.model import Territoire

MAX_QUERY = 100
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
FRANCE = Territoire("france", "fr", "France")
# Codes that two kinds share (« 32 » is the Hauts-de-France région and the Gers département):
# suggestions carry the prefixed form the resolver reads unambiguously.
PREFIXES = {"region": "reg-", "departement": "dep-"}


def check_query(q: str | None) -> str:
    """The normalised query, or one French line saying what to type."""
    text = (q or "").strip()
    if len(text) > MAX_QUERY:
        raise errors.ValidationFailed(f"q : {len(text)} caractères, au plus {MAX_QUERY} (un nom ou un code de territoire).")
    if not codes.normalise_name(text):
        raise errors.ValidationFailed("q : tapez au moins une lettre ou un chiffre d'un nom ou d'un code de territoire "
                                      "(ex. Béthune, 62119, ti-3212).")
    return text


def label(t: Territoire) -> str:
    """The kind in French, with the TI phase: « EPCI », « Territoire d'industrie, phase 2 »."""
    known = {m.TYPE: m.LABEL for m in kinds.all_kinds()}
    base = known.get(t.type, "Périmètre personnalisé" if t.type == "perimetre" else t.type)
    return f"{base}, phase {t.phase}" if t.phase else base


def unambiguous(type_: str, code: str) -> str:
    """The code as the resolver reads it without doubt: ``reg-32``, ``dep-32``, else the code.

    >>> unambiguous("region", "32"), unambiguous("departement", "2A"), unambiguous("epci", "200072460")
    ('reg-32', 'dep-2A', '200072460')
    """
    prefix = PREFIXES.get(type_, "")
    return code if code.startswith(prefix) else prefix + code


def cle(t: Territoire) -> str:
    """What designates the territory in a list of codes (``/comparer?codes=``): ``ti-3212:2`` for a TI."""
    return unambiguous(t.type, t.code) + (f":{t.phase}" if t.phase else "")


def url(t: Territoire) -> str:
    """The territory page (``?phase=`` for a TI, whose ids differ between phases)."""
    return f"/territoire/{quote(unambiguous(t.type, t.code), safe='')}" + (f"?phase={t.phase}" if t.phase else "")


def item(t: Territoire, precision: str | None = None) -> dict[str, Any]:
    return {"type": t.type, "code": t.code, "nom": t.nom, "phase": t.phase, "libelle": label(t),
            "precision": precision, "cle": cle(t), "url": url(t)}


def _by_name(con, norm: str, limit: int) -> list[dict[str, Any]]:
    order = " ".join(f"when '{k}' then {v}" for k, v in resolver.TYPE_ORDER.items())
    code_prefix = norm.replace(" ", "") if norm.replace(" ", "").isalnum() and any(c.isdigit() for c in norm) else None
    rows = con.execute(
        f"""
        select type, code, nom, phase, precision,
            case when nom_normalise = $q then 0 when starts_with(nom_normalise, $q) then 1
                 when lower(code) = $c then 0 when starts_with(lower(code), $c) then 1 else 2 end as rang
        from territoire
        where nom_normalise = $q or starts_with(nom_normalise, $q) or contains(nom_normalise, ' ' || $q)
            or ($c is not null and starts_with(lower(code), $c))
        order by rang, case type {order} else 9 end, population desc nulls last, nom, code, phase
        limit $n
        """,
        {"q": norm, "c": code_prefix, "n": limit},
    ).fetchall()
    return [item(Territoire(t, c, n, p), precision=prec) for t, c, n, p, prec, _ in rows]


def _by_code(con, text: str) -> list[dict[str, Any]]:
    """A full code of any kind (resolver), with the candidates when it is ambiguous (TI phases)."""
    try:
        return [item(resolver.resolve(con, text))]
    except errors.AmbiguousTerritory as exc:
        return [item(Territoire(c["type"], c["code"], c["nom"], c.get("phase"))) for c in exc.candidates]
    except errors.VigieError:
        return []


def _by_kind_search(con, norm: str) -> list[dict[str, Any]]:
    """The kinds' own searches (a constituency by its deputy's name or « Pas-de-Calais 8e »)."""
    found: list[dict[str, Any]] = []
    for module in kinds.all_kinds():
        search = getattr(module, "search", None)
        if search is None:
            continue
        try:
            found += [item(t) for t in search(con, norm)]
        except errors.VigieError:
            continue  # a half-typed constituency name: the kind says so only once the query is complete
    return found


def _perimetres(store, actor, norm: str, text: str) -> list[dict[str, Any]]:
    """Custom perimeters visible to ``actor`` whose name holds the query (or whose code it is)."""
    from vigie_industrie.programme import models, perimetres

    if store is None:
        return []
    with store.session() as session:
        rows = session.scalars(perimetres.visible_query(actor).order_by(models.Perimetre.id)).all()
        wanted = perimetres.parse_code(text)
        hits = [r for r in rows if r.id == wanted or norm in perimetres.normalise(r.nom)]
        hits.sort(key=lambda r: (r.proprietaire != actor.email, not perimetres.normalise(r.nom).startswith(norm), r.id))
        return [item(Territoire("perimetre", perimetres.code_of(r.id), r.nom),
                     precision="privé" if r.visibilite == "prive" else "public") for r in hits]


def suggestions(con, q: str, *, store=None, actor=None, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """``{"q", "suggestions": [{type, code, nom, phase, libelle, precision, url}…]}``, best first."""
    text = check_query(q)
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.ValidationFailed(f"limit : {limit}, un nombre entre 1 et {MAX_LIMIT}.")
    norm = codes.normalise_name(text)
    found = _by_code(con, text) if _looks_like_code(text) else []
    if FRANCE.nom.lower().startswith(norm):
        found.append(item(FRANCE))
    found += _by_name(con, norm, limit)
    found += _by_kind_search(con, norm)
    if actor is not None:
        found += _perimetres(store, actor, norm, text)
    seen: set[tuple] = set()
    unique = []
    for s in found:
        key = (s["type"], s["code"], s["phase"])
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return {"q": text, "suggestions": unique[:limit]}


def _looks_like_code(text: str) -> bool:
    t = text.strip().lower()
    return any(ch.isdigit() for ch in t) and " " not in t
