"""The static site of a warehouse (``gknb site``): builder, queries, charts, templates and assets."""
