"""The boto3 session each ``ObjectStore`` makes its client from.

By default a new session per client, as boto3 advises for threads. A process that forks many
short-lived children which each open a store (the warm crawl parent, arshif/crawl/warm.py)
calls ``share_one_session`` first: every client of the process, and of its children, is then
made from one session whose S3 model, endpoint rules and credentials are already loaded, which
saves reading and parsing botocore's large JSON files in every child (about 0.3 s each).
"""

from __future__ import annotations

import threading
from typing import Any

import boto3

_shared: boto3.session.Session | None = None
_lock = threading.Lock()  # botocore sessions are not safe to make clients from in two threads


def s3_client(**kwargs: Any) -> Any:
    """An S3 client; ``kwargs`` are boto3's ``Session.client`` arguments."""
    if _shared is None:
        return boto3.session.Session().client("s3", **kwargs)
    with _lock:
        return _shared.client("s3", **kwargs)


def share_one_session(**kwargs: Any) -> None:
    """From now on, clients come from one session, loaded by making one client with ``kwargs``
    (no request is sent)."""
    global _shared
    with _lock:
        session = boto3.session.Session()
        session.client("s3", **kwargs)
        _shared = session
