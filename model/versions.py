"""Versions that decide what a stored result is worth.

``PARSER_VERSION`` is bumped whenever a change to extract/ or transform/ can change what a
document parses to: the warehouse re-parses every document whose stored parser_version differs.
"""

__version__ = "0.1.0"
PARSER_VERSION = "2"  # 2: reports on 2008–2018 read (fact_legacy_statistics)
