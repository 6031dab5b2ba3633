"""Territories: code validation, the resolver (code or name → territory) and the fiche."""
