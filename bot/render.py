"""Pure renderers for the command line: engine values in, text out."""

from __future__ import annotations

import json
from collections.abc import Sequence

from facts import Answer, Document, ReloadDiff

__all__ = ["ABSTAIN", "EXAMPLE", "answer_json", "answer_text", "chat_command_text",
           "chat_greeting", "counted", "diff_text", "facts_text", "help_text"]

ABSTAIN = "I don't know that from my sources."
EXAMPLE = "How much is the deal worth?"  # the question the help texts give as an example


def answer_json(answer: Answer, top: int | None) -> str:
    """One reply of ``ask --json``, as the evaluation contract spells it."""
    data: dict[str, object] = {
        "question": answer.question,
        "answered": answer.answered,
        "answer": answer.answer,
        "quote": answer.quote,
        "source": answer.source.model_dump() if answer.source else None,
        "score": answer.score,
        "intent": answer.intent,
    }
    if top:
        sources: dict[str, dict[str, object]] = {}
        data["candidates"] = [
            {"quote": c.quote, "score": c.score,
             "source": sources.get(c.source.id) or sources.setdefault(
                 c.source.id, c.source.model_dump())}
            for c in answer.candidates[:top]]
    return json.dumps(data, ensure_ascii=False)


def answer_text(answer: Answer, top: int | None) -> str:
    """A readable answer: the short answer, the quoted sentence and where it comes from."""
    if not answer.answered or answer.source is None:
        lines = [ABSTAIN]
        if answer.candidates:
            lines.append("Did you mean one of these?")
            lines += [f"  - {c.quote}  ({c.source.title})" for c in answer.candidates[:3]]
        return "\n".join(lines)
    link = f" <{answer.source.url}>" if answer.source.url else ""
    lines = [answer.answer or "", f'  "{answer.quote}"', f"  -- {answer.source.title}{link}"]
    for c in answer.candidates[1:top or 1]:
        lines.append(f"  also: {c.quote} ({c.source.title}, score {c.score:.2f})")
    return "\n".join(lines)


def diff_text(diff: ReloadDiff) -> str:
    """What a reload changed, seed by seed, then the files it skipped."""
    lines = []
    for seed in diff.seeds:
        lines.append(f"{seed.seed_id}: {seed.status}, {counted(len(seed.added), 'fact')} added, "
                     f"{len(seed.changed)} changed, {len(seed.removed)} removed")
        lines += [f"  + {f.kind}: {f.text}" for f in seed.added]
        lines += [f"  ~ {f.kind}: {f.text}" for f in seed.changed]
        lines += [f"  - {f.kind}: {f.text}" for f in seed.removed]
    lines += [f"skipped {bad.path}: {bad.reason}" for bad in diff.bad]
    if not diff.seeds:
        lines.append(f"nothing new ({counted(diff.unchanged, 'article')} unchanged)")
    return "\n".join(lines)


def facts_text(facts: Sequence[tuple[str, str, str, str]], documents: Sequence[Document]) -> str:
    """Every fact by article, each with the sentence it comes from."""
    titles = {d.id: d.title for d in documents}
    lines: list[str] = []
    current = None
    last_sentence = None
    for doc_id, kind, text, sentence in facts:
        if doc_id != current:
            lines.append(f"{titles.get(doc_id, doc_id)} [{doc_id}]")
            current, last_sentence = doc_id, None
        if sentence != last_sentence:
            lines.append(f'  "{sentence}"')
            last_sentence = sentence
        lines.append(f"    {kind}: {text}")
    return "\n".join(lines) if lines else "No facts yet: add articles to the seeds folder."


def counted(number: int, noun: str) -> str:
    """"1 article", "2 articles"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def help_text() -> str:
    return ("Ask me a question about the news articles I have read, for example "
            f"\"{EXAMPLE}\". I answer with the sentence I found it in and "
            "the article's title, or tell you I don't know.")


def chat_command_text(command: str) -> str:
    """The console's reply to a command it does not run (those are for Telegram)."""
    return (f"{command} is not a command here. Ask a question in words, for example "
            f"\"{EXAMPLE}\"; /help explains, /quit leaves.")


def chat_greeting(documents: Sequence[Document]) -> str:
    names = ", ".join(d.title for d in documents[:5])
    more = f" and {len(documents) - 5} more" if len(documents) > 5 else ""
    return (f"{help_text()}\nI know {counted(len(documents), 'article')}: {names}{more}.\n"
            "Type /quit to leave.")
