"""Polite HTTP for government portals: per-host pacing, robots.txt, retries, address safety.

The fetcher returns bytes and never decodes them: charsets are the parser's business
(extract.decode), because gov pages lie about them.
"""
