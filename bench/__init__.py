"""Benchmarks, run as scripts from the project root (`.venv/bin/python bench/<name>.py`), and their helpers."""
