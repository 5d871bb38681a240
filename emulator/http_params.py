"""Reading Bot API call parameters from any of the accepted request encodings."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from emulator.models import UploadedFile, bad_request
from emulator.spec import ApiSpec, Entry


async def read_params(
    request: web.Request, spec: ApiSpec, method: Entry
) -> tuple[dict[str, object], dict[str, UploadedFile]]:
    """Parameters and ``attach://`` uploads of a call.

    Accepts a query string plus a JSON, form-urlencoded or multipart body. Form values
    are JSON-decoded where that matches the parameter's declared type (PTB JSON-encodes
    non-string values). File parts named like a parameter are that parameter's value;
    other file parts are uploads referenced as ``attach://<name>``.
    """
    params: dict[str, object] = _decoded(spec, method, request.query)
    attachments: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        params.update(_decoded(spec, method, fields))
        for name, value in form.items():
            if isinstance(value, web.FileField):
                upload = UploadedFile(value.filename, value.content_type, value.file.read())
                if name in method.fields:
                    params[name] = upload
                else:
                    attachments[name] = upload
    return params, attachments


def _decoded(spec: ApiSpec, method: Entry, fields: Mapping[str, str]) -> dict[str, object]:
    return {name: spec.decode_form_value(method, name, raw) for name, raw in fields.items()}
