"""Where a URL may connect to: host allow-lists and the private-address guard.

A portal can redirect (or link) anywhere, including to 127.0.0.1 or 10.0.0.1, which would
turn the crawler into a probe of the machine's own network.  The guard resolves the name
itself and connects to the vetted address, so a second DNS answer cannot slip past it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

from gknb.extract.http.settings import FetchSettings

_BLOCKED_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
    )
)


class AddressRefused(Exception):
    """The target must not be connected to; ``reason`` is the recorded outcome detail."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """The address a request really goes to, and whether it came from the host map."""

    ip: str
    port: int
    mapped: bool


def is_private(ip: str) -> bool:
    """Loopback, private, link-local, CGNAT, multicast or unspecified (IPv4-mapped too)."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return any(addr in net for net in _BLOCKED_NETS)


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def is_private_literal(host: str) -> bool:
    """An IP literal in a private range: refusable without any lookup."""
    literal = _literal(host)
    return literal is not None and is_private(literal)


def _split_mapped(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host.strip("[]"), int(port)


async def resolve(host: str, port: int, settings: FetchSettings, *, allow_private: bool) -> Target:
    """Vet and resolve ``host``; raises AddressRefused before any packet is sent."""
    host = host.lower()
    for key in (f"{host}:{port}", host):
        if key in settings.host_map:
            ip, mapped_port = _split_mapped(settings.host_map[key])
            return Target(ip, mapped_port, mapped=True)
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    elif not settings.resolve_dns:
        raise AddressRefused("unmapped_host")
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise AddressRefused(f"dns_error:{exc.errno}") from exc
        addresses = sorted({info[4][0] for info in infos})
        if not addresses:
            raise AddressRefused("dns_error:no_address")
    if not allow_private:
        # Every answer must be public: a name with one private answer is a rebinding risk.
        private = [a for a in addresses if is_private(a)]
        if private:
            raise AddressRefused(f"private_address:{private[0]}")
    return Target(addresses[0], port, mapped=False)
