"""Running the bot: the token is checked and never shown, seeds load into an empty database,
the command menus are set per scope, and a webhook works as well as polling."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import pytest

from bot.cli import main

if TYPE_CHECKING:
    from bot_harness import RunningBot, StartBot
    from fake_telegram import FakeTelegram

pytest_plugins = ["fake_telegram", "bot_harness"]

ROOT = Path(__file__).resolve().parents[1]
SECRET = "AAFakeTokenForTestsOnly-0123456789ab"  # the secret half of the fake's token


@pytest.fixture
def bare_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token in the environment, and no .env in the working directory."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "WEBHOOK_")):
            monkeypatch.delenv(key)


@pytest.mark.parametrize(("token", "problem"), [
    (None, "TELEGRAM_BOT_TOKEN is not set"),
    ("   ", "TELEGRAM_BOT_TOKEN is not set"),
    ("12345:short", "TELEGRAM_BOT_TOKEN is malformed"),
    ("bot123456789:AAFakeTokenForTestsOnly-0123456789ab", "TELEGRAM_BOT_TOKEN is malformed"),
])
def test_a_missing_or_malformed_token_is_one_line_and_exit_code_2(
        bare_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        token: str | None, problem: str) -> None:
    if token is not None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert main(["run"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: {problem}") and err.count("\n") == 1
    assert token is None or token.strip() == "" or token not in err


def bot_env(fake: FakeTelegram, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(PYTHONPATH=str(ROOT), TELEGRAM_API_BASE_URL=fake.base_url,
               DATABASE_PATH=str(tmp_path / "bot.db"), SEEDS_DIR=str(ROOT / "seeds"),
               ADMIN_USER_IDS="42", **extra)
    return env


async def start_process(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_a_rejected_token_is_one_line_and_exit_code_2(fake: FakeTelegram,
                                                            tmp_path: Path) -> None:
    wrong = "987654321:AAWrongTokenWrongTokenWrongToken1234"
    process = await start_process(bot_env(fake, tmp_path, TELEGRAM_BOT_TOKEN=wrong), tmp_path)
    out, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 2
    assert err.decode() == ("error: Telegram rejected TELEGRAM_BOT_TOKEN: check it with "
                            "@BotFather\n")
    assert wrong.encode() not in out + err


async def test_the_token_never_reaches_the_logs(fake: FakeTelegram, tmp_path: Path) -> None:
    env = bot_env(fake, tmp_path, TELEGRAM_BOT_TOKEN=fake.token, LOG_LEVEL="DEBUG")
    process = await start_process(env, tmp_path)
    try:
        user = fake.user(1001)
        answered = fake.send(fake.private(user), user, "How much is the contract worth?")
        reply = await fake.reply_to(answered, timeout=20)
        fake.fail("sendMessage", 400, "Bad Request: message to be replied not found")
        failed = fake.send(fake.private(user), user, "What is the capital of France?")
        await fake.reply_to(failed, timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 20)
    logs = (out + err).decode()
    assert process.returncode == 0
    assert "$1.6bn" in reply.params["text"]
    assert "Traceback" in logs and "message to be replied not found" in logs.lower()
    assert "Set Bot API URL: " in logs and "[redacted]" in logs
    assert SECRET not in logs and fake.token not in logs
    assert "HTTP Request:" not in logs  # httpx's request lines, which carry the URL


async def test_the_command_menus_are_set_per_scope(bot: RunningBot) -> None:
    menus = {scope: [c["command"] for c in commands]
             for scope, commands in bot.fake.commands.items()}
    assert menus == {
        "all_private_chats": ["help", "start"],
        "all_group_chats": ["ask", "help"],
        "all_chat_administrators": ["ask", "help", "subscribe", "unsubscribe"],
        "chat:42": ["help", "start", "reload", "stats", "unanswered"],
    }


async def test_seeds_load_at_start_up_only_into_an_empty_database(start_bot: StartBot,
                                                                  tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    async with start_bot(seeds_dir=seeds) as bot:
        first = [d.id for d in await bot.services.engine.documents()]
    (seeds / "later.md").write_text("---\ntitle: Later\n---\nA later article of 12 words.\n",
                                    encoding="utf-8")
    async with start_bot(seeds_dir=seeds) as bot:
        second = [d.id for d in await bot.services.engine.documents()]
    assert first == second == ["italy-spacex-starship"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_registers_the_hook_and_answers_through_it(
        start_bot: StartBot, fake: FakeTelegram) -> None:
    port, secret = free_port(), "hook-Secret_123"
    url = "https://bot.example.org/telegram/hook"
    async with start_bot(webhook_url=url, webhook_listen="127.0.0.1", webhook_port=port,
                         webhook_secret=secret):
        assert fake.webhook is not None
        assert (fake.webhook["url"], fake.webhook["secret_token"]) == (url, secret)
        user = fake.user(1001)
        message = fake.message(fake.private(user), user, "How much is the contract worth?")
        hook = f"http://127.0.0.1:{port}/telegram/hook"
        async with aiohttp.ClientSession() as session:
            async with session.post(hook, json={"update_id": 1, "message": message},
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                                    ) as refused:
                assert refused.status == 403
            async with session.post(hook, json={"update_id": 2, "message": message},
                                    headers={"X-Telegram-Bot-Api-Secret-Token": secret}
                                    ) as accepted:
                assert accepted.status == 200
        reply = await fake.reply_to(message)
    assert "$1.6bn" in reply.params["text"]
    assert fake.called("getUpdates") == []
