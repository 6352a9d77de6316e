"""Which IP addresses the online link check may connect to: those on the public internet only.

An IPv4 address is public when Python judges it global and it is in none of the special-purpose
ranges below (loopback, private, shared, link-local where cloud metadata services live,
documentation, benchmarking, multicast, reserved). An IPv6 address is public when it is global,
in none of the IPv6 ranges below, and every IPv4 address it embeds is public too: an IPv6 form of
127.0.0.1 or 169.254.169.254 reaches the same host wherever a translator or tunnel is on the path.
The embedded forms (:func:`embedded_ipv4`) are IPv4-mapped ``::ffff:a.b.c.d``, IPv4-translated
``::ffff:0:a.b.c.d``, IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d`` (the well-known
prefix; the local-use ``64:ff9b:1::/48`` is refused whole), 6to4 ``2002:aabb:ccdd::``, Teredo
(server and client) and ISATAP interface identifiers ``…:0:5efe:a.b.c.d``.
"""

from __future__ import annotations

import ipaddress

#: cloud metadata services (inside the refused ranges too; listed to be plain)
METADATA = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200",
                                                       "fd00:ec2::254"))

#: IPv4 ranges never requested, whatever the Python version's own list says
REFUSED_V4 = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8",        # "this network", 0.0.0.0
    "10.0.0.0/8",       # private
    "100.64.0.0/10",    # shared (carrier-grade NAT; 100.100.100.200 is a metadata service)
    "127.0.0.0/8",      # loopback
    "169.254.0.0/16",   # link-local (169.254.169.254: cloud metadata)
    "172.16.0.0/12",    # private
    "192.0.0.0/24",     # IETF protocol assignments
    "192.0.2.0/24",     # documentation
    "192.88.99.0/24",   # the former 6to4 relay anycast
    "192.168.0.0/16",   # private
    "198.18.0.0/15",    # benchmarking
    "198.51.100.0/24",  # documentation
    "203.0.113.0/24",   # documentation
    "224.0.0.0/4",      # multicast
    "240.0.0.0/4",      # reserved, and 255.255.255.255
))

#: IPv6 ranges never requested, whatever the Python version's own list says
REFUSED_V6 = tuple(ipaddress.IPv6Network(n) for n in (
    "::/96",            # unspecified, loopback and IPv4-compatible ::a.b.c.d
    "::ffff:0:0/96",    # IPv4-mapped
    "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
    "64:ff9b:1::/48",   # local-use NAT64 (RFC 8215): a translator of the local network's own
    "100::/64",         # discard
    "2001::/23",        # IETF protocol assignments, Teredo 2001::/32 among them
    "2001:db8::/32",    # documentation
    "3fff::/20",        # documentation
    "5f00::/16",        # segment routing identifiers
    "fc00::/7",         # unique local (fd00:ec2::254: a metadata service)
    "fe80::/10",        # link-local
    "fec0::/10",        # site-local (deprecated)
    "ff00::/8",         # multicast
))

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
TEREDO = ipaddress.IPv6Network("2001::/32")
_LOW32 = 0xFFFFFFFF


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses that ``ip`` maps to or embeds, in each form that a host, translator or tunnel
    may route by (see the module's docstring); empty for a plain IPv6 address."""
    value = int(ip)
    low = ipaddress.IPv4Address(value & _LOW32)
    out = []
    if value >> 32 in (0, 0xFFFF, 0xFFFF0000):  # compatible, mapped, translated
        out.append(low)
    if ip in NAT64:
        out.append(low)
    if ip in SIX_TO_FOUR:
        out.append(ipaddress.IPv4Address((value >> 80) & _LOW32))
    if ip in TEREDO:
        out.append(ipaddress.IPv4Address((value >> 64) & _LOW32))  # the server
        out.append(ipaddress.IPv4Address(~value & _LOW32))  # the client, stored inverted
    if (value >> 32) & 0xFCFFFFFF == 0x00005EFE:  # ISATAP: interface identifier [0|2]00:5efe:a.b.c.d
        out.append(low)
    return out


def _public_v4(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not ip.is_multicast and ip not in METADATA and not any(ip in n for n in REFUSED_V4)


def _public_v6(ip: ipaddress.IPv6Address) -> bool:
    return (ip.is_global and not ip.is_multicast and not ip.is_site_local and ip not in METADATA
            and not any(ip in n for n in REFUSED_V6))


def public(address: str) -> bool:
    """Whether ``address`` (an IP address as text, an IPv6 scope ``%…`` allowed) is on the public
    internet; anything that is not an IP address is not."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return _public_v4(ip)
    return _public_v6(ip) and all(_public_v4(v4) for v4 in embedded_ipv4(ip))
