"""index on source_records.first_batch_id (an import's page counts its new records' linking)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 00:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.create_index("ix_source_records_first_batch_id", ["first_batch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index("ix_source_records_first_batch_id")
