"""``/besoins``: firms' needs entered by an EPCI and passed to its région (issue 14).

The EPCI fills the form (the firm's SIREN is checked, its name taken from Sirene when the stock
is loaded), ticks its drafts and transmits them; the région sees them in this same list from
« transmis » on (its inbox: ``?statut=transmis``), then acknowledges, assigns, answers and closes
on each need's page. Screens and rules: ``web/transmission_pages.py``, ``programme/transmission.py``.
"""

from __future__ import annotations

from vigie_industrie.api.routes.besoins import BesoinFilters
from vigie_industrie.web.transmission_pages import Champ, Conf, pages_router

CATEGORIES = (("foncier", "Foncier"), ("recrutement", "Recrutement"), ("formation", "Formation"),
              ("competences", "Compétences"), ("habitat", "Habitat"), ("mobilite", "Mobilité"),
              ("infrastructures", "Infrastructures"), ("energie", "Énergie"), ("financement", "Financement"),
              ("autre", "Autre"))
URGENCES = (("faible", "Faible"), ("moyenne", "Moyenne"), ("haute", "Haute"), ("critique", "Critique"))
AVIS = ("Ces informations nomment une entreprise. Tant qu'un besoin est un brouillon, seuls votre EPCI et les "
        "administrateurs le voient ; une fois transmis, la région le voit aussi. Il n'est jamais publié : les pages "
        "publiques n'en donnent que des totaux par catégorie et par territoire. Ne saisissez que ce que l'entreprise "
        "accepte de partager avec la région.")

CONF = Conf(
    resource="besoins", path="/besoins", titre="Besoins d'entreprises", un="un besoin",
    filters_model=BesoinFilters,
    champs=(
        Champ("siren_entreprise", "SIREN de l'entreprise", aide="9 chiffres, ex. 552100554", requis=True),
        Champ("nom_entreprise", "Nom de l'entreprise",
              aide="Rempli d'après le répertoire Sirene quand il est chargé ; sinon, obligatoire."),
        Champ("categorie", "Catégorie", "select", CATEGORIES, requis=True),
        Champ("description", "Description du besoin", "textarea"),
        Champ("urgence", "Urgence", "select", URGENCES, requis=True),
        Champ("contact", "Contact dans l'entreprise", aide="Nom, fonction, téléphone ou adresse électronique"),
        Champ("date_collecte", "Date de collecte", "date", requis=True),
    ),
    colonnes=(("nom_entreprise", "Entreprise"), ("categorie", "Catégorie"), ("urgence", "Urgence"),
              ("territoire_id", "Territoire")),
    filtres=(Champ("categorie", "Catégorie", "select", CATEGORIES), Champ("urgence", "Urgence", "select", URGENCES)),
    avis=AVIS,
    libelles={"categorie": dict(CATEGORIES), "urgence": dict(URGENCES)},
)
router = pages_router(CONF)
