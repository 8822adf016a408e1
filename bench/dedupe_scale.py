"""Scale of the near-copy index: build it up to N synthetic Arabic documents, then query it.

One SQLite file grows through the sizes in order (10 k, then 100 k more… ): at each size N the
index holds exactly N documents when it is measured (size on disk, peak RSS, query latency);
then a probe batch goes through the plain ``add_many`` to time inserts at that size, and those
documents count towards the next size.

Documents are random draws, weighted by frequency, from the words of bench/pairs/texts (a few
thousand distinct Arabic words), 150–400 words long, in sentences and paragraphs. Document i is
a pure function of (seed, i), so a near-copy query can be made from any indexed document
without keeping texts.

Building: ``add_many`` in batches (10 k by default). With ``workers`` > 1, worker processes
generate the texts and compute each document's MinHash preparation (shingles, signature, band
keys, with arshif's own functions), and the main process passes the batch to ``add_many`` of a
subclass whose ``_prepare`` returns the precomputed result: the same rows land in the same
tables through the same transaction and SQL, only the hashing runs on more cores. The probe
batches and every query use the unmodified index.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from arshif.dedupe import nearcopy
from arshif.dedupe.minhash import MinHashParams, band_keys, shingle_array, signature
from arshif.dedupe.nearcopy import NearCopyIndex

SITE = "bench.example"
CHUNK = 500  # documents per worker task


# -- the synthetic corpus ------------------------------------------------------------------
class Corpus:
    """Deterministic synthetic Arabic documents: document i depends only on (seed, i)."""

    def __init__(self, words: list[str], weights: list[int], seed: int = 1) -> None:
        self.words = words
        self.cum = np.cumsum(np.asarray(weights, dtype=np.float64))
        self.seed = seed

    @classmethod
    def from_texts(cls, folder: Path, seed: int = 1) -> Corpus:
        counts: Counter[str] = Counter()
        for path in sorted(folder.glob("*.txt")):
            for token in path.read_text("utf-8").split():
                # Words only: punctuation and digits are added by the generator itself.
                word = token.strip(".,،؛:!?؟\"'()«»-–—…")
                if word and any("\u0621" <= ch <= "\u064a" for ch in word):
                    counts[word] += 1
        words = sorted(counts)
        return cls(words, [counts[w] for w in words], seed)

    def _rng(self, kind: int, *numbers: int) -> np.random.Generator:
        return np.random.default_rng((self.seed, kind, *numbers))

    def draw(self, rng: np.random.Generator, k: int) -> list[str]:
        """k words, each drawn with its frequency in the source texts."""
        picks = np.searchsorted(self.cum, rng.random(k) * self.cum[-1], side="right")
        return [self.words[j] for j in picks.tolist()]

    def _text(self, rng: np.random.Generator) -> str:
        k = int(rng.integers(150, 401))
        words = self.draw(rng, k)
        sentences, pos = [], 0
        for length in rng.integers(8, 23, size=k // 8 + 1).tolist():
            if pos >= k:
                break
            sentences.append(" ".join(words[pos : pos + length]) + ".")
            pos += length
        return "\n\n".join(" ".join(sentences[p : p + 3]) for p in range(0, len(sentences), 3))

    def doc(self, i: int) -> str:
        return self._text(self._rng(0, i))

    def fresh(self, i: int) -> str:
        """A text that is no indexed document's (a query for something new)."""
        return self._text(self._rng(1, i))

    def near_copy(self, i: int, variant: int) -> str:
        """Document i as another site might run it: a "read also" line in the middle, 0–2 words
        changed, and three times in ten its last sentence cut. Jaccard with the original mostly
        0.8–0.95 (what the index should find at its confirm threshold)."""
        rng = self._rng(2, i, variant)
        text = self.doc(i)
        if rng.random() < 0.3:
            last = text.rstrip(".").rfind(".")
            text = text[: last + 1] if last > len(text) // 2 else text
        words = text.split(" ")
        for _ in range(int(rng.integers(0, 3))):
            words[int(rng.integers(len(words)))] = self.draw(rng, 1)[0]
        parts = " ".join(words).split("\n\n")
        read_also = "اقرأ أيضا: " + " ".join(self.draw(rng, 8))
        parts.insert(len(parts) // 2 + (len(parts) == 1), read_also)
        return "\n\n".join(parts)


def doc_id(i: int) -> str:
    return f"d{i:08d}"


# -- building with prepared documents --------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _worker_init(corpus: Corpus, params: MinHashParams) -> None:
    _WORKER["corpus"], _WORKER["params"] = corpus, params


def prepare_range(start: int, stop: int) -> list[tuple[str, bytes, list[int]]]:
    """(doc_id, shingles as stored, band keys) of documents start…stop-1, in a worker.

    Exactly what ``NearCopyIndex._prepare`` computes, from the same public functions.
    """
    corpus: Corpus = _WORKER["corpus"]
    params: MinHashParams = _WORKER["params"]
    out = []
    for i in range(start, stop):
        shingles = shingle_array(corpus.doc(i), params.shingle)
        keys = band_keys(signature(shingles, params), params) if shingles.size else []
        out.append((doc_id(i), nearcopy._blob(shingles), keys))
    return out


class PreparedIndex(NearCopyIndex):
    """``add_many`` with each document's MinHash preparation computed ahead, elsewhere.

    ``add_many`` is given (doc_id, doc_id, site, cluster): the "text" is the doc id, a key into
    ``ready``, where the prepared shingles and band keys wait. Everything else (the transaction,
    the duplicate check, the rows, the SQL) is the index's own.
    """

    def __init__(self, db: sqlite3.Connection, params: MinHashParams) -> None:
        super().__init__(db, params=params)
        self.ready: dict[str, tuple[bytes, list[int]]] = {}

    def _prepare(self, text: str) -> nearcopy._Prepared:
        blob, keys = self.ready.pop(text)
        shingles = nearcopy._unblob(blob)
        return nearcopy._Prepared(shingles, keys)


class Builder:
    """Grows one index file, in batches of ``add_many``, with or without worker processes."""

    def __init__(self, path: Path, corpus: Corpus, params: MinHashParams, workers: int,
                 batch: int) -> None:
        self.path, self.corpus, self.params = path, corpus, params
        self.workers, self.batch = workers, batch
        self.db = connect(path)
        self.index = NearCopyIndex(self.db, params=params)
        self.prepared = PreparedIndex(self.db, params) if workers > 1 else None
        self.pool = (
            get_context("fork").Pool(workers, _worker_init, (corpus, params))
            if workers > 1 else None
        )
        self.count = 0  # documents in the index: ids d0 … d(count-1)
        self.build_seconds = 0.0  # in add_many (and waiting for workers), not in measuring

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        self.db.close()

    def _prepared_batches(self, stop: int) -> Iterator[list[tuple[str, bytes, list[int]]]]:
        assert self.pool is not None
        pending: deque[Any] = deque()
        next_start = self.count
        window = 4 * self.workers
        batch: list[tuple[str, bytes, list[int]]] = []
        while pending or next_start < stop:
            while len(pending) < window and next_start < stop:
                end = min(next_start + CHUNK, stop)
                pending.append(self.pool.apply_async(prepare_range, (next_start, end)))
                next_start = end
            batch.extend(pending.popleft().get())
            if len(batch) >= self.batch or not (pending or next_start < stop):
                yield batch
                batch = []

    def grow(self, stop: int, on_batch: Callable[[int, float], bool] | None = None) -> bool:
        """Adds documents up to ``stop``; ``on_batch(count, seconds)`` may stop it (False)."""
        if self.prepared is not None:
            started = time.perf_counter()
            for batch in self._prepared_batches(stop):
                for did, blob, keys in batch:
                    self.prepared.ready[did] = (blob, keys)
                self.prepared.add_many((did, did, SITE, None) for did, _, _ in batch)
                self.count += len(batch)
                now = time.perf_counter()
                self.build_seconds += now - started
                if on_batch is not None and not on_batch(self.count, self.build_seconds):
                    return False
                started = time.perf_counter()
            return True
        while self.count < stop:
            end = min(self.count + self.batch, stop)
            texts = [(doc_id(i), self.corpus.doc(i), SITE, None) for i in range(self.count, end)]
            started = time.perf_counter()
            self.index.add_many(texts)
            self.build_seconds += time.perf_counter() - started
            self.count = end
            if on_batch is not None and not on_batch(self.count, self.build_seconds):
                return False
        return True

    def probe_insert(self, n: int) -> float:
        """docs/s of the unmodified ``add_many`` (one process, texts in hand) at this size."""
        if n <= 0:
            return 0.0
        texts = [(doc_id(i), self.corpus.doc(i), SITE, None)
                 for i in range(self.count, self.count + n)]
        started = time.perf_counter()
        self.index.add_many(texts)
        seconds = time.perf_counter() - started
        self.count += n
        return n / seconds

    def disk_bytes(self) -> int:
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )

    def table_bytes(self) -> dict[str, int] | None:
        """Bytes of each table and index in the file (SQLite's dbstat; None without it).

        Reads every page once: seconds at a million documents.
        """
        try:
            rows = self.db.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        except sqlite3.OperationalError:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
            return None
        return {name: int(size) for name, size in rows}


def connect(path: Path) -> sqlite3.Connection:
    """As the catalog opens its database (arshif/catalog): WAL, synchronous=NORMAL."""
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


# -- measuring ---------------------------------------------------------------------------------
def peak_rss_bytes() -> int:
    """Peak RSS of this process (the one holding the index; workers only hash text)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def percentiles(values: list[float]) -> dict[str, float]:
    arr = np.asarray(values)
    return {
        "p50": float(np.percentile(arr, 50)),
        "p95": float(np.percentile(arr, 95)),
        "p99": float(np.percentile(arr, 99)),
        "mean": float(arr.mean()),
        "max": float(arr.max()),
    }


def measure_queries(builder: Builder, queries: int, seed: int, warmup: int = 20
                    ) -> dict[str, Any]:
    """Latency of ``query`` for half near-copies of indexed documents, half fresh texts."""
    n = builder.count
    rng = random.Random(f"{seed}:queries:{n}")
    near_targets = [rng.randrange(n) for _ in range(queries // 2)]
    work: list[tuple[str, int | None, str]] = [
        ("near", t, builder.corpus.near_copy(t, k)) for k, t in enumerate(near_targets)
    ]
    # Fresh texts: numbered from n onwards per size, so no size reuses another's queries.
    work += [("fresh", None, builder.corpus.fresh(n + k)) for k in range(queries - len(work))]
    rng.shuffle(work)
    index, params = builder.index, builder.params
    for k in range(warmup):  # first touches of the file and the code, not counted
        index.query(builder.corpus.fresh(10**12 + k))
    latency: dict[str, list[float]] = {"near": [], "fresh": []}
    prep: list[float] = []
    candidates: dict[str, list[int]] = {"near": [], "fresh": []}
    found = 0
    for kind, target, text in work:
        started = time.perf_counter()
        matches = index.query(text)
        latency[kind].append(time.perf_counter() - started)
        candidates[kind].append(index.last_candidates)
        if target is not None and any(m.doc_id == doc_id(target) for m in matches):
            found += 1
        # The hashing part alone (what query does before its SQL), timed apart.
        started = time.perf_counter()
        shingles = shingle_array(text, params.shingle)
        band_keys(signature(shingles, params), params)
        prep.append(time.perf_counter() - started)
    everything = latency["near"] + latency["fresh"]
    all_candidates = candidates["near"] + candidates["fresh"]
    return {
        "queries": len(work),
        "near": len(latency["near"]),
        "fresh": len(latency["fresh"]),
        "latency_ms": {k: v * 1000 for k, v in percentiles(everything).items()},
        "near_latency_ms": {k: v * 1000 for k, v in percentiles(latency["near"]).items()}
        if latency["near"] else None,
        "fresh_latency_ms": {k: v * 1000 for k, v in percentiles(latency["fresh"]).items()}
        if latency["fresh"] else None,
        "prep_p50_ms": float(np.median(prep)) * 1000,
        "candidates_mean": float(np.mean(all_candidates)),
        "candidates_max": int(max(all_candidates)),
        "near_candidates_mean": float(np.mean(candidates["near"])) if candidates["near"] else None,
        "fresh_candidates_mean": float(np.mean(candidates["fresh"]))
        if candidates["fresh"] else None,
        "near_found": found,
    }


def default_workers() -> int:
    try:
        return max(1, min(2, len(os.sched_getaffinity(0))))
    except AttributeError:
        return max(1, min(2, os.cpu_count() or 1))
