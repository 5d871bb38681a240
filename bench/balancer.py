"""A round-robin load balancer in front of several webhook instances of the bot.

The emulator's webhook posts every update here; each update goes to the next instance in
turn, with Telegram's secret header, and the instance's answer (status and body) goes back
to the emulator, so a 503 from an instance is retried as Telegram would.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence

import aiohttp
from aiohttp import web

from emulator.webhook import SECRET_HEADER

PATH = "/telegram"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (for a child process to bind)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class RoundRobin:
    """Hands each posted update to ``targets`` in turn and relays the answer."""

    def __init__(self, targets: Sequence[str]) -> None:
        """Forward to ``targets`` (the instances' webhook URLs)."""
        self.targets = list(targets)
        self.posted = [0] * len(self.targets)
        """Updates posted to each instance (retries included)."""
        self.url = ""
        """Where the emulator should post: set by :meth:`start`."""
        self._turn = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self, host: str = "127.0.0.1") -> None:
        """Listen on a free port of ``host``; sets :attr:`url`."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=5),
            connector=aiohttp.TCPConnector(limit=0),
        )
        app = web.Application()
        app.router.add_post(PATH, self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, 0).start()
        self.url = f"http://{host}:{self._runner.addresses[0][1]}{PATH}"

    async def stop(self) -> None:
        """Stop listening and close the connections to the instances."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        index = self._turn % len(self.targets)
        self._turn += 1
        self.posted[index] += 1
        headers = {
            SECRET_HEADER: request.headers.get(SECRET_HEADER, ""),
            "Content-Type": request.headers.get("Content-Type", "application/json"),
        }
        try:
            async with self._session.post(
                self.targets[index], data=body, headers=headers
            ) as answer:
                content = await answer.read()
                kind = answer.headers.get("Content-Type")
                return web.Response(
                    status=answer.status,
                    body=content,
                    headers={"Content-Type": kind} if kind else None,
                )
        except aiohttp.ClientError:
            return web.Response(status=502)
