"""The Telegram bot's bars (issue 3), through the fake Bot API server on loopback.

    .venv/bin/python -m bench.bot_bench [--seconds 10] [--groups 1000] [--only questions|broadcast]

The bot runs as it does in production, ``python -m bot run`` in its own process, polling the
fake server (``tests/fake_telegram.py``) that this process runs. Two measurements:

* Questions: 20 private chats ask the shipped seed's article questions, first at a steady
  150 a second (open loop: the rate is kept whatever the answers do), then as fast as the
  answers come (closed loop: each chat asks again when answered). The round trip is from the
  moment an update is available to getUpdates to the moment the answer reaches sendMessage.
  Per-user flood protection is lifted for this (QUESTIONS_PER_WINDOW): the load comes from 20
  people asking 7.5 questions a second each, which the bot would otherwise politely refuse.
* Broadcast: 1,000 subscribed groups, a /reload that adds an article; every group must be
  notified exactly once, paced at Telegram's 30 messages a second. Run three times: without
  interruption, with SIGTERM (a graceful stop, as systemd or docker send) halfway and an
  immediate restart, and with SIGKILL (a crash) halfway and an immediate restart. The ideal
  time for N messages evenly paced at 30/s is (N - 1) / 30 seconds.

Prints the figures; ``--json FILE`` also writes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_telegram import Call, FakeTelegram  # noqa: E402

from facts import Engine  # noqa: E402

ADMIN = 42
CHATS = 20
RATE = 150.0
PACE = 30.0
QUESTIONS = [
    "How much is the contract worth?",
    "How long would the contract run?",
    "Who leads SpaceX?",
    "When is the next Starship flight?",
    "How many Starlink simulators will Starship deploy?",
    "Which ministry approved the agreement?",
    "How many countries does Starlink serve?",
    "What is the capital of France?",
]
ARTICLE = """\
---
title: "Harbour town opens a $12m solar farm"
---
The town of Lakeside opened a $12m solar farm on Monday, built by Helio Works in 14 months.
The farm will supply power to 8,000 homes and cut the town's energy bills by 20%.
"""


# -- the bot process ----------------------------------------------------------------------


def bot_env(fake: FakeTelegram, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=fake.token,
               TELEGRAM_API_BASE_URL=fake.base_url, ADMIN_USER_IDS=str(ADMIN),
               SEEDS_DIR=str(folder / "seeds"), DATABASE_PATH=str(folder / "bot.db"),
               QUESTIONS_PER_WINDOW="1000000", LOG_LEVEL="WARNING")
    return env


async def start_bot(fake: FakeTelegram, folder: Path) -> asyncio.subprocess.Process:
    """``python -m bot run``, returned once it polls."""
    polls = len(fake.calls)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=folder, env=bot_env(fake, folder),
        stderr=open(folder / "bot.log", "ab"))  # noqa: SIM115 - the child owns it
    while not any(c.method == "getUpdates" for c in fake.calls[polls:]):
        if process.returncode is not None:
            raise SystemExit(f"the bot exited with {process.returncode}; see {folder}/bot.log")
        await asyncio.sleep(0.01)
    return process


async def stop_bot(process: asyncio.subprocess.Process, how: int = signal.SIGTERM) -> None:
    process.send_signal(how)
    await asyncio.wait_for(process.wait(), 30)


def prepare(folder: Path) -> None:
    (folder / "seeds").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", folder / "seeds", dirs_exist_ok=True)


# -- questions ----------------------------------------------------------------------------


async def questions(seconds: float) -> dict[str, Any]:
    fake = FakeTelegram()
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="bot-bench-q-"))
    prepare(folder)
    process = await start_bot(fake, folder)
    try:
        users = [fake.user(10_000 + i, f"Reader {i}") for i in range(CHATS)]
        await open_loop(fake, users, 2.0)  # warm up: first index load, connections
        steady = await with_cpu(process.pid, open_loop(fake, users, seconds))
        flat_out = await with_cpu(process.pid, closed_loop(fake, users, seconds))
    finally:
        await stop_bot(process)
        await fake.stop()
        shutil.rmtree(folder)
    return {"open_loop_150": steady, "closed_loop": flat_out}


async def with_cpu(pid: int, phase: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """The phase's figures, with the bot process's CPU time per answer and the machine's
    load (other work on this 2-core machine competes with the bot for CPU)."""
    before = cpu_seconds(pid)
    result = await phase
    used = cpu_seconds(pid) - before
    result["bot_cpu_ms_per_answer"] = round(1000 * used / max(1, result["answered"]), 2)
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def open_loop(fake: FakeTelegram, users: list[dict[str, Any]], seconds: float
                    ) -> dict[str, Any]:
    """Ask at RATE questions a second, round robin over the chats, for ``seconds``."""
    start = time.monotonic()
    asked = []
    for n in range(int(RATE * seconds)):
        delay = start + n / RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[n % len(users)]
        asked.append(fake.send(fake.private(user), user, QUESTIONS[n % len(QUESTIONS)]))
    await settle(fake, asked)
    return figures(fake, asked, time.monotonic() - start)


async def closed_loop(fake: FakeTelegram, users: list[dict[str, Any]], seconds: float
                      ) -> dict[str, Any]:
    """Each chat asks again as soon as it is answered, for ``seconds``."""
    asked: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds
    start = time.monotonic()

    async def chat(user: dict[str, Any]) -> None:
        n = 0
        while time.monotonic() < deadline:
            message = fake.send(fake.private(user), user, QUESTIONS[n % len(QUESTIONS)])
            asked.append(message)
            await fake.reply_to(message, timeout=30)
            n += 1

    await asyncio.gather(*(chat(u) for u in users))
    return figures(fake, asked, time.monotonic() - start)


async def settle(fake: FakeTelegram, asked: list[dict[str, Any]], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(replies(fake, asked)) < len(asked) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


def replies(fake: FakeTelegram, asked: list[dict[str, Any]]) -> dict[tuple[int, int], Call]:
    wanted = {(m["chat"]["id"], m["message_id"]) for m in asked}
    out = {}
    for call in fake.calls:
        if call.method == "sendMessage" and "reply_parameters" in call.params:
            key = (call.params["chat_id"], call.params["reply_parameters"]["message_id"])
            if key in wanted:
                out[key] = call
    return out


def figures(fake: FakeTelegram, asked: list[dict[str, Any]], elapsed: float) -> dict[str, Any]:
    answered = replies(fake, asked)
    rtts = sorted((call.at - fake.injected_at[key]) * 1000 for key, call in answered.items())
    last = max((c.at for c in answered.values()), default=0.0)
    first = min((fake.injected_at[(m["chat"]["id"], m["message_id"])] for m in asked),
                default=0.0)
    return {
        "asked": len(asked), "answered": len(answered), "seconds": round(elapsed, 2),
        "answers_per_second": round(len(answered) / (last - first), 1) if last else 0.0,
        "rtt_ms_median": round(statistics.median(rtts), 2) if rtts else None,
        "rtt_ms_p95": round(rtts[int(0.95 * (len(rtts) - 1))], 2) if rtts else None,
        "rtt_ms_p99": round(rtts[int(0.99 * (len(rtts) - 1))], 2) if rtts else None,
        "rtt_ms_max": round(rtts[-1], 2) if rtts else None,
    }


# -- broadcast ----------------------------------------------------------------------------


async def broadcast(groups: int, interruption: int | None) -> dict[str, Any]:
    """Notify ``groups`` subscribed groups of a reload; with ``interruption`` (a signal),
    stop the bot that way halfway and restart it at once."""
    fake = FakeTelegram()
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="bot-bench-b-"))
    prepare(folder)
    ids = [-1_001_000_000_000 - i for i in range(1, groups + 1)]
    await subscribe(folder, ids)
    process = await start_bot(fake, folder)
    restarted_after = None
    try:
        (folder / "seeds" / "lakeside-solar.md").write_text(ARTICLE, encoding="utf-8")
        fake.send(fake.private(fake.user(ADMIN)), fake.user(ADMIN), "/reload")
        if interruption is not None:
            await until(lambda: len(notices(fake)) >= groups // 2, 120)
            restarted_after = len(notices(fake))
            await stop_bot(process, interruption)
            process = await start_bot(fake, folder)
        await until(lambda: len(set(notices(fake))) >= groups, 300)
        await asyncio.sleep(2.0)  # time for a duplicate to show
        pending = outbox_pending(folder / "bot.db")
    finally:
        await stop_bot(process)
        await fake.stop()
        shutil.rmtree(folder)
    return broadcast_figures(fake, ids, restarted_after, pending)


async def subscribe(folder: Path, ids: list[int]) -> None:
    engine = await Engine.open(folder / "bot.db")
    try:
        await engine.reload(folder / "seeds")
        for chat_id in ids:
            await engine.store.subscribe(chat_id, f"Group {chat_id}")
    finally:
        await engine.close()


def notices(fake: FakeTelegram) -> list[int]:
    return [c.params["chat_id"] for c in fake.calls
            if c.method == "sendMessage" and c.error is None and c.params["chat_id"] < 0]


async def until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the broadcast")
        await asyncio.sleep(0.01)


def outbox_pending(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dropped IS NULL").fetchone()
    return int(row[0])


def broadcast_figures(fake: FakeTelegram, ids: list[int], restarted_after: int | None,
                      pending: int) -> dict[str, Any]:
    calls = [c for c in fake.calls
             if c.method == "sendMessage" and c.error is None and c.params["chat_id"] < 0]
    counts = Counter(c.params["chat_id"] for c in calls)
    times = sorted(c.at for c in calls)
    took = times[-1] - times[0]
    ideal = (len(ids) - 1) / PACE
    return {
        "groups": len(ids), "messages": len(calls),
        "notified_once": sum(1 for i in ids if counts[i] == 1),
        "duplicated": sum(1 for i in ids if counts[i] > 1),
        "missing": sum(1 for i in ids if counts[i] == 0), "outbox_pending": pending,
        "restarted_after": restarted_after, "seconds": round(took, 2),
        "ideal_seconds": round(ideal, 2), "over_ideal_pct": round(100 * (took / ideal - 1), 1),
        "max_in_any_second": max_in_window(times, 1.0),
    }


def max_in_window(times: list[float], window: float) -> int:
    best, left = 0, 0
    for right, at in enumerate(times):
        while at - times[left] >= window:
            left += 1
        best = max(best, right - left + 1)
    return best


# -- report -------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    lines = []
    if "questions" in results:
        for name, bar in (("open_loop_150", "150 q/s offered"), ("closed_loop", "flat out")):
            r = results["questions"][name]
            lines.append(f"questions, {bar}: {r['answered']}/{r['asked']} answered, "
                         f"{r['answers_per_second']} answers/s; round trip median "
                         f"{r['rtt_ms_median']} ms, p95 {r['rtt_ms_p95']} ms, "
                         f"p99 {r['rtt_ms_p99']} ms, max {r['rtt_ms_max']} ms; bot CPU "
                         f"{r['bot_cpu_ms_per_answer']} ms/answer; load {r['load_average']}")
    for name, r in results.get("broadcast", {}).items():
        lines.append(f"broadcast, {name}: {r['notified_once']}/{r['groups']} groups once, "
                     f"{r['duplicated']} twice, {r['missing']} missing, "
                     f"{r['outbox_pending']} pending; {r['seconds']} s vs ideal "
                     f"{r['ideal_seconds']} s ({r['over_ideal_pct']:+}%), at most "
                     f"{r['max_in_any_second']} in any second"
                     + (f"; stopped after {r['restarted_after']}" if r["restarted_after"]
                        else ""))
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    if args.only in (None, "questions"):
        results["questions"] = await questions(args.seconds)
        print(report({"questions": results["questions"]}), flush=True)
    if args.only in (None, "broadcast"):
        results["broadcast"] = {}
        for name, how in (("uninterrupted", None), ("SIGTERM halfway", signal.SIGTERM),
                          ("SIGKILL halfway", signal.SIGKILL)):
            results["broadcast"][name] = await broadcast(args.groups, how)
            print(report({"broadcast": {name: results["broadcast"][name]}}), flush=True)
    return results


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="per question phase")
    parser.add_argument("--groups", type=int, default=1000, help="subscribed groups")
    parser.add_argument("--only", choices=["questions", "broadcast"])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


if __name__ == "__main__":
    options = _parser().parse_args()
    figures_out = asyncio.run(main(options))
    if options.json:
        options.json.write_text(json.dumps(figures_out, indent=2) + "\n", encoding="utf-8")
