"""Prefect flows of the gknb pipeline.

Importing any of them first sets Prefect's environment (``gknb.flows.startup.prepare_environment``):
Prefect reads telemetry and start-up settings once, when it is first imported, so this must
run before any flow module's ``from prefect import …``.
"""

from gknb.flows.startup import prepare_environment

prepare_environment()
