from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ridni.security import accounts
from ridni.security.actors import SYSTEM


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    s = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()


@pytest.fixture
def org(session: Session):  # type: ignore[no-untyped-def]
    return accounts.create_organisation(session=session, actor=SYSTEM, name="Operator")
