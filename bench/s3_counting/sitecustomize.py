"""Counts the S3 requests of every Python process started with this folder on PYTHONPATH.

bench/archive.py puts this folder first on PYTHONPATH and names a file in
``ARSHIF_BENCH_S3_LOG``; each process then appends one line per S3 API call
(``call <Operation>``) and one per HTTP attempt (``send <METHOD>``) to that file. Lines are
written with one ``os.write`` on an ``O_APPEND`` descriptor, so processes do not interleave.
Nothing happens without the variable; botocore is imported only when the variable is set.
"""

from __future__ import annotations

import os

_LOG = os.environ.get("ARSHIF_BENCH_S3_LOG")


def _append(line: str) -> None:
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{os.getpid()} {line}\n".encode())
    finally:
        os.close(fd)


def _on_call(event_name: str, **_: object) -> None:
    _append("call " + event_name.rsplit(".", 1)[-1])  # before-call.s3.PutObject → PutObject


def _on_send(request: object, **_: object) -> None:
    _append("send " + str(getattr(request, "method", "?")))


def _install() -> None:
    import botocore.session

    original_init = botocore.session.Session.__init__

    def counting_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        # Registered on the session: every client it creates copies its handlers.
        self.register("before-call.s3", _on_call, unique_id="arshif-bench-s3-call")
        self.register("before-send.s3", _on_send, unique_id="arshif-bench-s3-send")

    botocore.session.Session.__init__ = counting_init


if _LOG:
    _install()
