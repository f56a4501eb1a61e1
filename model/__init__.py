"""The declarations every other part of gknb is built from, importing nothing of the project.

``report``: the report model of ../shared/spec/report-model.md (every row, column and measure
key, statuses); ``eras``: the form eras and their identities as data; ``checks``: every check
declared with its formula; ``tables``: every warehouse table (PUDL's metadata as code);
``versions``: the software and parser versions; ``document``: the record of one stored document
version (sha256, size, source, content type, fetch facts) that travels from intake to the
warehouse.  Extract, transform, load, the flows and the CLI import from here; nothing here
imports from them.
"""
