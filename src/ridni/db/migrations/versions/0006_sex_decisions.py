"""sex_decisions: a reviewer's verdict that the sex a record gives is wrong (or right again)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sex_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_pk", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_pk"],
            ["source_records.id"],
            name=op.f("fk_sex_decisions_record_pk_source_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sex_decisions")),
    )
    op.create_index("ix_sex_decisions_record_pk", "sex_decisions", ["record_pk"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sex_decisions_record_pk", table_name="sex_decisions")
    op.drop_table("sex_decisions")
