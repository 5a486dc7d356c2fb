"""person_records.sex_overruled: the record's sex was overruled by a very strong link

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sex_overruled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_person_records_sex_overruled", ["sex_overruled"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.drop_index("ix_person_records_sex_overruled")
        batch_op.drop_column("sex_overruled")
