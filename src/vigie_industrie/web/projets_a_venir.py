"""``/projets-a-venir``: upcoming industrial projects an EPCI knows of, passed to its région.

Same workflow and screens as the needs (``web/transmission_pages.py``); expected jobs and
investment stay empty when unknown (never 0).
"""

from __future__ import annotations

from vigie_industrie.api.routes.projets_a_venir import ProjetAVenirFilters
from vigie_industrie.web.transmission_pages import Champ, Conf, pages_router

NATURES = (("creation", "Création"), ("extension", "Extension"), ("implantation", "Implantation"),
           ("reprise", "Reprise"), ("modernisation", "Modernisation"), ("autre", "Autre"))
HORIZONS = (("moins_1_an", "Moins d'un an"), ("1_3_ans", "Un à trois ans"), ("plus_3_ans", "Plus de trois ans"))
CONFIDENTIALITES = (("confidentiel", "Confidentiel (EPCI et région seulement)"),
                    ("communicable", "Communicable aux partenaires du programme avec l'accord du porteur"))
AVIS = ("Un projet à venir est souvent confidentiel : tant qu'il est un brouillon, seuls votre EPCI et les "
        "administrateurs le voient ; une fois transmis, la région le voit aussi. Il n'est jamais publié : les pages "
        "publiques n'en donnent que des totaux par nature et par territoire.")

CONF = Conf(
    resource="projets_a_venir", path="/projets-a-venir", titre="Projets industriels à venir", un="un projet",
    filters_model=ProjetAVenirFilters,
    champs=(
        Champ("porteur", "Entreprise ou porteur du projet", requis=True),
        Champ("siren_porteur", "SIREN du porteur (facultatif)", aide="9 chiffres, s'il est connu"),
        Champ("nature", "Nature du projet", "select", NATURES, requis=True),
        Champ("code_commune", "Commune (code INSEE)", aide="5 caractères, ex. 62119"),
        Champ("emplois_prevus", "Emplois attendus", "number", aide="Laissez vide s'ils ne sont pas connus"),
        Champ("investissement_eur", "Investissement (euros)", "number", aide="Laissez vide s'il n'est pas connu"),
        Champ("horizon", "Horizon", "select", HORIZONS),
        Champ("description", "Description", "textarea"),
        Champ("contact", "Contact", aide="Nom, fonction, téléphone ou adresse électronique"),
        Champ("confidentialite", "Confidentialité", "select", CONFIDENTIALITES, requis=True),
    ),
    colonnes=(("porteur", "Porteur"), ("nature", "Nature"), ("emplois_prevus", "Emplois"),
              ("territoire_id", "Territoire")),
    filtres=(Champ("nature", "Nature", "select", NATURES), Champ("horizon", "Horizon", "select", HORIZONS)),
    avis=AVIS,
    libelles={"nature": dict(NATURES), "horizon": dict(HORIZONS), "confidentialite": dict(CONFIDENTIALITES)},
)
router = pages_router(CONF)
