"""Fetching, archiving and reading documents into positioned cells."""
