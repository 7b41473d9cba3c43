"""Settings, read once from the environment and ``.env``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    """Everything the bot and the command line can be told; see ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    seeds_dir: Path = Path("seeds")
    database_path: Path = Path("data/facts.db")
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    questions_per_window: int = Field(default=5, ge=1)
    question_window_seconds: float = Field(default=10.0, gt=0)
    follow_up_seconds: float = Field(default=300.0, ge=0)
    notifications_per_second: float = Field(default=30.0, gt=0)
    group_messages_per_minute: int = Field(default=20, ge=0)
    flood_retries: int = Field(default=3, ge=0)
    concurrent_updates: int = Field(default=32, ge=1)
    log_level: str = "INFO"

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("ADMIN_USER_IDS must be comma-separated numbers") from None
        if isinstance(value, int):
            return frozenset({value})
        return value


def load_settings(**overrides: object) -> Settings:
    """The settings from the environment and ``.env``, with explicit overrides on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
