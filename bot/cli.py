"""The command line: ``python -m bot reload|ask|facts|chat|run``.

Each command parses its arguments, opens the engine, calls one engine method and hands the
result to a renderer in ``bot.render``. Errors are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from facts import Engine, FactsError, QuestionError
from facts.conversation import Conversation

from . import render
from .settings import Settings, load_settings

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Answer questions from news articles, with sources.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--seeds", type=Path, help="seeds folder (default: SEEDS_DIR)")
        sub.add_argument("--db", type=Path, help="database file (default: DATABASE_PATH)")
        return sub

    add("reload", "Load new and changed articles from the seeds folder; print the diff.")
    ask = add("ask", "Answer questions given as arguments, or one a line on stdin.")
    ask.add_argument("question", nargs="*", help="the question (default: read stdin)")
    ask.add_argument("--json", action="store_true", help="one JSON reply a line")
    ask.add_argument("--top", type=_positive, help="also list this many ranked candidates")
    ask.add_argument("--source", help="only search this article (its id)")
    facts = add("facts", "List what is known, with quotes.")
    facts.add_argument("--source", help="only this article (its id)")
    add("chat", "Chat in the console as the bot would in Telegram.")
    add("run", "Run the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set).")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(seeds_dir=args.seeds, database_path=args.db)
    except ValidationError as error:
        return _fail(f"bad settings: {_first_error(error)}", 2)
    if args.command == "run":
        from .app import run

        return run(settings)
    try:
        return asyncio.run(_COMMANDS[args.command](args, settings))
    except FactsError as error:
        return _fail(str(error), 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, as command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]).upper()
    return f"{where}: {first['msg']}"


@asynccontextmanager
async def _engine(settings: Settings, load: bool = True) -> AsyncIterator[Engine]:
    """The engine on the settings' database, with the seeds loaded if it has none yet."""
    engine = await Engine.open(settings.database_path)
    try:
        if load and not await engine.documents():
            await engine.reload(settings.seeds_dir)
        yield engine
    finally:
        await engine.close()


async def _reload(args: argparse.Namespace, settings: Settings) -> int:
    async with _engine(settings, load=False) as engine:
        diff = await engine.reload(settings.seeds_dir)
    print(render.diff_text(diff))
    return 0


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    async with _engine(settings) as engine:
        if args.question:
            requests: Iterator[dict[str, object]] = iter(
                [{"question": " ".join(args.question)}])
        else:
            requests = _stdin_requests(sys.stdin, args.json)
        for request in requests:
            print(await _answer_line(engine, request, args), flush=False)
    sys.stdout.flush()
    return 0


def _stdin_requests(stream: TextIO, as_json: bool) -> Iterator[dict[str, object]]:
    for line in stream:
        line = line.strip()
        if not line:
            continue
        if as_json and line.startswith("{"):
            try:
                request = json.loads(line)
            except json.JSONDecodeError as error:
                yield {"question": line, "error": f"not a JSON object: {error.msg}"}
                continue
            yield request if isinstance(request, dict) else {"question": line}
        else:
            yield {"question": line}


async def _answer_line(engine: Engine, request: dict[str, object],
                       args: argparse.Namespace) -> str:
    parsed = _request_values(request, args)
    if isinstance(parsed, str):
        error = parsed
    else:
        question, source, top = parsed
        try:
            answer = await engine.ask(question, source=source, top=top)
        except QuestionError as problem:
            error = str(problem)
        else:
            return render.answer_json(answer, top) if args.json else render.answer_text(
                answer, top)
    if args.json:
        return _error_json(request.get("question"), error, request.get("top") or args.top)
    return f"error: {error}"


_BAD_REQUEST = 'expected {"question": str, "source": str|null, "top": positive int|null}'


def _request_values(request: dict[str, object], args: argparse.Namespace
                    ) -> tuple[str, str | None, int | None] | str:
    """The question, source and top of a request, or why it cannot be asked."""
    if "error" in request:
        return str(request["error"])
    question = request.get("question")
    source = request.get("source") or args.source
    top = request.get("top") or args.top
    if not isinstance(question, str) or not (source is None or isinstance(source, str)):
        return _BAD_REQUEST
    if top is None or (isinstance(top, int) and not isinstance(top, bool) and top > 0):
        return question, source, top
    return _BAD_REQUEST


def _error_json(question: object, error: str, top: object) -> str:
    """A reply that could not be answered, with every key of the contract and the reason."""
    reply: dict[str, object] = {"question": question, "answered": False, "answer": None,
                                "quote": None, "source": None, "score": 0.0, "intent": None}
    if top:
        reply["candidates"] = []
    reply["error"] = error
    return json.dumps(reply, ensure_ascii=False)


async def _facts(args: argparse.Namespace, settings: Settings) -> int:
    async with _engine(settings) as engine:
        facts = await engine.facts(args.source)
        documents = await engine.documents()
    print(render.facts_text(facts, documents))
    return 0


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    async with _engine(settings) as engine:
        conversation = Conversation(window_seconds=settings.follow_up_seconds)
        print(render.chat_greeting(await engine.documents()))
        while True:
            try:
                line = await asyncio.to_thread(input, "you> ")
            except EOFError:
                print()
                return 0
            line = line.strip()
            if line in {"/quit", "/exit"}:
                return 0
            if line in {"/help", "/start"}:
                print(render.help_text())
                continue
            if line.startswith("/ask"):
                line = line.removeprefix("/ask").strip()  # as in a Telegram group
            elif line.startswith("/"):
                print(render.chat_command_text(line.split()[0]))
                continue
            if not line:
                continue
            question = conversation.resolve(line)
            answer = await engine.ask(question, top=3)
            conversation.remember(question, answer.answered)
            print(f"bot> {render.answer_text(answer, None)}\n")


_COMMANDS = {"reload": _reload, "ask": _ask, "facts": _facts, "chat": _chat}
