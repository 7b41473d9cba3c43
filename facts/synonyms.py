"""Words that mean the same thing in questions and articles (``synonyms.toml``), by stem."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from .text import content_terms

__all__ = ["related"]


@cache
def _groups() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("synonyms.toml").read_text("utf-8")
    table: dict[str, set[str]] = {}
    for group in tomllib.loads(text)["groups"]:
        stems = {term for phrase in group for term in content_terms(phrase)}
        for term in stems:
            table.setdefault(term, set()).update(stems)
    return {term: frozenset(stems - {term}) for term, stems in table.items()}


def related(term: str) -> frozenset[str]:
    """The stems that mean the same as a stem, by the synonym table (without the stem)."""
    return _groups().get(term, frozenset())
