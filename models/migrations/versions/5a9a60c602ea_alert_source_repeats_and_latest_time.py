"""alert source, repeats and latest time

Which kiosk or desk raised an alert, how many help-now taps it folds, and the latest.

Revision ID: 5a9a60c602ea
Revises: cb0a72857f9c
Create Date: 2026-11-27 19:09:09.665170
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.tables


revision: str = "5a9a60c602ea"
down_revision: str | None = "cb0a72857f9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("repeats", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("latest_at", models.tables.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("latest_at")
        batch_op.drop_column("repeats")
        batch_op.drop_column("source")
