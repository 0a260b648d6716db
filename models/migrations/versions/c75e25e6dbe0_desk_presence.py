"""desk presence

Who is signed in at each desk's console, from the console's heartbeat.

Revision ID: c75e25e6dbe0
Revises: 5a9a60c602ea
Create Date: 2026-11-27 20:01:26.489198
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.tables


revision: str = "c75e25e6dbe0"
down_revision: str | None = "5a9a60c602ea"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "deskpresence",
        sa.Column("site", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("desk", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("staff_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("staff_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("seen_at", models.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", "desk"),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("deskpresence")
