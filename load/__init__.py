"""DuckDB warehouse and parquet exports."""
