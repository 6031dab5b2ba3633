"""missions liées aux projets, rapport de clôture (issue 14)

Links a mission to the projects it must unblock (table ``mission_projet``) and adds the closing
report (text + date). Blocking points and milestones keep living in their JSON columns: their
former keys (``categorie``/``responsable``, ``date_prevue``) are read by the schemas, so no row
has to be rewritten here.

Revision ID: 0005_missions_projets
Revises: 0003_perimetres
Create Date: 2026-12-01 14:20:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0005_missions_projets'
down_revision = '0003_perimetres'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mission_projet',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('projet_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['projet_id'], ['projet.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mission_id', 'projet_id')
    )
    with op.batch_alter_table('mission_projet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_projet_projet_id'), ['projet_id'], unique=False)
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rapport_cloture', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('date_cloture', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_column('date_cloture')
        batch_op.drop_column('rapport_cloture')
    with op.batch_alter_table('mission_projet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_projet_projet_id'))
    op.drop_table('mission_projet')
