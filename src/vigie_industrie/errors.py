"""Errors a user can act on. Each message (in French) says what, where and how to fix.

The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``; the API
maps ``error.http_status`` to an ``application/problem+json`` response.
"""

from __future__ import annotations


class VigieError(Exception):
    """Base class: an expected failure with an actionable message."""

    exit_code = 1
    http_status = 400
    title = "Erreur"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SourceError(VigieError):
    """A source file is missing, truncated, malformed or does not match the catalogue."""

    exit_code = 3
    title = "Fichier source invalide"


class SourceFileMissing(SourceError):
    title = "Fichier source absent"


class SourceFileInvalid(SourceError):
    title = "Fichier source invalide"


class BuildError(VigieError):
    """The warehouse build failed; the previous warehouse is kept."""

    exit_code = 4
    http_status = 500
    title = "Construction de l'entrepôt échouée"


class WarehouseMissing(VigieError):
    exit_code = 5
    http_status = 503
    title = "Entrepôt absent"


class InvalidCode(VigieError):
    """A code (SIREN, INSEE commune, NAF…) has the wrong shape."""

    exit_code = 2
    http_status = 422
    title = "Code invalide"


class UnknownTerritory(VigieError):
    exit_code = 6
    http_status = 404
    title = "Territoire inconnu"


class AmbiguousTerritory(VigieError):
    exit_code = 7
    http_status = 409
    title = "Territoire ambigu"

    def __init__(self, message: str, candidates: list[dict] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class QueryError(VigieError):
    exit_code = 8
    title = "Requête refusée"


class NotFound(VigieError):
    exit_code = 6
    http_status = 404
    title = "Ressource introuvable"


class Forbidden(VigieError):
    exit_code = 9
    http_status = 403
    title = "Accès refusé"


class Conflict(VigieError):
    exit_code = 10
    http_status = 409
    title = "Conflit de version"


class ValidationFailed(VigieError):
    exit_code = 2
    http_status = 422
    title = "Données invalides"


class SourceDownloadFailed(SourceError):
    """A download from the publisher failed (network, HTTP status, unreadable archive)."""

    title = "Téléchargement échoué"


class SourceNotDownloadable(SourceFileMissing):
    """The file exists only in the mirror (a derivation made there) and the mirror lacks it."""

    title = "Fichier disponible uniquement dans le miroir"
class StoreUnavailable(VigieError):
    """The programme database cannot be reached or migrated."""

    exit_code = 11
    http_status = 503
    title = "Base du programme indisponible"


class NotAuthenticated(VigieError):
    exit_code = 12
    http_status = 401
    title = "Authentification requise"



class ImportRejected(VigieError):
    """An import had invalid rows: nothing was written."""

    exit_code = 2
    http_status = 422
    title = "Import refusé"

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = report or {}


class Duplicate(Conflict):
    """A row with the same natural key exists (e.g. one contrat per territory and phase)."""

    title = "Doublon"


class UnknownIndicator(InvalidCode):
    """An indicator id that the registry does not hold."""

    http_status = 404
    title = "Indicateur inconnu"
