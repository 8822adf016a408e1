"""The decision made before connecting: no packet is sent anywhere in these tests."""

import pytest

from spiders.middlewares.address_guard import AddressPolicy, BlockedAddress


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://172.16.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_private_and_special_addresses_are_refused_by_default(url):
    with pytest.raises(BlockedAddress):
        AddressPolicy(False, []).check(url)


def test_allow_list_by_cidr_host_and_host_port():
    policy = AddressPolicy(["127.0.0.21", "10.0.0.0/8", "127.0.0.22:8765"], [])
    policy.check("http://127.0.0.21:8765/")
    policy.check("http://10.9.9.9/")
    policy.check("http://127.0.0.22:8765/x")
    with pytest.raises(BlockedAddress):
        policy.check("http://127.0.0.22:9999/")
    with pytest.raises(BlockedAddress):
        policy.check("http://169.254.169.254/")


def test_own_services_are_refused_even_when_everything_is_allowed():
    policy = AddressPolicy(True, ["http://127.0.0.1:18333", "127.0.0.1:28080"])
    policy.check("http://127.0.0.1:8765/")
    with pytest.raises(BlockedAddress, match="arshif's own services"):
        policy.check("http://127.0.0.1:18333/arshif/")
    with pytest.raises(BlockedAddress, match="arshif's own services"):
        policy.check("http://localhost:28080/api/v2/dags")
