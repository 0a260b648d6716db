"""Opening a database: terminals starting together, a missing SQLite file, what staff are told."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from models.db import DatabaseMissing, describe_database, make_engine, open_database
from tests.conftest import PG_ENV, backends, postgres_schema_url

ROOT = Path(__file__).parents[2]
TERMINALS = 6
ROUNDS = 3

OPEN = """
import sys
from models.db import open_database
open_database(sys.argv[1], create=True).dispose()
print("ok")
"""


@pytest.fixture(params=backends())
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A URL on an empty database (nothing migrated yet), and how to empty it again."""
    if request.param == "sqlite":
        file = tmp_path / "fresh.db"

        def remove_file() -> None:
            for path in tmp_path.glob("fresh.db*"):
                path.unlink()

        yield f"sqlite:///{file}", remove_file
        return
    base = os.environ[PG_ENV]
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    schema = f"fdrace_{uuid.uuid4().hex[:12]}"

    def recreate_schema() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    recreate_schema()
    try:
        yield postgres_schema_url(base, schema), recreate_schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.slow
@pytest.mark.timeout(900)  # 18 process starts; minutes on a busy machine
def test_six_terminals_starting_together_all_open_the_database(
    empty_database: tuple[str, Any],
) -> None:
    url, empty_again = empty_database
    for _ in range(ROUNDS):
        starts = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, url],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(TERMINALS)
        ]
        outcomes = [start.communicate(timeout=300) for start in starts]
        failures = [
            err for (_, err), start in zip(outcomes, starts, strict=True) if start.returncode
        ]
        # Without the lock about half failed: UniqueViolation pg_type_typname_nsp_index,
        # DuplicateTable alembic_version.
        assert failures == [], failures[0][-2000:]
        engine = make_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert "visit" in inspect(connection).get_table_names()
        engine.dispose()
        empty_again()


def test_a_configured_file_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "frontdesk.bd"
    with pytest.raises(DatabaseMissing) as missing:
        open_database(f"sqlite:///{typo}")
    assert not typo.exists()
    assert str(typo) in str(missing.value) and "init-db" in str(missing.value)
    with pytest.raises(DatabaseMissing):
        make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'frontdesk.db'}")
    assert not (tmp_path / "no-such-folder").exists()
    # Asked for (init-db), it is made, and then opens without being asked again.
    open_database(f"sqlite:///{typo}", create=True).dispose()
    assert typo.is_file()
    open_database(f"sqlite:///{typo}").dispose()


def test_the_description_names_the_database_but_never_the_password() -> None:
    assert (
        describe_database("postgresql://frontdesk:s3cret@db-host:5433/queue")
        == "PostgreSQL database queue on db-host:5433"
    )
    assert "s3cret" not in describe_database("postgresql+psycopg://u:s3cret@h/q?sslmode=require")
    assert describe_database("sqlite:////var/lib/frontdesk/office.db") == (
        "SQLite file /var/lib/frontdesk/office.db"
    )
    assert describe_database(None).startswith("SQLite file ")
    assert describe_database("not a url") == "an unreadable database address"
