"""The committed reduced spec: facts only, complete, reproducible from the source."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from emulator.spec import shipped_spec
from tools.reduce_bot_api_spec import dump_compact, reduce_spec

REDUCED: dict[str, Any] = json.loads(shipped_spec().read_text(encoding="utf-8"))
SOURCE_ENV = "BOT_API_SPEC"
"""Where the upstream api.json is, if at hand (it is not part of the repository)."""
SOURCE = Path(os.environ.get(SOURCE_ENV, ""))
needs_source = pytest.mark.skipif(
    not os.environ.get(SOURCE_ENV) or not SOURCE.is_file(),
    reason=f"{SOURCE_ENV} does not name the upstream api.json",
)


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_reduced_spec_has_no_descriptions() -> None:
    assert not {"description", "href", "subtype_of"} & _keys(REDUCED)
    entries = [*REDUCED["methods"].values(), *REDUCED["types"].values()]
    assert all(
        set(f) == {"name", "types", "required"} for e in entries for f in e.get("fields", [])
    )


def test_reduced_spec_names_its_source() -> None:
    assert REDUCED["version"].startswith("Bot API ")
    assert "PaulSonOfLars/telegram-bot-api-spec" in REDUCED["source"]["upstream"]
    assert len(REDUCED["source"]["sha256"]) == 64


@needs_source
def test_reduced_spec_matches_source() -> None:
    raw = SOURCE.read_bytes()
    source = json.loads(raw)
    regenerated = reduce_spec(raw, REDUCED["source"].get("commit"))
    assert regenerated == REDUCED
    assert len(REDUCED["methods"]) == len(source["methods"])
    assert len(REDUCED["types"]) == len(source["types"])


def test_compact_dump_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(dump_compact(REDUCED), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == REDUCED
    assert len(path.read_text(encoding="utf-8").splitlines()) < 600
