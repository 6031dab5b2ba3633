"""Rights tied to territories, and every territory id and EPCI SIREN checked against the warehouse.

Why: the scope columns of a row (``code_region`` from its ``ti-RRNN`` id, ``siren_epci``) say
*whose* row it is, but not whether the pair makes sense. Without this check an EPCI user of
région 32 could file a need under ``ti-8401`` (région 84 then sees it, région 32 does not), a
région-32 user could create a project for an EPCI of région 84, and La Poste's SIREN passed
as an EPCI.

Rules (roles × territories), on creation (updates cannot move a row):

- every ``territoire_id`` must be a Territoire d'industrie of that phase in the warehouse, every
  ``siren_epci`` an EPCI of the warehouse having at least one commune in that territory;
- an ``epci`` user writes only for its own EPCI and the territories that contain it: the TI,
  zones d'emploi, départements and régions holding at least one of its communes;
- a ``region`` user writes only inside its région: the territory's région and the EPCI's
  communes must include it;
- ``admin`` is national. Without a warehouse nothing can be checked: admin writes pass (as the
  CLI operator's), region and epci writes are refused (503) rather than trusted.

Facts are loaded set-based: one query for all the codes of a request or of a whole import
(:func:`load_facts`), then each row is checked in memory (:func:`check_row`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigie_industrie import errors
from vigie_industrie.programme.authz import LABELS, Actor


@dataclass
class EpciFacts:
    siren: str
    nom: str
    regions: set[str] = field(default_factory=set)
    departements: set[str] = field(default_factory=set)
    zones_emploi: set[str] = field(default_factory=set)
    territoires: set[tuple[str, int]] = field(default_factory=set)  # (ti id, phase) holding one of its communes


@dataclass
class Facts:
    """What the warehouse says about the codes of a batch of rows."""

    territoires: dict[tuple[str, int], str] = field(default_factory=dict)  # (id, phase) → code_region
    epcis: dict[str, EpciFacts] = field(default_factory=dict)
    warehouse: Path | None = None

    def territoire_known(self, territoire_id: str, phase: int | None) -> bool:
        if phase is None:
            return any(t == territoire_id for t, _ in self.territoires)
        return (territoire_id, phase) in self.territoires


_QUERY = """
with wanted_ti as (select unnest($ti::varchar[]) as territoire_id),
wanted_epci as (select unnest($epci::varchar[]) as siren_epci)
select 'ti' as kind, t.territoire_id as code, t.phase, t.code_region, null as nom,
       null as code_departement, null as code_ze
from territoire_industrie t semi join wanted_ti using (territoire_id)
union all
select 'epci', e.siren_epci, null, e.code_region, e.nom_epci, null, null
from epci e semi join wanted_epci using (siren_epci)
union all
select distinct 'commune', c.siren_epci, cti.phase, c.code_region, cti.territoire_id, c.code_departement, cze.code_ze
from commune c
semi join wanted_epci using (siren_epci)
left join commune_territoire_industrie cti using (code_commune)
left join commune_zone_emploi cze using (code_commune)
"""


def codes_of(rows: Iterable[Mapping[str, Any]], actor: Actor | None = None) -> tuple[set[str], set[str]]:
    """Territory ids and EPCI SIRENs named by ``rows`` (and the actor's own EPCI)."""
    tis, epcis = set(), set()
    for row in rows:
        if row.get("territoire_id"):
            tis.add(row["territoire_id"])
        tis.update(row.get("territoires") or ())
        if row.get("siren_epci"):
            epcis.add(row["siren_epci"])
    if actor is not None and actor.siren_epci:
        epcis.add(actor.siren_epci)
    return tis, epcis


def load_facts(warehouse: Path | None, rows: Iterable[Mapping[str, Any]], actor: Actor | None = None) -> Facts | None:
    """The facts about every code of ``rows`` in one query; None when there is no warehouse."""
    if warehouse is None or not Path(warehouse).exists():
        return None
    from vigie_industrie.warehouse import connection

    tis, epcis = codes_of(rows, actor)
    facts = Facts(warehouse=Path(warehouse))
    if not tis and not epcis:
        return facts
    con = connection.connect(Path(warehouse))
    try:
        result = con.execute(_QUERY, {"ti": sorted(tis), "epci": sorted(epcis)}).fetchall()
    except Exception as exc:
        if type(exc).__module__.startswith("duckdb"):
            raise errors.WarehouseMissing(
                f"L'entrepôt {warehouse} ne permet pas de vérifier territoires et EPCI ({str(exc).splitlines()[0]}) : "
                "reconstruisez-le avec `vigie build`."
            ) from exc
        raise
    finally:
        con.close()
    for kind, code, phase, region, nom, departement, ze in result:
        if kind == "ti":
            facts.territoires[(code, int(phase))] = region
        elif kind == "epci":
            facts.epcis.setdefault(code, EpciFacts(code, nom)).nom = nom
    for kind, code, phase, region, ti, departement, ze in result:
        if kind != "commune" or code not in facts.epcis:
            continue
        epci = facts.epcis[code]
        epci.regions.add(region)
        epci.departements.add(departement)
        if ze:
            epci.zones_emploi.add(ze)
        if ti:
            epci.territoires.add((ti, int(phase)))
    return facts


def check_row(facts: Facts | None, *, actor: Actor, resource: str, values: Mapping[str, Any]) -> None:
    """Raise 422 (unknown or inconsistent code), 403 (outside the actor's territories) or 503 (no warehouse)."""
    if facts is None:
        if actor.role in ("region", "epci"):
            raise errors.WarehouseMissing(
                "Entrepôt absent : vos droits d'écriture dépendent des territoires de votre compte, qui ne peuvent "
                "pas être vérifiés sans lui ; l'administrateur doit construire l'entrepôt (vigie build)."
            )
        return
    label = LABELS[resource]
    ti, phase, siren = values.get("territoire_id"), values.get("phase"), values.get("siren_epci")
    for t in [ti] * bool(ti) + list(values.get("territoires") or ()):
        if not facts.territoire_known(t, phase if t == ti else None):
            when = f" de la phase {phase}" if t == ti and phase is not None else ""
            raise errors.ValidationFailed(
                f"territoire_id : {t} n'est pas un Territoire d'industrie{when} dans l'entrepôt.{_known(facts, t, phase)}"
            )
    epci = facts.epcis.get(siren) if siren else None
    if siren and epci is None:
        raise errors.ValidationFailed(
            f"siren_epci : {siren} n'est le SIREN d'aucun EPCI à fiscalité propre de l'entrepôt (géographie 2026) ; "
            "indiquez celui de l'intercommunalité (ex. 200072460), pas celui d'une entreprise ou d'une commune."
        )
    _check_actor(facts, actor, label, ti, phase, epci)
    if epci is not None and ti and (ti, phase) not in epci.territoires:
        raise errors.ValidationFailed(
            f"siren_epci : l'EPCI {epci.nom} ({epci.siren}) n'a aucune commune dans {ti} (phase {phase}) ; "
            "choisissez un EPCI membre de ce territoire."
        )


def _check_actor(facts: Facts, actor: Actor, label: str, ti: str | None, phase: int | None,
                 epci: EpciFacts | None) -> None:
    if actor.role == "epci":
        mine = facts.epcis.get(actor.siren_epci or "")
        if mine is None:
            raise errors.Forbidden(
                f"Votre compte est rattaché à l'EPCI {actor.siren_epci}, inconnu de l'entrepôt : "
                "demandez à l'administrateur de corriger votre compte."
            )
        if ti and (ti, phase) not in mine.territoires:
            yours = ", ".join(f"{t} (phase {p})" for t, p in sorted(mine.territoires)) or "aucun"
            raise errors.Forbidden(
                f"Ce {label} concerne {ti} (phase {phase}), qui ne contient aucune commune de votre EPCI "
                f"{mine.nom} ; vous écrivez pour votre EPCI et les territoires qui le contiennent : {yours}."
            )
    elif actor.role == "region" and epci is not None and actor.code_region not in epci.regions:
        raise errors.Forbidden(
            f"L'EPCI {epci.nom} ({epci.siren}) est en région {', '.join(sorted(r for r in epci.regions if r))} ; "
            f"votre compte n'écrit que dans la région {actor.code_region}."
        )


def check_account(warehouse: Path | None, *, role: str, code_region: str | None, siren_epci: str | None) -> None:
    """An EPCI account names an EPCI of the warehouse, in its région (no check without a warehouse)."""
    if role != "epci" or not siren_epci:
        return
    facts = load_facts(warehouse, [{"siren_epci": siren_epci}])
    if facts is None:
        return
    epci = facts.epcis.get(siren_epci)
    if epci is None:
        raise errors.ValidationFailed(
            f"--epci : {siren_epci} n'est le SIREN d'aucun EPCI à fiscalité propre de l'entrepôt (géographie 2026)."
        )
    if code_region and code_region not in epci.regions:
        raise errors.ValidationFailed(
            f"--region : l'EPCI {epci.nom} ({siren_epci}) est en région {', '.join(sorted(epci.regions))}, pas {code_region}."
        )


def _known(facts: Facts, territoire_id: str, phase: int | None) -> str:
    """The région's territories, as a hint after an unknown id (a second query, on the error path only)."""
    from vigie_industrie.programme import services

    region = territoire_id[3:5]
    try:
        known = [t["territoire_id"] for t in services.territoires_labellises(warehouse=facts.warehouse, region=region,
                                                                             phase=phase)]
    except (errors.VigieError, ValueError):
        known = []
    if not known:
        return ""
    shown = ", ".join(dict.fromkeys(known[:30])) + (" …" if len(known) > 30 else "")
    when = f" en phase {phase}" if phase is not None else ""
    return f" Territoires de la région {region}{when} : {shown}."
