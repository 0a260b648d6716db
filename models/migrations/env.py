"""Alembic environment: runs against the engine the app passes in, or alembic.ini's URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.db import make_engine

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the given or configured engine."""
    engine = context.config.attributes.get("connection_engine")
    if engine is None:
        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
