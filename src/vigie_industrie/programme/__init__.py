"""Programme steering store: contrats, projets, besoins, financements, missions, COPIL, users, audit.

The only place users write. SQLite by default, PostgreSQL through ``VIGIE_DATABASE_URL``.
"""
