"""Shared fixtures: no test ever writes a ledger in the real home folder."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_ledger(tmp_path_factory):
    """Session-wide, so that module-scoped fixtures that scan are covered too."""
    state = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDITOR_LEDGER", str(state / "ledger.jsonl"))
        patch.setenv("XDG_STATE_HOME", str(state))
        yield state / "ledger.jsonl"
