"""pytest set-up for the end-to-end tests of `salessim lsp` (run by scripts/lsp-client test)."""
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def salessim() -> str:
    """The salessim binary under test: $SALESSIM_BIN, else the debug build."""
    path = os.environ.get("SALESSIM_BIN") or str(REPO / ".build" / "debug" / "salessim")
    assert os.access(path, os.X_OK), f"no salessim binary at {path}: run 'swift build' first"
    return path
