"""Errors raised by the fact engine.

    FactsError                  base of every error the engine raises on purpose
    ├── SeedError               one seed file cannot be loaded (bad encoding, header, size, ...)
    ├── SeedsFolderError        the seeds folder is missing or not a folder
    ├── StoreError              the database cannot be opened, read or migrated
    └── QuestionError           a question cannot be asked (empty, too long, unknown source)

Each carries a message fit to show a person.
"""

__all__ = ["FactsError", "QuestionError", "SeedError", "SeedsFolderError", "StoreError"]


class FactsError(Exception):
    """Base of the engine's errors; ``str(error)`` is a message fit for a person."""


class SeedError(FactsError):
    """A seed file that cannot be loaded; the other seeds still load."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SeedsFolderError(FactsError):
    """The seeds folder is missing or is not a folder."""


class StoreError(FactsError):
    """The database cannot be opened, read or migrated."""


class QuestionError(FactsError):
    """A question that cannot be asked as given."""
