"""Webhook mode: POST each pending update to the bot's URL, retrying on failure."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

import aiohttp

from emulator.models import JsonDict, bad_request
from emulator.updates import UpdateQueue, update_chat

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """The ``setWebhook`` configuration and the task that delivers updates to it.

    Like a local Bot API server, it accepts plain HTTP; unlike Telegram it only
    delivers to loopback hosts. An update is retried ``max_attempts`` times, then
    dropped, with the failure reported by ``getWebhookInfo``.
    """

    def __init__(
        self,
        updates: UpdateQueue,
        now: Callable[[], int],
        *,
        max_attempts: int = 3,
        retry_delay: float = 0.05,
    ) -> None:
        self._updates = updates
        self._now = now
        self._max_attempts = max_attempts
        self._retry_delay = retry_delay
        self._task: asyncio.Task[None] | None = None
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.on_post: Callable[[JsonDict], None] = _ignore
        """Called with each update as it is posted (the emulator notes when it reached the bot)."""

    @property
    def active(self) -> bool:
        """Whether a webhook is set (``getUpdates`` is then refused)."""
        return bool(self.url)

    async def configure(self, url: str, secret_token: str | None, max_connections: int) -> None:
        """Set the webhook and start delivering; an empty ``url`` removes it."""
        if not url:
            await self.remove()
            return
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK_HOSTS:
            raise bad_request("bad webhook: the emulator delivers only to loopback http(s) URLs")
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be 1-100")
        self.url, self.secret_token, self.max_connections = url, secret_token, max_connections
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def remove(self) -> None:
        """Remove the webhook and stop delivering."""
        self.url, self.secret_token = "", None
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def info(self) -> JsonDict:
        """The ``WebhookInfo`` object."""
        info: JsonDict = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": self._updates.pending_count,
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self._updates.allowed_updates is not None:
                info["allowed_updates"] = sorted(self._updates.allowed_updates)
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _run(self) -> None:
        """Deliver like the Bot API server: one update at a time per chat, chats in parallel.

        As tdlib/telegram-bot-api's ``WebhookActor`` does, updates are queued by chat; the
        next update of a chat is posted only after the previous one was answered (or given
        up), and at most ``max_connections`` requests are open at once.
        """
        in_flight: dict[int, asyncio.Task[None]] = {}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            try:
                while True:
                    waiting = asyncio.ensure_future(self._updates.changed.wait())
                    busy: set[object] = set()
                    for update in self._updates.snapshot():
                        key = update_chat(update)
                        if key in busy:
                            continue
                        busy.add(key)
                        update_id = update["update_id"]
                        if update_id in in_flight or len(in_flight) >= self.max_connections:
                            continue
                        task = asyncio.create_task(self._deliver_and_confirm(session, update))
                        in_flight[update_id] = task
                        task.add_done_callback(partial(_forget, in_flight, update_id))
                    await asyncio.wait(
                        [waiting, *in_flight.values()], return_when="FIRST_COMPLETED"
                    )
                    waiting.cancel()
            finally:
                for task in in_flight.values():
                    task.cancel()

    async def _deliver_and_confirm(self, session: aiohttp.ClientSession, update: JsonDict) -> None:
        await self._deliver(session, update)
        self._updates.confirm(update["update_id"])

    async def _deliver(self, session: aiohttp.ClientSession, update: JsonDict) -> None:
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        self.on_post(update)
        for attempt in range(self._max_attempts):
            try:
                async with session.post(self.url, json=update, headers=headers) as response:
                    if 200 <= response.status < 300:
                        return
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {exc or type(exc).__name__}"
            self.last_error_date, self.last_error_message = self._now(), error
            await asyncio.sleep(self._retry_delay * 2**attempt)


def _ignore(_: JsonDict) -> None:
    """No one listens."""


def _forget(in_flight: dict[int, asyncio.Task[None]], update_id: int, _: object) -> None:
    in_flight.pop(update_id, None)
