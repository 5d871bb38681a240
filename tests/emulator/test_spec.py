"""Validation of calls against the Bot API spec."""

from __future__ import annotations

import pytest

from emulator.models import UploadedFile
from emulator.spec import ApiSpec, Entry, default_spec

SPEC = default_spec()


def _method(name: str) -> Entry:
    entry = SPEC.method(name)
    assert entry is not None
    return entry


def _check(method: str, **params: object) -> list[str]:
    return SPEC.validate_call(_method(method), params, {})


def test_method_names_are_case_insensitive() -> None:
    assert _method("SENDmessage").name == "sendMessage"
    assert SPEC.method("sendMassage") is None


def test_valid_call_has_no_violations() -> None:
    keyboard = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    assert _check("sendMessage", chat_id=1, text="hi", reply_markup=keyboard) == []
    assert _check("sendMessage", chat_id="@channel", text="hi") == []


def test_unknown_parameter() -> None:
    assert _check("sendMessage", chat_id=1, text="hi", colour="red") == [
        "sendMessage: unknown parameter 'colour'"
    ]


def test_missing_required_parameter() -> None:
    assert _check("sendMessage", chat_id=1) == ["sendMessage: missing required parameter 'text'"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"chat_id": 1, "text": 5}, "sendMessage.text: expected String, got int"),
        ({"chat_id": 1.5, "text": "x"}, "sendMessage.chat_id: expected Integer or String"),
        ({"chat_id": True, "text": "x"}, "sendMessage.chat_id: expected Integer or String"),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": 1}]]}},
            "sendMessage.reply_markup.inline_keyboard[0][0].text: expected String, got int",
        ),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [{"text": "a"}]}},
            "sendMessage.reply_markup.inline_keyboard[0]: expected Array of InlineKeyboardButton",
        ),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"remove_keyboard": True, "x": 1}},
            "sendMessage.reply_markup: unknown field 'x' in ReplyKeyboardRemove",
        ),
    ],
)
def test_wrong_types(params: dict[str, object], expected: str) -> None:
    errors = SPEC.validate_call(_method("sendMessage"), params, {})
    assert len(errors) == 1
    assert errors[0].startswith(expected)


def test_objects_are_checked_through_subtypes() -> None:
    commands = [{"command": "start", "description": "Start"}]
    assert _check("setMyCommands", commands=commands, scope={"type": "chat", "chat_id": 5}) == []
    errors = _check("setMyCommands", commands=commands, scope={"type": "chat", "user": 5})
    assert errors and all("setMyCommands.scope" in e for e in errors)


def test_input_file_accepts_uploads_and_strings() -> None:
    upload = UploadedFile("a.pdf", "application/pdf", b"%PDF")
    assert _check("sendDocument", chat_id=1, document=upload) == []
    assert _check("sendDocument", chat_id=1, document="https://example.org/a.pdf") == []
    assert _check("sendDocument", chat_id=1, document=7) != []


def test_attach_reference_needs_an_upload() -> None:
    media = [
        {"type": "photo", "media": "attach://one"},
        {"type": "photo", "media": "attach://two"},
    ]
    upload = UploadedFile("1.jpg", "image/jpeg", b"1")
    errors = SPEC.validate_call(
        _method("sendMediaGroup"), {"chat_id": 1, "media": media}, {"one": upload}
    )
    assert errors == ["sendMediaGroup: 'attach://two' refers to no uploaded file"]


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("text", "123", "123"),
        ("text", "true", "true"),
        ("text", "[1]", "[1]"),
        ("chat_id", "123", 123),
        ("chat_id", "@channel", "@channel"),
        ("disable_notification", "true", True),
        ("reply_markup", '{"remove_keyboard": true}', {"remove_keyboard": True}),
    ],
)
def test_form_values_are_decoded_by_declared_type(name: str, raw: str, expected: object) -> None:
    assert SPEC.decode_form_value(_method("sendMessage"), name, raw) == expected


def test_spec_file_loads() -> None:
    spec = ApiSpec.load()
    assert spec.version == SPEC.version
    assert len(spec.methods) > 150
