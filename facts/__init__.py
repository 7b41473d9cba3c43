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
    "FactsError",
    "QuestionError",
    "ReloadDiff",
    "SeedDiff",
    "SeedError",
    "SeedsFolderError",
    "Source",
    "StoreError",
]
