"""index on record_features.family_initial (term frequencies for incremental runs)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 04:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_features", schema=None) as batch_op:
        batch_op.create_index("ix_record_features_family_initial", ["family_initial"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("record_features", schema=None) as batch_op:
        batch_op.drop_index("ix_record_features_family_initial")
