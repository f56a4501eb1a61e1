"""The schema, analysis views and loader checks as plain ``.sql`` files, shipped inside the package."""
