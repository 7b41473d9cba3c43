"""The fact engine: seed articles in, sourced answers out. Knows nothing of Telegram."""

from .engine import Engine
from .errors import FactsError, QuestionError, SeedError, SeedsFolderError, StoreError
from .models import (
    Answer,
    BadSeed,
    Candidate,
    Document,
    Fact,
    FactChange,
    FactChanges,
    ReloadDiff,
    SeedDiff,
    Source,
)

__all__ = [
    "Answer",
    "BadSeed",
    "Candidate",
    "Document",
    "Engine",
    "Fact",
    "FactChange",
    "FactChanges",
    "FactsError",
    "QuestionError",
    "ReloadDiff",
    "SeedDiff",
    "SeedError",
    "SeedsFolderError",
    "Source",
    "StoreError",
]
