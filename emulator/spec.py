"""The reduced Bot API spec and validation of method calls and objects against it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from emulator.models import UploadedFile

SPEC_FILE = "bot_api_spec.json"
"""Package data of :mod:`emulator`, written by ``tools/reduce_bot_api_spec.py``."""
ARRAY_PREFIX = "Array of "
ATTACH_PREFIX = "attach://"


@dataclass(frozen=True)
class Field:
    """One parameter of a method or field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class Entry:
    """A method or a type of the spec."""

    name: str
    fields: Mapping[str, Field]
    returns: tuple[str, ...]
    subtypes: tuple[str, ...]


def _entry(raw: Mapping[str, Any]) -> Entry:
    fields = {
        f["name"]: Field(f["name"], tuple(f["types"]), bool(f["required"]))
        for f in raw.get("fields", [])
    }
    return Entry(
        raw["name"], fields, tuple(raw.get("returns", ())), tuple(raw.get("subtypes", ()))
    )


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


class ApiSpec:
    """Methods and types of one Bot API version."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw["version"]
        self.methods = {name: _entry(m) for name, m in raw["methods"].items()}
        self.types = {name: _entry(t) for name, t in raw["types"].items()}
        self._methods_lower = {name.lower(): m for name, m in self.methods.items()}

    @classmethod
    def load(cls, source: Traversable | None = None) -> ApiSpec:
        """Read a reduced spec (default: the one shipped with the emulator)."""
        spec = shipped_spec() if source is None else source
        return cls(json.loads(spec.read_text(encoding="utf-8")))

    def method(self, name: str) -> Entry | None:
        """The method called ``name`` (case-insensitive), if the API has one."""
        return self._methods_lower.get(name.lower())

    def decode_form_value(self, method: Entry, name: str, raw: str) -> object:
        """Decode a form field: JSON if that fits the declared types, else the raw string."""
        try:
            decoded: object = json.loads(raw)
        except ValueError:
            return raw
        param = method.fields.get(name)
        if param is None or not self.check_value(decoded, param.types, name):
            return decoded
        return raw if not self.check_value(raw, param.types, name) else decoded

    def validate_call(
        self, method: Entry, params: Mapping[str, object], attachments: Mapping[str, UploadedFile]
    ) -> list[str]:
        """Violations of a call's parameters: unknown, missing, wrong type, dangling attach."""
        errors = [
            f"{method.name}: unknown parameter '{name}'"
            for name in params
            if name not in method.fields
        ]
        for param in method.fields.values():
            value = params.get(param.name)
            if value is None:
                if param.required:
                    errors.append(f"{method.name}: missing required parameter '{param.name}'")
                continue
            errors += self.check_value(value, param.types, f"{method.name}.{param.name}")
        errors += [
            f"{method.name}: '{ref}' refers to no uploaded file"
            for ref in _strings(params)
            if ref.startswith(ATTACH_PREFIX) and ref.removeprefix(ATTACH_PREFIX) not in attachments
        ]
        return errors

    def check_value(self, value: object, types: Sequence[str], path: str) -> list[str]:
        """Violations of ``value`` against a union of type expressions (empty if it fits)."""
        outcomes = [self._check_one(value, t, path) for t in types]
        if any(o == [] for o in outcomes):
            return []
        deep = [o for o in outcomes if o is not None]
        if deep:
            return min(deep, key=len)
        return [f"{path}: expected {' or '.join(types)}, got {_type_name(value)}"]

    def _check_one(self, value: object, type_expr: str, path: str) -> list[str] | None:
        """Errors for one alternative; ``None`` when the value is of the wrong kind."""
        if type_expr.startswith(ARRAY_PREFIX):
            if not isinstance(value, list):
                return None
            inner = (type_expr.removeprefix(ARRAY_PREFIX),)
            return [
                e
                for i, item in enumerate(value)
                for e in self.check_value(item, inner, f"{path}[{i}]")
            ]
        primitive = _PRIMITIVES.get(type_expr)
        if primitive is not None:
            return [] if primitive(value) else None
        entry = self.types.get(type_expr)
        if entry is None:
            return [f"{path}: spec names unknown type {type_expr}"]
        if entry.subtypes:
            errors = self.check_value(value, entry.subtypes, path)
            return None if errors and not isinstance(value, dict) else errors
        return self._check_object(value, entry, path)

    def _check_object(self, value: object, entry: Entry, path: str) -> list[str] | None:
        if not isinstance(value, dict):
            return None
        errors: list[str] = []
        for key, item in value.items():
            field_ = entry.fields.get(key)
            if field_ is None:
                errors.append(f"{path}: unknown field '{key}' in {entry.name}")
            elif item is not None:
                errors += self.check_value(item, field_.types, f"{path}.{key}")
        errors += [
            f"{path}: missing required field '{f.name}' of {entry.name}"
            for f in entry.fields.values()
            if f.required and value.get(f.name) is None
        ]
        return errors


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_float(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_PRIMITIVES: dict[str, Callable[[object], bool]] = {
    "Integer": _is_int,
    "Float": _is_float,
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
    "InputFile": lambda v: isinstance(v, UploadedFile | str),
}


def _strings(value: object) -> Iterator[str]:
    """Every string nested anywhere in a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def shipped_spec() -> Traversable:
    """The spec file shipped with the emulator."""
    return resources.files("emulator").joinpath(SPEC_FILE)


@cache
def default_spec() -> ApiSpec:
    """The spec shipped with the emulator (loaded once)."""
    return ApiSpec.load()
