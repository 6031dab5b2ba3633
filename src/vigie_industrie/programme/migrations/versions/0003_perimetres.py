"""périmètres personnalisés (issue 11)

Revision ID: 0003_perimetres
Revises: 0002_hardening
Create Date: 2026-12-01 08:20:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003_perimetres'
down_revision = '0002_hardening'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('perimetre',
    sa.Column('nom', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('proprietaire', sa.String(length=254), nullable=False),
    sa.Column('proprietaire_id', sa.Integer(), nullable=True),
    sa.Column('visibilite', sa.String(length=8), nullable=False),
    sa.Column('membres', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proprietaire_id'], ['utilisateur.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('proprietaire', 'nom', name='uq_perimetre_proprietaire_nom')
    )
    with op.batch_alter_table('perimetre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perimetre_proprietaire'), ['proprietaire'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('perimetre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perimetre_proprietaire'))

    op.drop_table('perimetre')
