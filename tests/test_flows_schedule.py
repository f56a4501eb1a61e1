"""`gknb serve`'s deployment: registered with the 02:00 Asia/Shanghai cron, read back through the API."""

from __future__ import annotations

import pytest

from gknb.flows import deploy

pytest_plugins = ["tests.prefect_fixtures"]
pytestmark = pytest.mark.integration


def test_register_creates_the_nightly_cron_deployment(prefect_api):
    from prefect.client.orchestration import get_client

    deployment_id = deploy.register({"data_dir": "/srv/gknb"})
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(deployment_id)
        by_name = client.read_deployment_by_name(f"gknb-nightly/{deploy.DEPLOYMENT_NAME}")
    assert by_name.id == deployment.id
    assert deployment.parameters == {"data_dir": "/srv/gknb"}
    [schedule] = deployment.schedules
    assert schedule.active
    assert schedule.schedule.cron == "0 2 * * *"
    assert schedule.schedule.timezone == "Asia/Shanghai"
    # Registering again updates the same deployment instead of adding a second schedule.
    assert deploy.register({"data_dir": "/srv/gknb"}) == deployment_id
    with get_client(sync_client=True) as client:
        assert len(client.read_deployment(deployment_id).schedules) == 1
