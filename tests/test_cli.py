"""The command line, run as the evaluation tools run it: ``python -m bot`` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REPLY_KEYS = {"question", "answered", "answer", "quote", "source", "score", "intent"}


def bot(*args: str | Path, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot`` with only the given arguments deciding where seeds and db are."""
    env = {k: v for k, v in os.environ.items() if k not in {"SEEDS_DIR", "DATABASE_PATH"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def ask_json(
    seeds: Path, db: Path, lines: list[str | dict[str, Any]], *options: str
) -> list[dict[str, Any]]:
    stdin = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    done = bot("ask", "--json", "--seeds", seeds, "--db", db, *options, stdin=stdin, cwd=db.parent)
    assert (done.returncode, done.stderr) == (0, "")
    return [json.loads(line) for line in done.stdout.splitlines()]


def assert_one_line_error(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode != 0
    assert done.stderr == f"error: {message}\n"
    assert done.stdout == ""


def test_reload_prints_the_diff_then_nothing_new(seeds_dir: Path, db_path: Path) -> None:
    first = bot("reload", "--seeds", seeds_dir, "--db", db_path, cwd=db_path.parent)
    second = bot("reload", "--seeds", seeds_dir, "--db", db_path, cwd=db_path.parent)

    assert (first.returncode, first.stderr) == (0, "")
    headers = [
        line.split(",")[0] for line in first.stdout.splitlines() if not line.startswith(" ")
    ]
    assert headers == ["apple-harvest: new", "harbour-bridge: new"]
    assert "  + money: $48m\n" in first.stdout
    assert (second.returncode, second.stdout) == (0, "nothing new (2 articles unchanged)\n")


def test_reload_reports_a_bad_file_and_loads_the_rest(seeds_dir: Path, db_path: Path) -> None:
    (seeds_dir / "broken.md").write_bytes(b"\xff\xfeW\x00i\x00")

    done = bot("reload", "--seeds", seeds_dir, "--db", db_path, cwd=db_path.parent)

    assert done.returncode == 0
    assert f"skipped {seeds_dir / 'broken.md'}: binary file, not text\n" in done.stdout
    assert "harbour-bridge: new" in done.stdout


def test_ask_json_answers_each_stdin_line_in_order(seeds_dir: Path, db_path: Path) -> None:
    lines: list[str | dict[str, Any]] = [
        "How much is the bridge contract worth?",
        {"question": "How much did exports earn?", "source": None, "top": None},
        "When will the bridge open?",
        {"question": "Who chairs the cooperative?"},
    ]

    replies = ask_json(seeds_dir, db_path, lines)

    assert [r["question"] for r in replies] == [
        "How much is the bridge contract worth?",
        "How much did exports earn?",
        "When will the bridge open?",
        "Who chairs the cooperative?",
    ]
    assert all(set(r) == REPLY_KEYS for r in replies)
    bridge, exports = replies[0], replies[1]
    assert (bridge["answered"], bridge["answer"]) == (True, "$48m")
    assert bridge["quote"] == (
        "The Dunmore city council signed a $48m contract with Orsk "
        "Builders on Tuesday to replace the old harbour bridge."
    )
    assert bridge["source"] == {
        "id": "harbour-bridge",
        "title": "Dunmore signs a $48m contract for a new harbour bridge",
        "url": "https://news.example.org/dunmore-harbour-bridge",
    }
    assert isinstance(bridge["score"], float) and isinstance(bridge["intent"], str)
    assert exports["source"] == {
        "id": "apple-harvest",
        "url": None,
        "title": "Tamsin valley apple growers report a record harvest",
    }
    assert "€9m" in str(exports["quote"])


def test_ask_json_top_adds_ranked_candidates(seeds_dir: Path, db_path: Path) -> None:
    replies = ask_json(
        seeds_dir,
        db_path,
        [
            {"question": "How much is the bridge contract worth?", "top": 2},
            "What did the mayor say about the crossing?",
            {"question": "How much did exports earn?", "top": 1},
        ],
        "--top",
        "3",
    )

    for reply, top in zip(replies, [2, 3, 1], strict=True):
        assert set(reply) == REPLY_KEYS | {"candidates"}
        candidates = reply["candidates"]
        assert isinstance(candidates, list) and 1 <= len(candidates) <= top
        assert all(set(c) == {"quote", "source", "score"} for c in candidates)
        assert all(set(c["source"]) == {"id", "title", "url"} for c in candidates)
        scores = [c["score"] for c in candidates]
        assert scores == sorted(scores, reverse=True)


def cited(reply: dict[str, Any]) -> set[str]:
    """The seeds a reply quotes, in its answer or its candidates."""
    answer = {reply["source"]["id"]} if reply["answered"] else set()
    return answer | {c["source"]["id"] for c in reply.get("candidates", [])}


def test_ask_source_limits_the_search_to_one_seed(seeds_dir: Path, db_path: Path) -> None:
    replies = ask_json(
        seeds_dir,
        db_path,
        [
            "How much is the bridge contract worth?",
            "How much did exports earn?",
            {"question": "How much did exports earn?", "source": "harbour-bridge"},
        ],
        "--source",
        "apple-harvest",
        "--top",
        "5",
    )

    assert cited(replies[0]) <= {"apple-harvest"}
    assert (replies[1]["answered"], cited(replies[1])) == (True, {"apple-harvest"})
    assert cited(replies[2]) <= {"harbour-bridge"}


def test_ask_unknown_source_is_an_error_reply(seeds_dir: Path, db_path: Path) -> None:
    replies = ask_json(
        seeds_dir,
        db_path,
        [
            {"question": "How much is the bridge contract worth?", "source": "no-such-article"},
            "{not json",
            "How much is the bridge contract worth?",
        ],
    )

    assert replies[0] == {
        "question": "How much is the bridge contract worth?",
        "answered": False,
        "answer": None,
        "quote": None,
        "source": None,
        "score": 0.0,
        "intent": None,
        "error": "unknown source: no-such-article",
    }
    assert (replies[1]["question"], replies[1]["answered"]) == ("{not json", False)
    assert str(replies[1]["error"]).startswith("not a JSON object")
    assert replies[2]["answered"] is True


def test_ask_json_answers_a_malformed_request_in_place(seeds_dir: Path, db_path: Path) -> None:
    replies = ask_json(
        seeds_dir,
        db_path,
        [
            {"question": "How much did exports earn?", "top": -1},
            {"question": 42},
            "How much did exports earn?",
        ],
    )

    assert [set(r) for r in replies] == [
        REPLY_KEYS | {"candidates", "error"},
        REPLY_KEYS | {"error"},
        REPLY_KEYS,
    ]
    assert [(r["answered"], r["candidates"]) for r in replies[:1]] == [(False, [])]
    assert [r["answered"] for r in replies] == [False, False, True]


def test_ask_top_must_be_positive(seeds_dir: Path, db_path: Path) -> None:
    done = bot("ask", "--top", "0", "--seeds", seeds_dir, "--db", db_path, "x", cwd=db_path.parent)

    assert done.returncode == 2
    assert "argument --top: expected a positive whole number, not '0'" in done.stderr
    assert "Traceback" not in done.stderr


def test_ask_text_answers_with_quote_and_title(seeds_dir: Path, db_path: Path) -> None:
    done = bot(
        "ask",
        "--seeds",
        seeds_dir,
        "--db",
        db_path,
        "How",
        "much",
        "did",
        "exports",
        "earn?",
        cwd=db_path.parent,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "about €9m\n"
        '  "Exports to Norway and Denmark earned the growers about €9m last '
        'year."\n'
        "  -- Tamsin valley apple growers report a record harvest\n"
    )


def test_ask_the_shipped_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(PROJECT_SEEDS, seeds)

    worth, capital = ask_json(
        seeds,
        tmp_path / "facts.db",
        ["How much is the contract worth?", "What is the capital of France?"],
    )

    assert worth["answered"] is True and "$1.6bn" in str(worth["quote"])
    assert worth["source"]["id"] == "italy-spacex-starship"
    assert (capital["answered"], capital["answer"], capital["quote"]) == (False, None, None)


@pytest.mark.parametrize("command", [["reload"], ["ask", "--json", "deal value"], ["facts"]])
def test_a_missing_seeds_folder_is_one_line_and_an_error_exit(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "no-seeds"

    done = bot(*command, "--seeds", missing, "--db", tmp_path / "facts.db", cwd=tmp_path)

    assert_one_line_error(done, f"seeds folder not found: {missing}")


@pytest.mark.parametrize("command", [["reload"], ["ask", "--json", "deal value"], ["facts"]])
def test_a_folder_as_database_is_one_line_and_an_error_exit(
    tmp_path: Path, seeds_dir: Path, command: list[str]
) -> None:
    folder = tmp_path / "db-folder"
    folder.mkdir()

    done = bot(*command, "--seeds", seeds_dir, "--db", folder, cwd=tmp_path)

    assert_one_line_error(done, f"cannot open database {folder}: it is a folder, not a file")


@pytest.mark.parametrize("command", [["reload"], ["ask", "--json", "deal value"], ["facts"]])
def test_a_garbage_database_is_one_line_and_an_error_exit(
    tmp_path: Path, seeds_dir: Path, command: list[str]
) -> None:
    garbage = tmp_path / "facts.db"
    garbage.write_bytes(b"these are not the tables you are looking for\n" * 50)

    done = bot(*command, "--seeds", seeds_dir, "--db", garbage, cwd=tmp_path)

    assert_one_line_error(done, f"cannot use database {garbage}: file is not a database")


def test_facts_lists_each_fact_under_its_quote(seeds_dir: Path, db_path: Path) -> None:
    done = bot(
        "facts",
        "--seeds",
        seeds_dir,
        "--db",
        db_path,
        "--source",
        "harbour-bridge",
        cwd=db_path.parent,
    )

    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "Dunmore signs a $48m contract for a new harbour bridge [harbour-bridge]"
    quote = (
        '  "The Dunmore city council signed a $48m contract with Orsk Builders on Tuesday '
        'to replace the old harbour bridge."'
    )
    assert lines[1] == quote
    assert (
        "    money: $48m"
        in lines[
            2 : lines.index(
                '  "The new bridge will take three years to '
                'build and is due to open in June 2028."'
            )
        ]
    )
    assert not any("Tamsin" in line for line in lines)


def test_facts_of_an_unknown_source_is_an_error(seeds_dir: Path, db_path: Path) -> None:
    done = bot(
        "facts",
        "--seeds",
        seeds_dir,
        "--db",
        db_path,
        "--source",
        "nothing-here",
        cwd=db_path.parent,
    )

    assert_one_line_error(done, "unknown source: nothing-here")


def chat(seeds_dir: Path, db_path: Path, lines: str) -> subprocess.CompletedProcess[str]:
    """The console chat, fed some lines."""
    return bot("chat", "--seeds", seeds_dir, "--db", db_path, stdin=lines, cwd=db_path.parent)


def test_chat_answers_from_stdin_and_ends_at_eof(seeds_dir: Path, db_path: Path) -> None:
    done = chat(seeds_dir, db_path, "How much is the bridge contract worth?\n")

    assert (done.returncode, done.stderr) == (0, "")
    assert (
        'bot> $48m\n  "The Dunmore city council signed a $48m contract with Orsk Builders '
        'on Tuesday to replace the old harbour bridge."\n'
    ) in done.stdout
    assert "Dunmore signs a $48m contract for a new harbour bridge" in done.stdout


def test_chat_asks_after_ask_and_explains_other_commands(seeds_dir: Path, db_path: Path) -> None:
    done = chat(seeds_dir, db_path, "/subscribe\n/ask How much is the bridge contract worth?\n")

    assert (done.returncode, done.stderr) == (0, "")
    assert "/subscribe is not a command here. Ask a question in words" in done.stdout
    assert "bot> $48m\n" in done.stdout
