"""Split an article into sentences, verbatim, with BlingFire's sentence breaker."""

from __future__ import annotations

import re

import blingfire

__all__ = ["split_sentences"]

# BlingFire breaks after a title before a name ("Dr. | Smith"); mend those breaks.
_TITLE_END = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Hon|Jr|Sr|No|Vol|"
    r"Fig|vs|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_MAX_SENTENCE = 2000


def split_sentences(body: str) -> list[str]:
    """The sentences of an article, each a verbatim slice of a line of its text."""
    out: list[str] = []
    for line in body.split("\n"):
        line = line.strip()
        if not line or line.startswith("#") or set(line) <= set("-=*_ "):
            continue
        mark = _LIST_MARK.match(line)
        line = line[mark.end():] if mark else line
        out.extend(_split_line(line))
    return out


def _split_line(line: str) -> list[str]:
    _, offsets = blingfire.text_to_sentences_and_offsets(line)
    pieces: list[tuple[int, int]] = []
    for start, end in offsets:
        if pieces and (_TITLE_END.search(line[pieces[-1][0]:pieces[-1][1]])
                       or pieces[-1][1] - pieces[-1][0] < 4):
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    sentences = [line[a:b].strip() for a, b in pieces]
    return [s[:_MAX_SENTENCE] for s in sentences if any(ch.isalnum() for ch in s)]
