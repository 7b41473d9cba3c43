"""The Telegram bot and the command line, over the fact engine in ``facts``."""
