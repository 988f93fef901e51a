"""Benchmarks: run from the repository root, e.g. `python -m bench.roster`. Never part of the tests."""
