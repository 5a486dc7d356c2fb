"""index on source_records.withdrawn (the live records an incremental link starts from)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 23:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.create_index("ix_source_records_withdrawn", ["withdrawn"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index("ix_source_records_withdrawn")
