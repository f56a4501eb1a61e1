"""Benchmarks: each prints its figures and writes bench/out/<name>.json; nothing is asserted."""
