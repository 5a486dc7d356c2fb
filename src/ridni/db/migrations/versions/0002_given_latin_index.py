"""index on record_features.given_latin (term frequencies for incremental runs)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_features", schema=None) as batch_op:
        batch_op.create_index("ix_record_features_given_latin", ["given_latin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("record_features", schema=None) as batch_op:
        batch_op.drop_index("ix_record_features_given_latin")
