"""Registry data shipped with gknb (``regions.csv``: GB/T 2260 divisions; see refresh_regions.py)."""
