"""Readers: one per document format, each turning bytes into an extract.document.Document."""
