"""Reduce the official machine-readable Bot API spec to the facts the emulator needs.

Reads ``api.json`` from github.com/PaulSonOfLars/telegram-bot-api-spec and writes
``emulator/bot_api_spec.json``: version, release date, provenance and, for every method
and type, its name, fields (name, types, required), returns and subtypes. Descriptions
are dropped.

Usage: ``python tools/reduce_bot_api_spec.py path/to/api.json [--upstream-commit SHA]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "emulator" / "bot_api_spec.json"
UPSTREAM = "github.com/PaulSonOfLars/telegram-bot-api-spec (api.json)"


def _reduce_entry(entry: dict[str, Any]) -> dict[str, Any]:
    reduced: dict[str, Any] = {"name": entry["name"]}
    if "fields" in entry:
        reduced["fields"] = [
            {"name": f["name"], "types": f["types"], "required": f["required"]}
            for f in entry["fields"]
        ]
    for key in ("returns", "subtypes"):
        if key in entry:
            reduced[key] = entry[key]
    return reduced


def reduce_spec(raw: bytes, upstream_commit: str | None = None) -> dict[str, Any]:
    """Return the reduced spec for the bytes of an upstream ``api.json``."""
    spec = json.loads(raw)
    source = {"upstream": UPSTREAM, "sha256": hashlib.sha256(raw).hexdigest()}
    if upstream_commit:
        source["commit"] = upstream_commit
    return {
        "version": spec["version"],
        "release_date": spec["release_date"],
        "source": source,
        "methods": {name: _reduce_entry(m) for name, m in spec["methods"].items()},
        "types": {name: _reduce_entry(t) for name, t in spec["types"].items()},
    }


def dump_compact(reduced: dict[str, Any]) -> str:
    """Serialise with one line per method and per type, for readable diffs."""

    def section(entries: dict[str, Any]) -> str:
        lines = [
            f"    {json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"
            for name, entry in entries.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n  }"

    head = {k: v for k, v in reduced.items() if k not in ("methods", "types")}
    head_lines = [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    return (
        "{\n"
        + "\n".join(head_lines)
        + f'\n  "methods": {section(reduced["methods"])},'
        + f'\n  "types": {section(reduced["types"])}\n}}\n'
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the upstream api.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--upstream-commit", help="upstream commit the source was taken from")
    args = parser.parse_args(argv)
    reduced = reduce_spec(args.source.read_bytes(), args.upstream_commit)
    args.output.write_text(dump_compact(reduced), encoding="utf-8")
    print(
        f"wrote {args.output}: {reduced['version']}, "
        f"{len(reduced['methods'])} methods, {len(reduced['types'])} types"
    )


if __name__ == "__main__":
    main()
