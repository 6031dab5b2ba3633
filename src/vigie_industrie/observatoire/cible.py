"""What an indicator query is about: a warehouse territory or a custom perimeter.

``resolve`` answers ``perim-12`` (and a perimeter's name) like any territory code or
name, so every reader (CLI, API) accepts both. The warehouse resolver is tried first for
names; only when it knows no territory of that name are the perimeters searched, and a
miss then proposes the closest territory names *and* the caller's perimeters.

The programme store is opened only when a perimeter is asked for or a name is unknown,
through a ``PerimetreLookup`` (store + acting user), so `vigie indicateurs 62139` never
touches the programme database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vigie_industrie import errors
from vigie_industrie.observatoire import membres as membres_mod
from vigie_industrie.programme import perimetres
from vigie_industrie.programme.authz import Actor
from vigie_industrie.territories import codes as territory_codes
from vigie_industrie.territories import resolver
from vigie_industrie.territories.model import Territoire

PERIMETRE = "perimetre"


class TerritoireInconnu(errors.UnknownTerritory):
    """Unknown territory, with the closest names as ``candidates`` (the API lists them)."""

    def __init__(self, message: str, candidates: list[dict] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


@dataclass(frozen=True)
class Cible:
    """A resolved target: ``communes`` is set for a perimeter (indicators computed on request)."""

    territoire: Territoire
    communes: tuple[str, ...] | None = None
    membres: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def is_perimetre(self) -> bool:
        return self.communes is not None

    def ref(self) -> dict[str, Any]:
        out = self.territoire.ref()
        if self.is_perimetre:
            out["membres"] = [dict(m) for m in self.membres]
            out["nb_communes"] = len(self.communes)
        return out


@dataclass
class PerimetreLookup:
    """Perimeters as seen by ``actor``; ``store`` is a factory returning a ``Store`` or None (no store)."""

    store: Callable[[], Any]
    actor: Actor

    def _session(self):
        store = self.store()
        return None if store is None else store.session()

    def by_id(self, ident: int):
        session = self._session()
        if session is None:
            raise perimetres.not_found(ident)
        with session:
            return perimetres.to_public(perimetres.get(session=session, ident=ident, actor=self.actor))

    def by_name(self, name: str) -> list:
        session = self._session()
        if session is None:
            return []
        with session:
            return [perimetres.to_public(r) for r in perimetres.by_name(session=session, actor=self.actor, name=name)]

    def suggestions(self) -> list:
        session = self._session()
        if session is None:
            return []
        with session:
            return [perimetres.to_public(r) for r in perimetres.suggestions(session=session, actor=self.actor)]


def from_perimetre(con, perimetre) -> Cible:
    """A stored perimeter (``PerimetrePublic``) as a target; its communes from the current warehouse."""
    membres = [m.model_dump() for m in perimetre.membres]
    communes = membres_mod.communes_of(con, membres)
    t = Territoire(PERIMETRE, perimetre.code, perimetre.nom)
    return Cible(territoire=t, communes=tuple(communes), membres=tuple(membres))


def closest_names(con, query: str, limit: int = 5) -> list[Territoire]:
    """Territories whose normalised name is closest to the query (Jaro-Winkler, in SQL)."""
    norm = territory_codes.normalise_name(query)
    if not norm:
        return []
    rows = con.execute(
        """
        select type, code, nom, phase from territoire
        order by jaro_winkler_similarity(nom_normalise, ?) desc, population desc nulls last, type, code
        limit ?
        """,
        [norm, limit],
    ).fetchall()
    return [Territoire(t, c, n, p) for t, c, n, p in rows]


def _unknown(con, query: str, lookup: PerimetreLookup | None) -> TerritoireInconnu:
    close = closest_names(con, query)
    mine = lookup.suggestions() if lookup is not None else []
    parts = [f"Aucun territoire ni périmètre ne s'appelle « {query} »."]
    if close:
        parts.append("Noms proches : " + " ; ".join(resolver._describe(t) for t in close) + ".")
    if mine:
        parts.append("Vos périmètres (et les publics) : " + " ; ".join(f"{p.nom} ({p.code})" for p in mine) + ".")
    elif lookup is not None:
        parts.append("Créez un périmètre avec `vigie perimetre creer NOM --membre CODE…`.")
    candidates = [t.ref() for t in close] + [{"type": PERIMETRE, "code": p.code, "nom": p.nom} for p in mine]
    return TerritoireInconnu(" ".join(parts), candidates=candidates)


def resolve(con, query: str, *, lookup: PerimetreLookup | None = None, phase: int | None = None,
            type_: str | None = None) -> Cible:
    """The target ``query`` designates: ``perim-N``, a territory code or name, or a perimeter name."""
    query = (query or "").strip()
    ident = perimetres.parse_code(query)
    if ident is not None or type_ == PERIMETRE:
        if ident is None:
            return _perimetre_by_name(con, query, lookup)
        if lookup is None:
            raise perimetres.not_found(ident)
        return from_perimetre(con, lookup.by_id(ident))
    try:
        return Cible(territoire=resolver.resolve(con, query, phase=phase, type_=type_))
    except errors.AmbiguousTerritory:
        raise
    except errors.UnknownTerritory:
        if not query or territory_codes_shape(query):
            raise  # a well-formed code the warehouse lacks: the kind's own message says what exists
        return _perimetre_by_name(con, query, lookup)


def territory_codes_shape(query: str) -> bool:
    """Does the query look like a code (digits, ti-, reg-, circo-…) rather than a name?"""
    q = query.strip().lower()
    return q.replace(" ", "").isdigit() or q.startswith(("ti-", "reg-", "dep-", "circo-", "ze-"))


def _perimetre_by_name(con, query: str, lookup: PerimetreLookup | None) -> Cible:
    found = lookup.by_name(query) if lookup is not None else []
    if not found:
        raise _unknown(con, query, lookup)
    mine = [p for p in found if p.proprietaire == lookup.actor.email]
    if not mine and len(found) > 1:
        raise errors.AmbiguousTerritory(
            f"« {query} » désigne plusieurs périmètres publics : "
            + " ; ".join(f"{p.nom} ({p.code}, de {p.proprietaire})" for p in found) + ". Indiquez l'identifiant perim-N.",
            candidates=[{"type": PERIMETRE, "code": p.code, "nom": p.nom} for p in found],
        )
    return from_perimetre(con, (mine or found)[0])
