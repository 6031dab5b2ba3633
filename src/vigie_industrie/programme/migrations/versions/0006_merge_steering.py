"""Merge of the two steering migrations written side by side (issue 14).

Revision ID: 0006_merge_steering
Revises: 0004_besoins_transmission, 0005_missions_projets

Why a merge revision: 0004 (besoins and projets à venir workflow) and 0005 (missions linked to
projects, milestones, closing report) both follow 0003 and touch different tables, so they apply
in either order; this revision joins the two branches so ``alembic upgrade head`` has one head.
It changes nothing by itself.
"""

revision = "0006_merge_steering"
down_revision = ("0004_besoins_transmission", "0005_missions_projets")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
