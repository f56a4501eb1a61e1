"""CLI command modules; each registers its commands on gknb.cli.app when imported."""
