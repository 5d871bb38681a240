"""The sandbox page on 127.0.0.1: static files (package data), live state, a small JSON API.

Only this machine's browser may use it: the server listens on the loopback address only,
answers only requests addressed to that host name (no DNS rebinding), and acts only on
requests carrying the page's token in a header (no other site can send one). The page loads
nothing from anywhere else (Content-Security-Policy ``'self'``).
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from importlib import resources
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.cli.sandbox.languages import APP_LANGUAGES, LAWYER_LOCALES
from bot.cli.sandbox.scenarios import SCENARIOS, Pane
from bot.cli.sandbox.session import (
    SCENARIO_CHOICES,
    Options,
    Sandbox,
    SandboxError,
)
from bot.core.i18n import native_name
from flows.sources import LAW_AS_OF

HOST = "127.0.0.1"
STATIC_FILES = frozenset({"index.html", "sandbox.css", "sandbox.js", "favicon.svg"})
TOKEN_HEADER = "X-Sandbox-Token"
TOKEN_PLACEHOLDER = "__SANDBOX_TOKEN__"
KEEPALIVE = 15.0
SHUTDOWN_TIMEOUT = 0.5
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def static_file(name: str) -> bytes:
    """One of the page's files, read from the installed package."""
    return resources.files("bot.cli.sandbox").joinpath("static", name).read_bytes()


def default_fixed_start(zone: ZoneInfo) -> datetime:
    """The fixed clock's start: 10:00 on the first Monday after the legal content's date."""
    day = LAW_AS_OF + timedelta(days=1)
    while day.weekday() != 0:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), zone)


class SandboxServer:
    """Serves one :class:`Sandbox` to the browser."""

    def __init__(self, sandbox: Sandbox, token: str, fixed_start: datetime) -> None:
        """``token`` authorises the page's actions; ``fixed_start`` is the fixed clock."""
        self.sandbox = sandbox
        self.token = token
        self.fixed_start = fixed_start
        self.url = ""
        self._hosts: frozenset[str] = frozenset()
        self._runner: web.AppRunner | None = None
        self._closing = False

    async def start(self, port: int) -> str:
        """Listen on ``127.0.0.1:port`` (0: a free port); returns the page's address."""
        app = web.Application(middlewares=[self._guard])
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", self._static)
        app.router.add_get("/api/events", self._events)
        app.router.add_post("/api/{action}", self._action)
        app.router.add_get("/files/{session:\\d+}/{file_id}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, port).start()
        bound = self._runner.addresses[0][1]
        self._hosts = frozenset({f"{HOST}:{bound}", f"localhost:{bound}"})
        self.url = f"http://{HOST}:{bound}/"
        return self.url

    async def stop(self) -> None:
        """End the live streams and stop serving."""
        self._closing = True
        self.sandbox.changed.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in self._hosts:
            raise web.HTTPMisdirectedRequest(text="This sandbox answers only on " + self.url)
        response = await handler(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    async def _index(self, request: web.Request) -> web.Response:
        page = static_file("index.html").decode().replace(TOKEN_PLACEHOLDER, self.token)
        return web.Response(text=page, content_type="text/html")

    async def _static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return web.Response(body=static_file(name), content_type=kind, charset="utf-8")

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """The page's state as Server-Sent Events: now, then after every change."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        response.headers.update(SECURITY_HEADERS)
        await response.prepare(request)
        changes = self.sandbox.changed
        sent = -1
        while not self._closing:
            if changes.count != sent:
                sent = changes.count
                state = {**self.sandbox.state(), "choices": self._choices()}
                await response.write(f"event: state\ndata: {json.dumps(state)}\n\n".encode())
                continue
            try:
                await asyncio.wait_for(changes.wait(), KEEPALIVE)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
        return response

    def _choices(self) -> dict[str, Any]:
        zone = self.fixed_start.tzinfo
        fixed = self.fixed_start.astimezone(zone).strftime("%a %d %b %Y, %H:%M")
        return {
            "languages": [{"code": c, "name": n} for c, n in APP_LANGUAGES.items()],
            "lawyer_locales": [{"code": c, "name": native_name(c)} for c in LAWYER_LOCALES],
            "clocks": [
                {"code": "real", "name": "Real time"},
                {"code": "fixed", "name": f"Fixed start: {fixed}"},
            ],
            "scenarios": SCENARIO_CHOICES,
        }

    async def _action(self, request: web.Request) -> web.Response:
        if request.headers.get(TOKEN_HEADER) != self.token:
            raise web.HTTPForbidden(text="missing or wrong sandbox token")
        try:
            body = await request.json()
            await self._act(request.match_info["action"], body)
        except SandboxError as error:
            return web.json_response({"error": str(error)}, status=409)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return web.json_response({"error": f"bad request: {error}"}, status=400)
        return web.json_response({"ok": True})

    async def _act(self, action: str, body: dict[str, Any]) -> None:
        sandbox = self.sandbox
        match action:
            case "send":
                reply_to = body.get("reply_to")
                sandbox.send(
                    Pane(body["pane"]),
                    str(body["text"]),
                    None if reply_to is None else int(reply_to),
                )
            case "press":
                sandbox.press(
                    Pane(body["pane"]),
                    int(body["message_id"]),
                    int(body["row"]),
                    int(body["column"]),
                )
            case "language":
                sandbox.set_language(str(body["language_code"]))
            case "reset":
                options = Options(
                    language_code=str(body.get("language_code", sandbox.options.language_code)),
                    lawyer_locale=str(body.get("lawyer_locale", sandbox.options.lawyer_locale)),
                    clock=self.fixed_start if body.get("clock") == "fixed" else None,
                )
                scenario = SCENARIOS.get(str(body.get("scenario", "")))
                await sandbox.reset(options, scenario, int(body.get("upto", -1)))
            case _:
                raise web.HTTPNotFound()

    async def _file(self, request: web.Request) -> web.Response:
        data = self.sandbox.file(int(request.match_info["session"]), request.match_info["file_id"])
        name = request.query.get("name", "file")
        if data is None:
            raise web.HTTPNotFound(text="This file belonged to an earlier session.")
        return web.Response(
            body=data,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )
