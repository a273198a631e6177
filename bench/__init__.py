"""Waypost's benchmarks: `make bench` (bench/run.py) times them and writes bench/results.md."""
