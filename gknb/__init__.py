"""gknb: China's government information disclosure annual reports as a queryable warehouse.

The installed package holds every layer: ``gknb.model`` (declarations), ``gknb.extract``,
``gknb.transform``, ``gknb.load``, ``gknb.flows``, and the command line (``gknb.cli``).
"""
