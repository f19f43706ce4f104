"""The benchmark's parts (bench/run.py puts them together)."""
