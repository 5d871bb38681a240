"""The page's server: only this machine's browser, only this page's script, nothing fetched."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.cli.sandbox.session import Sandbox
from bot.cli.sandbox.web import (
    STATIC_FILES,
    TOKEN_HEADER,
    SandboxServer,
    default_fixed_start,
    static_file,
)
from flows.sources import LAW_AS_OF
from tests.sandbox.conftest import start_sandbox

TOKEN = "test-token"


@pytest.fixture
async def server(sandbox: Sandbox) -> AsyncIterator[SandboxServer]:
    started = SandboxServer(sandbox, TOKEN, default_fixed_start(ZoneInfo("Europe/Moscow")))
    await started.start(0)
    try:
        yield started
    finally:
        await started.stop()


async def test_the_page_carries_its_token_and_a_strict_content_policy(
    server: SandboxServer,
) -> None:
    async with aiohttp.ClientSession() as http, http.get(server.url) as response:
        page = await response.text()
        policy = response.headers["Content-Security-Policy"]
    assert f'content="{TOKEN}"' in page
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy


def test_the_page_loads_nothing_from_elsewhere() -> None:
    for name in STATIC_FILES:
        text = static_file(name).decode()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)|@import|url\(", text), name
    addresses = re.findall(r'(?:src|href)="([^"]*)"', static_file("index.html").decode())
    assert addresses and all(a.startswith(("/static/", "#")) for a in addresses), addresses


async def test_other_host_names_and_requests_without_the_token_are_refused(
    server: SandboxServer, sandbox: Sandbox
) -> None:
    send = f"{server.url}api/send"
    body = {"pane": "person", "text": "/start"}
    async with aiohttp.ClientSession() as http:
        async with http.get(server.url, headers={"Host": "attacker.example"}) as response:
            assert response.status == 421, "no DNS rebinding"
        async with http.post(send, json=body) as response:
            assert response.status == 403
        async with http.post(send, json=body, headers={TOKEN_HEADER: "wrong"}) as response:
            assert response.status == 403
        assert sandbox.state()["panes"]["person"]["messages"] == []
        async with http.post(send, json=body, headers={TOKEN_HEADER: TOKEN}) as response:
            assert response.status == 200
        assert sandbox.state()["panes"]["person"]["messages"][0]["html"].endswith(
            "/start</button>"
        )
        stale = {"pane": "person", "message_id": 1, "row": 0, "column": 0}
        async with http.post(
            f"{server.url}api/press", json=stale, headers={TOKEN_HEADER: TOKEN}
        ) as response:
            assert response.status == 409
            assert (await response.json())["error"] == "That button is no longer there."
        for missing in ("static/secret.key", "static/..%2Fsession.py", "files/1/EMU-FILE-x"):
            async with http.get(server.url + missing) as response:
                assert response.status == 404, missing


async def test_the_state_streams_as_server_sent_events(server: SandboxServer) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{server.url}api/events") as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        assert await response.content.readline() == b"event: state\n"
        data = (await response.content.readline()).decode().removeprefix("data: ")
    state = json.loads(data)
    assert state["session"] == 1 and set(state["panes"]) == {"person", "lawyer", "coordinator"}
    assert {c["code"] for c in state["choices"]["clocks"]} == {"real", "fixed"}


def test_the_fixed_clock_starts_after_the_legal_contents_date() -> None:
    start = default_fixed_start(ZoneInfo("Europe/Moscow"))
    assert start.date() > LAW_AS_OF and start.weekday() == 0 and start.hour == 10
    assert (start.date() - LAW_AS_OF).days <= 7


def test_ctrl_c_stops_the_sandbox_and_deletes_its_data(tmp_path: Path) -> None:
    running = start_sandbox(tmp_path)
    assert running.folder.is_dir() and any(running.folder.iterdir()), "a session's database"
    status, said = running.stop()
    assert status == 0, said
    assert "its data is deleted" in said
    assert not running.folder.exists()
    assert list(tmp_path.iterdir()) == [], "nothing written where it was started"
