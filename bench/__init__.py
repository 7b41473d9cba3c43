"""Benchmarks: the fact engine's speed, memory and scale, beside the obvious alternatives.

Run with ``.venv/bin/python -m bench``; see ``bench/README.md``.
"""
