"""What the handlers share, kept in ``application.bot_data``: the settings, the engine (opened
in ``post_init``), the broadcaster and the flood guard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application

from facts import Engine

from .limits import FloodGuard
from .notify import Broadcaster
from .settings import Settings

__all__ = ["Services", "services_of"]

_KEY = "services"


@dataclass
class Services:
    settings: Settings
    flood: FloodGuard
    opened: Engine | None = None
    broadcaster: Broadcaster | None = None
    owns_engine: bool = field(default=False)

    @property
    def engine(self) -> Engine:
        if self.opened is None:
            raise RuntimeError("the engine is opened in post_init")
        return self.opened

    def is_bot_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_user_ids


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    services: Services = application.bot_data[_KEY]
    return services


def attach(application: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    application.bot_data[_KEY] = services
