"""The observatory's indicators: a registry, one SQL definition per family, marts and a service.

Every figure is computed once, set-based, by the family SQL of ``indicators/sql`` over the
crosswalk ``territoire_commune`` at build time (marts ``indicateur_valeur``,
``indicateur_comparaison``, ``territoire_pair``), and by the same SQL over a temporary crosswalk
for a custom perimeter (``service.for_communes``).
"""
