"""Synthetic reports with known values, rendered into many layouts, and the offline portal simulator.

Used by the tests, the benchmarks and the offline demo; nothing here is needed to parse real data.
"""
