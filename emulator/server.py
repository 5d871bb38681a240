"""The emulator's HTTP server: ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import random
import re
import time
from collections import deque
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType

from aiohttp import web

from emulator.http_params import read_params
from emulator.limits import check_limits
from emulator.methods import HANDLERS, UnsupportedByEmulator
from emulator.models import ApiError, Call, JsonDict, UploadedFile, bad_request
from emulator.notify import Notifier
from emulator.people import Simulation
from emulator.spec import ApiSpec, Entry, default_spec
from emulator.state import EmulatorState

TOKEN = re.compile(r"(\d+):[A-Za-z0-9_-]+")
MAX_UPLOAD = 60 * 1024 * 1024
SHUTDOWN_TIMEOUT = 0.5  # seconds granted to open long polls when stopping


@dataclass
class RandomFaults:
    """Errors Telegram might answer any call with, at random (see ``fail_randomly``)."""

    rng: random.Random
    rate: float
    statuses: tuple[int, ...]
    retry_after: int

    def maybe_fail(self) -> None:
        """Raise one of the errors, for a share ``rate`` of calls."""
        if self.rng.random() >= self.rate:
            return
        status = self.rng.choice(self.statuses)
        if status == TOO_MANY_REQUESTS:
            description = f"Too Many Requests: retry after {self.retry_after}"
            raise ApiError(status, description, self.retry_after)
        raise ApiError(status, "Internal Server Error" if status == 500 else "Bad Gateway")


TOO_MANY_REQUESTS = 429


class BotApiEmulator(Simulation):
    """An offline Telegram Bot API server that validates every call against the spec.

    Point a bot at :attr:`base_url` / :attr:`base_file_url`, drive simulated people with
    the :class:`~emulator.people.Simulation` methods, observe :attr:`calls` and
    :attr:`violations`. With ``strict=False`` violations are recorded but calls proceed.
    """

    def __init__(
        self,
        *,
        token_bot_id: int | None = None,
        strict: bool = True,
        clock: Callable[[], float] = time.time,
        spec: ApiSpec | None = None,
        latency: float = 0.0,
    ) -> None:
        super().__init__(EmulatorState(clock), spec or default_spec())
        self.latency = latency
        """Seconds every method call waits before it is answered (network delay, benchmarks)."""
        self._listeners: list[Callable[[Call], None]] = []
        self._token_bot_id = token_bot_id
        self._strict = strict
        self.calls: list[Call] = []
        """Every call the bot made, in order of completion."""
        self.violations: list[str] = []
        """Every spec or limit violation (and emulator gap) seen."""
        self._faults: dict[str, deque[tuple[int | None, ApiError, bool]]] = {}
        self._random_faults: RandomFaults | None = None
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._call_made = Notifier()
        self._delivered: dict[int, int] = {}
        """Update id -> the index in :attr:`calls` from which the bot had the update."""
        self._state.webhook.on_post = self._posting
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on ``host:port`` (port 0 picks a free one); sets :attr:`url`."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.url = f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """Stop webhook delivery and the server."""
        await self._state.webhook.remove()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    # --- faults ------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str,
        retry_after: int | None = None,
        count: int = 1,
        chat_id: int | None = None,
        after_executing: bool = False,
    ) -> None:
        """Answer the next ``count`` valid calls of ``method`` with this error.

        With ``chat_id``, only calls for that chat fail (Telegram's flood limits are per chat).
        With ``after_executing`` the call takes effect first (the message is shown) and only
        its answer is the error: a reply lost on its way back, which the bot cannot tell
        from a call that failed.
        """
        entry = self._spec.method(method)
        if entry is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        error = ApiError(status, description, retry_after)
        fault = (chat_id, error, after_executing)
        self._faults.setdefault(entry.name, deque()).extend([fault] * count)

    def fail_randomly(
        self,
        rate: float,
        *,
        seed: int,
        statuses: Sequence[int] = (429, 500, 502),
        retry_after: int = 1,
    ) -> None:
        """From now on answer a share ``rate`` of all calls with one of ``statuses``.

        A 429 carries ``retry_after`` (seconds), as Telegram's flood control does. The
        choice is random but repeatable (``seed``). ``rate=0`` stops it.
        """
        self._random_faults = (
            RandomFaults(random.Random(seed), rate, tuple(statuses), retry_after) if rate else None
        )

    # --- observing ---------------------------------------------------------------------

    def add_call_listener(self, listener: Callable[[Call], None]) -> None:
        """Call ``listener`` with every :class:`Call` as it completes (e.g. for load tests,
        where scanning :attr:`calls` per waiter would cost more than the bot under test)."""
        self._listeners.append(listener)

    def mark(self) -> int:
        """A point in :attr:`calls`: pass it as ``after`` to consider only later calls."""
        return len(self.calls)

    async def first_call(
        self,
        predicate: Callable[[Call], bool],
        *,
        after: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API mirrors asyncio.wait_for
        expected: str = "matching call",
    ) -> Call:
        """The first call matching ``predicate`` from index ``after`` on, as soon as it is made.

        ``after`` defaults to :meth:`mark` now, i.e. only calls made from now on. On
        timeout an ``AssertionError`` names what was ``expected`` and what came instead.
        """
        start = index = self.mark() if after is None else after
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for call in self.calls[index:]:
                        if predicate(call):
                            return call
                    index = len(self.calls)
                    await self._call_made.wait()
        except TimeoutError:
            made = [c.method for c in self.calls[start:] if c.method != "getUpdates"]
            raise AssertionError(f"no {expected} within {timeout}s; got {made}") from None

    async def wait_for(
        self,
        method: str | Collection[str],
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API mirrors asyncio.wait_for
        after: int | None = None,
    ) -> Call:
        """The first call of ``method`` (or any of several) matching ``predicate``, from ``after``."""
        methods = {method.lower()} if isinstance(method, str) else {m.lower() for m in method}
        return await self.first_call(
            lambda call: call.method.lower() in methods and (predicate is None or predicate(call)),
            after=after,
            timeout=timeout,
            expected=f"matching {method} call",
        )

    async def reply_to(
        self,
        update_id: int,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API mirrors asyncio.wait_for
    ) -> Call:
        """The bot's reply to update ``update_id``, as soon as it is made.

        That is the first call about the update's chat (or answering its callback query)
        made after the update reached the bot, and matching ``predicate`` if given.
        """
        subject = self.subject(update_id)

        def replies(call: Call) -> bool:
            about = call.params.get("chat_id") == subject.chat or (
                subject.callback_query_id is not None
                and call.params.get("callback_query_id") == subject.callback_query_id
            )
            return about and (predicate is None or predicate(call))

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id not in self._delivered:
            if loop.time() >= deadline:
                raise AssertionError(f"update {update_id} did not reach the bot within {timeout}s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._call_made.wait(), deadline - loop.time())
        return await self.first_call(
            replies,
            after=self._delivered[update_id],
            timeout=max(deadline - loop.time(), 0.0),
            expected=f"reply to update {update_id} in chat {subject.chat}",
        )

    async def confirmed(
        self,
        update_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API mirrors asyncio.wait_for
    ) -> None:
        """Wait until update ``update_id`` left the queue.

        The bot confirmed it (a later ``getUpdates`` offset), or its webhook delivery ended
        (answered, or given up after the retries).
        """
        updates = self._state.updates
        try:
            async with asyncio.timeout(timeout):
                while updates.is_pending(update_id):
                    await updates.changed.wait()
        except TimeoutError:
            raise AssertionError(f"update {update_id} still pending after {timeout}s") from None

    async def wait_idle(
        self,
        quiet: float = 0.2,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API mirrors asyncio.wait_for
    ) -> None:
        """Wait until no update is pending and the bot made no call for ``quiet`` seconds.

        For interactive use (the demo) and load runs. Tests wait for the call they expect
        instead (:meth:`reply_to`, :meth:`first_call`): a quiet moment is not an answer,
        and under load it comes too early or never.
        """
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            updates = self._state.updates
            last = max(self._last_activity, updates.last_change)
            pending = updates.pending_count
            if not pending and not self._in_flight and now - last >= quiet:
                return
            if now >= deadline:
                raise AssertionError(
                    f"not idle after {timeout}s: {pending} pending updates, "
                    f"{self._in_flight} calls in progress"
                )
            await asyncio.sleep(min(0.02, quiet))

    # --- HTTP --------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        busy = name.lower() != "getupdates"
        self._in_flight += int(busy)
        started = self._state.clock()
        params: JsonDict = {}
        body: JsonDict
        try:
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            entry = self._authorize(request.match_info["token"], name)
            name = entry.name
            params, attachments = await read_params(request, self._spec, entry)
            self._validate(entry, params, attachments)
            body = {"ok": True, "result": await self._execute(entry, params)}
        except ApiError as error:
            body = error.as_response()
        finally:
            self._in_flight -= int(busy)
        status = int(body.get("error_code", 200))
        call = Call(len(self.calls), name, params, started, status, body)
        self.calls.append(call)
        if name == "getUpdates" and isinstance(body.get("result"), list):
            for update in body["result"]:
                self._delivered.setdefault(update["update_id"], call.index)
        for listener in self._listeners:
            listener(call)
        if busy or body.get("result"):
            self._last_activity = time.monotonic()
        self._call_made.notify()
        return web.json_response(body, status=status)

    def _posting(self, update: JsonDict) -> None:
        """The webhook is posting ``update``: the bot has it from the next call on."""
        self._delivered.setdefault(update["update_id"], len(self.calls))

    def _authorize(self, token: str, method_name: str) -> Entry:
        match = TOKEN.fullmatch(token)
        if match is None or self._token_bot_id not in (None, int(match.group(1))):
            raise ApiError(401, "Unauthorized")
        self._state.bot_id = int(match.group(1))
        entry = self._spec.method(method_name)
        if entry is None:
            self.violations.append(f"unknown method {method_name!r}")
            raise ApiError(404, "Not Found")
        return entry

    def _validate(
        self, entry: Entry, params: JsonDict, attachments: Mapping[str, UploadedFile]
    ) -> None:
        problems = self._spec.validate_call(entry, params, attachments)
        if not problems:
            problems = [f"{entry.name}: {p}" for p in check_limits(entry.name, params)]
        self.violations += problems
        if problems and self._strict:
            raise bad_request(problems[0].removeprefix(f"{entry.name}: "))

    async def _execute(self, entry: Entry, params: JsonDict) -> object:
        faults = self._faults.get(entry.name)
        if faults:
            chat_id, error, after_executing = faults[0]
            if chat_id is None or params.get("chat_id") == chat_id:
                faults.popleft()
                if after_executing:
                    await self._run(entry, params)
                raise error
        if self._random_faults is not None:
            self._random_faults.maybe_fail()
        return await self._run(entry, params)

    async def _run(self, entry: Entry, params: JsonDict) -> object:
        handler = HANDLERS.get(entry.name)
        if handler is None:
            self.violations.append(f"{entry.name}: method not supported by the emulator")
            raise bad_request("method not supported by the emulator")
        try:
            result = copy.deepcopy(await handler(self._state, params))
        except UnsupportedByEmulator as error:
            self.violations.append(f"{entry.name}: {error.description}")
            raise
        except ApiError:
            raise
        except Exception as exc:  # a bug here, or a lenient-mode call with bad params
            self.violations.append(f"{entry.name}: emulator failed: {exc!r}")
            raise ApiError(500, "Internal Server Error") from exc
        problems = self._spec.check_value(result, entry.returns, f"{entry.name} result")
        self.violations += [f"emulator bug: {p}" for p in problems]
        return result

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        stored = next(
            (f for f in self._state.files.values() if f.file_path == path and f.data), None
        )
        if stored is None or stored.data is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data)
