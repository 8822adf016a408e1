"""Both servers in one process: two uvicorn servers on one event loop, on sockets bound first
(so that port 0 works and the CSP can name the UI's real origin), stopped together on SIGINT or
SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable

import uvicorn

from arshif.serve import Origins


class Server(uvicorn.Server):
    # Two servers share the process: signals are handled once, for both, by serve_both.
    @contextlib.contextmanager
    def capture_signals(self):
        yield


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio sets TCP_NODELAY on accepted sockets only when the
    # protocol says TCP. Without it, a keep-alive client waited ~40 ms per response (Nagle
    # holding the body behind the headers until the client's delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve_both(store, host: str, sockets: tuple[socket.socket, socket.socket], log_level: str = "warning",
               ready: Callable[[Origins], None] | None = None, public_origins: Origins | None = None) -> None:
    """Serves the API on ``sockets[0]`` and replay on ``sockets[1]`` until SIGINT/SIGTERM;
    ``public_origins``: the addresses browsers use, when not those bound (a proxy, a container)."""
    from arshif.serve.api import create_api, with_guard
    from arshif.serve.lookup import Catalogs
    from arshif.serve.wayback import create_replay

    origins = public_origins or Origins.of(host, sockets[0].getsockname()[1], sockets[1].getsockname()[1])
    catalogs = Catalogs()
    apps = (with_guard(create_api(store, origins, catalogs)), create_replay(store, origins, catalogs))
    servers = [Server(uvicorn.Config(app, log_level=log_level, lifespan="off", server_header=False,
                                     proxy_headers=False, h11_max_incomplete_event_size=64 * 1024))
               for app in apps]

    async def main() -> None:
        loop = asyncio.get_running_loop()

        def stop() -> None:
            for server in servers:
                server.should_exit = True

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
        tasks = [asyncio.create_task(s.serve(sockets=[sock])) for s, sock in zip(servers, sockets, strict=True)]
        while not all(s.started for s in servers):
            if any(t.done() for t in tasks):
                break
            await asyncio.sleep(0.05)
        else:
            if ready:
                ready(origins)
        await asyncio.gather(*tasks)

    asyncio.run(main())
