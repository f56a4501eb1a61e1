"""gknb: China's government information disclosure annual reports as a queryable warehouse."""

__version__ = "0.1.0"

# Bumped whenever a change to extract/ or transform/ can change what a document parses to;
# the warehouse re-parses every document whose stored parser_version differs.
PARSER_VERSION = "1"
