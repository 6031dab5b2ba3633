"""besoins transmission workflow (EPCI → région) and projets à venir (issue 14)

Why: a région saw every need, even those its intercommunalité had not passed on. Needs now
follow brouillon → transmis → accuse → assigne → repondu → clos (programme/transmission.py),
each step dated in ``etapes``; the new table ``projet_a_venir`` follows the same workflow.

Existing rows are migrated as follows (nothing is invented: the only date known for a past
status is the row's ``updated_at``, so each migrated row gets one step, dated then, by
« migration-0004 », whose note keeps the former status):

- statut ``nouveau`` → ``brouillon`` (never passed on: the région stops seeing it);
- ``transmis_region`` → ``transmis``; ``en_cours`` → ``accuse`` (taken up, assignee unknown: NULL);
- ``traite`` → ``repondu`` when a ``reponse`` is stored, else ``clos``; ``sans_suite`` → ``clos``;
- catégorie ``numerique`` (dropped from the list) → ``autre``, the note says so;
- ``contact`` = '' (not collected before), ``assigne_a`` NULL.

Downgrade maps back (brouillon → nouveau, transmis → transmis_region, accuse/assigne → en_cours,
repondu → traite, clos → sans_suite or traite when answered) and drops the new columns and table;
the steps history and the « numerique » category cannot come back.

Revision ID: 0004_besoins_transmission
Revises: 0003_perimetres
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_besoins_transmission"
down_revision = "0003_perimetres"
branch_labels = None
depends_on = None

UP = {"nouveau": "brouillon", "transmis_region": "transmis", "en_cours": "accuse", "sans_suite": "clos"}
DOWN = {"brouillon": "nouveau", "transmis": "transmis_region", "accuse": "en_cours", "assigne": "en_cours",
        "repondu": "traite"}


def _besoin_table() -> sa.Table:
    return sa.table(
        "besoin", sa.column("id", sa.Integer), sa.column("statut", sa.String), sa.column("categorie", sa.String),
        sa.column("reponse", sa.Text), sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("statut_depuis", sa.DateTime(timezone=True)), sa.column("etapes", sa.JSON),
    )


def upgrade() -> None:
    with op.batch_alter_table("besoin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("statut_depuis", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("etapes", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("assigne_a", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_besoin_statut"), ["statut"], unique=False)

    besoin = _besoin_table()
    bind = op.get_bind()
    for ident, statut, categorie, reponse, updated_at in bind.execute(
            sa.select(besoin.c.id, besoin.c.statut, besoin.c.categorie, besoin.c.reponse, besoin.c.updated_at)).all():
        new = "repondu" if statut == "traite" and reponse else "clos" if statut == "traite" else UP.get(statut, statut)
        note = f"statut « {statut} » avant la migration 0004"
        if categorie == "numerique":
            note += " ; catégorie « numerique » devenue « autre »"
        when = updated_at.isoformat() if hasattr(updated_at, "isoformat") else str(updated_at)
        etapes = [{"statut": new, "le": when, "par": "migration-0004", "role": "admin", "note": note}]
        bind.execute(besoin.update().where(besoin.c.id == ident).values(
            statut=new, categorie="autre" if categorie == "numerique" else categorie, statut_depuis=updated_at,
            etapes=etapes))

    op.create_table(
        "projet_a_venir",
        sa.Column("porteur", sa.String(length=300), nullable=False),
        sa.Column("siren_porteur", sa.String(length=9), nullable=True),
        sa.Column("nature", sa.String(length=20), nullable=False),
        sa.Column("code_commune", sa.String(length=5), nullable=True),
        sa.Column("emplois_prevus", sa.Integer(), nullable=True),
        sa.Column("investissement_eur", sa.BigInteger(), nullable=True),
        sa.Column("horizon", sa.String(length=20), nullable=True),
        sa.Column("confidentialite", sa.String(length=20), nullable=False),
        sa.Column("territoire_id", sa.String(length=12), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("code_region", sa.String(length=2), nullable=False),
        sa.Column("siren_epci", sa.String(length=9), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("statut_depuis", sa.DateTime(timezone=True), nullable=True),
        sa.Column("etapes", sa.JSON(), nullable=False),
        sa.Column("assigne_a", sa.String(length=200), nullable=True),
        sa.Column("reponse", sa.Text(), nullable=True),
        sa.Column("date_reponse", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("projet_a_venir", schema=None) as batch_op:
        for column in ("territoire_id", "code_region", "siren_epci", "statut"):
            batch_op.create_index(batch_op.f(f"ix_projet_a_venir_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("projet_a_venir", schema=None) as batch_op:
        for column in ("territoire_id", "code_region", "siren_epci", "statut"):
            batch_op.drop_index(batch_op.f(f"ix_projet_a_venir_{column}"))
    op.drop_table("projet_a_venir")

    besoin = _besoin_table()
    bind = op.get_bind()
    for ident, statut, reponse in bind.execute(sa.select(besoin.c.id, besoin.c.statut, besoin.c.reponse)).all():
        old = ("traite" if reponse else "sans_suite") if statut == "clos" else DOWN.get(statut, statut)
        bind.execute(besoin.update().where(besoin.c.id == ident).values(statut=old))
    with op.batch_alter_table("besoin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_besoin_statut"))
        batch_op.drop_column("assigne_a")
        batch_op.drop_column("etapes")
        batch_op.drop_column("statut_depuis")
        batch_op.drop_column("contact")
