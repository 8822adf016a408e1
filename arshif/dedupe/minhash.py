"""MinHash over word shingles of normalised Arabic text, and LSH band keys.

Everything here is computed from stable hashes (blake2b), never Python's ``hash``: signatures
and band keys are persisted in the catalog and must come out the same in every process, on every
machine, with every Python and numpy version. Whatever changes an output changes the stored
index, so it is part of :class:`MinHashParams` and the index refuses to open with other params.

Parameters: word 5-gram shingles and 126 hash functions in 42 bands of 3 rows. Banding only
proposes candidates; the exact Jaccard of the stored shingle sets decides (nearcopy.py), so the
banding must lose (almost) nothing at and above the confirm threshold, and propose few of the
pairs far below it. ``P(candidate | J) = 1 - (1 - J**rows)**bands``:

    J            0.06   0.2    0.3    0.45   0.5    0.55   0.6    0.7    0.8
    42 × 3       0.009  0.29   0.68   0.982  0.996  0.9995 1.000  1.000  1.000
    21 × 6       0.000  0.001  0.015  0.16   0.28   0.45   0.63   0.93   0.998
    63 × 2       0.20   0.92   0.997  1.000  1.000  1.000  1.000  1.000  1.000

The confirm threshold was calibrated on bench/pairs to 0.55 (docs/benchmarks.md, dedupe
section: near-copies there have Jaccard 0.455–1.0, hard negatives at most 0.062). 21 × 6 (the
first banding, built for a 0.8 threshold) proposes only 45 % of the pairs at J = 0.55, so the
threshold could not move there without a new banding. Of the bandings of 126 permutations,
42 × 3 is the one with the fewest bands (band rows per document) that proposes > 99 % of the
pairs at 0.55 (and 99.6 % at 0.5, room to calibrate lower without a reindex); it proposes
0.9 % of the pairs at J = 0.06, the most similar hard negatives. 63 × 2 would cost 50 % more
rows and propose a fifth of the pairs at J = 0.06 (5 of the 123 hard negatives of
bench/pairs). The price of 42 × 3: twice the band rows of 21 × 6, and more candidates between
J 0.2 and 0.45 (rewrites, updated versions), each costing one stored row read and one
Jaccard, which rejects it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

from arshif.textnorm import NORMALIZER_VERSION, normalize_for_matching

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]

# The Mersenne prime 2**61 - 1: reduction modulo it is shifts and masks, which numpy can do on
# uint64 lanes without overflowing (see _mulmod_add).
MERSENNE_61 = (1 << 61) - 1
_P = np.uint64(MERSENNE_61)
_MASK32 = np.uint64(0xFFFFFFFF)
_MASK29 = np.uint64((1 << 29) - 1)
_S3, _S29, _S32, _S61 = (np.uint64(n) for n in (3, 29, 32, 61))


@dataclass(frozen=True)
class MinHashParams:
    """Everything that determines stored signatures and band keys (persisted with the index)."""

    num_perm: int = 126
    bands: int = 42
    rows: int = 3
    seed: int = 0x61727368  # "arsh": any fixed value; changing it changes every signature
    shingle: int = 5
    normalizer_version: int = NORMALIZER_VERSION
    # Bump when the hashing code itself changes (shingle hash, permutation derivation, band key):
    # the other fields would not tell an old index from a new one. 2: 32-bit shingle hashes
    # (1: 64-bit) and one signed 64-bit integer key per band, a hash of the band's index and its
    # rows (1: 8 bytes of a hash of the rows alone).
    algorithm: int = 2

    def __post_init__(self) -> None:
        if self.bands * self.rows != self.num_perm:
            raise ValueError(f"bands × rows must equal num_perm: {self.bands} × {self.rows} "
                             f"!= {self.num_perm}")
        if self.shingle < 1:
            raise ValueError("shingle size must be at least 1 word")
        if not 1 <= self.bands < 2**16:
            raise ValueError("bands must be 1 … 65535 (the band index is hashed as 2 bytes)")

    @property
    def threshold(self) -> float:
        """The Jaccard at which the LSH S-curve is steepest, ≈ (1/bands)^(1/rows)."""
        return float((1 / self.bands) ** (1 / self.rows))

    def candidate_probability(self, jaccard: float) -> float:
        """Chance that two documents with this Jaccard share at least one band."""
        return float(1 - (1 - jaccard**self.rows) ** self.bands)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


DEFAULT_PARAMS = MinHashParams()


def _hash64(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def _hash32(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=4).digest()


def shingle_array(text: str, k: int = 5) -> U32:
    """The shingles of ``text`` as a sorted array of distinct uint32 (the stored form).

    32-bit hashes: an article has a few hundred shingles, so two texts of n shingles each
    share a hash by chance for ≈ n²/2**32 of their shingle pairs (2e-5 at n = 300: one pair of
    texts in 50 000 gets one false shared shingle, which moves its Jaccard by < 0.01). The
    stored sets are most of the index's bytes; 64-bit hashes would double them for nothing.
    """
    words = normalize_for_matching(text).split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    # A text shorter than k words is one shingle of all its words, not nothing: a short
    # text still matches an identical short text.
    grams = (
        [" ".join(words)]
        if len(words) < k
        else [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]
    )
    # Joining the 4-byte digests and reading them as little-endian uint32 in one go is much
    # faster than int.from_bytes per shingle.
    digests = b"".join(_hash32(gram.encode("utf-8")) for gram in grams)
    return np.unique(np.frombuffer(digests, dtype="<u4").astype(np.uint32))


def shingles(text: str, k: int = 5) -> set[int]:
    """Word k-grams of ``normalize_for_matching(text)``, each hashed to a 32-bit int."""
    return set(shingle_array(text, k).tolist())


def _as_array(shingle_set: Collection[int] | U64 | U32) -> U64:
    if isinstance(shingle_set, np.ndarray):
        return shingle_set.astype(np.uint64, copy=False)
    return np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))


def _fold(x: U64) -> U64:
    """x ≡ (x & p) + (x >> 61) (mod p), as 2**61 ≡ 1: < 2**61 + 8 for any uint64 x."""
    return (x & _P) + (x >> _S61)


def _reduce(x: U64) -> U64:
    """x mod p, exactly, for x < 2**64."""
    x = _fold(x)
    return np.where(x >= _P, x - _P, x)


def _fold_in_place(x: U64, scratch: U64) -> None:
    np.right_shift(x, _S61, out=scratch)
    x &= _P
    x += scratch


def _mulmod_add(a: U64, x: U64, b: U64) -> U64:
    """(a · x + b) mod (2**61 - 1), exactly, for a, x, b < 2**61; a and b (k, 1), x (n,).

    The product needs 122 bits; numpy has 64. Split a and x into 32-bit limbs and use
    2**61 ≡ 1 (mod p), so 2**64 ≡ 8: every partial product and partial sum then fits in a
    uint64 (bounds in the comments). The (k, n) work is done in place, in two buffers: at
    news-article sizes allocating temporaries took half the time.
    """
    a_hi, a_lo = a >> _S32, a & _MASK32  # a_hi < 2**29
    x_hi, x_lo = x >> _S32, x & _MASK32
    mid = np.multiply(a_hi, x_lo)
    tmp = np.multiply(a_lo, x_hi)
    mid += tmp  # < 2**62
    total = np.multiply(a_hi, x_hi)
    total <<= _S3  # a_hi·x_hi·2**64 ≡ ·8 (mod p); < 2**61
    # mid·2**32 = (mid >> 29)·2**61 + (mid & (2**29-1))·2**32 ≡ (mid >> 29) + (mid_lo << 32)
    np.right_shift(mid, _S29, out=tmp)
    total += tmp
    mid &= _MASK29
    mid <<= _S32
    total += mid  # < 2**62 + 2**33
    low = np.multiply(a_lo, x_lo, out=mid)  # < 2**64: fold it before adding
    np.right_shift(low, _S61, out=tmp)
    low &= _P
    total += low
    total += tmp  # < 2**63
    _fold_in_place(total, tmp)  # < 2**61 + 4
    total += b  # < 2**62 + 4
    _fold_in_place(total, tmp)  # < 2**61 + 2
    np.subtract(total, _P, out=total, where=total >= _P)  # the one exact representative
    return total


@functools.cache
def _permutations(params: MinHashParams) -> tuple[U64, U64]:
    """The (a, b) of the universal hashes, derived from the seed with blake2b.

    Not from numpy's random generators: their streams may change between numpy versions, and
    a stored index must keep meaning the same thing.
    """
    a = np.empty(params.num_perm, dtype=np.uint64)
    b = np.empty(params.num_perm, dtype=np.uint64)
    for i in range(params.num_perm):
        digest = hashlib.blake2b(f"{params.seed}:{i}".encode(), digest_size=16).digest()
        a[i] = int.from_bytes(digest[:8], "little") % (MERSENNE_61 - 1) + 1  # a ≠ 0
        b[i] = int.from_bytes(digest[8:], "little") % MERSENNE_61
    a.flags.writeable = b.flags.writeable = False  # cached and shared by every call
    return a, b


def signature(shingle_set: Collection[int] | U64 | U32,
              params: MinHashParams = DEFAULT_PARAMS) -> U64:
    """The MinHash signature: for each permutation, min over shingles of (a·x + b) mod p."""
    a, b = _permutations(params)
    x = _reduce(_as_array(shingle_set))
    if x.size == 0:
        # No shingles: every slot at its maximum. Callers do not index such documents (all
        # empty texts would share every band), this only keeps the function total.
        return np.full(params.num_perm, MERSENNE_61, dtype=np.uint64)
    hashed = _mulmod_add(a[:, None], x[None, :], b[:, None])  # (num_perm, n)
    return hashed.min(axis=1)


def band_keys(sig: U64, params: MinHashParams = DEFAULT_PARAMS) -> list[int]:
    """One key per band: a signed 64-bit integer hash of the band's index and its rows.

    The band's index is hashed in, so one integer column holds every band's keys (no band
    column) and equal rows in two bands never share a key. Signed, to fit an SQL INTEGER
    (SQLite's and PostgreSQL's BIGINT are signed 64-bit). 64 bits: two different bands collide
    with chance 2**-64, and a collision only proposes a candidate that the Jaccard rejects.
    """
    rows = sig.astype("<u8", copy=False).reshape(params.bands, params.rows)
    return [
        int.from_bytes(_hash64(band.to_bytes(2, "little") + row.tobytes()), "little", signed=True)
        for band, row in enumerate(rows)
    ]


def jaccard(a: Collection[int], b: Collection[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty (two empty texts are not copies of anything)."""
    if not a and not b:
        return 0.0
    sa, sb = set(a), set(b)
    inter = len(sa & sb)
    return inter / (len(sa) + len(sb) - inter)


def jaccard_sorted(a: U32 | U64, b: U32 | U64) -> float:
    """Jaccard of two sorted arrays of distinct values (the stored shingle form), vectorised."""
    if a.size == 0 and b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)
