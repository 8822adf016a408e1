"""Checking the run ledger: the chain from the first entry to the head, and what each entry
records against the bucket. Used by ``arshif verify`` (integrity/ledger_check.py) and
``arshif verify-export`` (the entries an export names must be in the chain).

A break is one of:

- ``ledger-entry-missing``: a position between 1 and the head holds no entry (deleted);
- ``ledger-entry-altered``: an entry's bytes are not those the next entry chained to (its
  ``previous``), or not those the store recorded when it was written, or not an entry at all;
- ``ledger-entry-reordered``: the entry stored at position N says it is another position
  (entries moved or swapped);
- ``ledger-manifest-differs`` / ``ledger-record-differs``: the manifest (deletion record) an
  entry names does not hash to what the entry recorded: it was rewritten after it was ledgered.

The chain is walked first to head and the first break stops the walk: beyond it nothing can be
trusted to be in order. What the readable entries record is checked in every case.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from arshif.ledger import GENESIS, Head, entry_key, positions, sha256_hex
from storage.errors import CorruptObject, ObjectMissing


@dataclass
class Break:
    """One thing wrong with the ledger: ``kind`` is verify's (``missing`` or ``corrupt``)."""

    kind: str
    reason: str
    key: str
    detail: str
    position: int | None = None
    expected: dict | None = None
    actual: dict | None = None


@dataclass
class Chain:
    """The ledger as read: its entries by position, the head, and what is wrong."""

    entries: dict[int, Head] = field(default_factory=dict)
    breaks: list[Break] = field(default_factory=list)
    head: Head = field(default_factory=lambda: Head(0, GENESIS))
    intact_to: int = 0  # the last position reached from the first without a break

    @property
    def intact(self) -> bool:
        return not any(b.reason.startswith("ledger-entry") for b in self.breaks)

    def recorded(self) -> dict[str, Head]:
        """Object key (manifest or deletion record) → the first entry that records it."""
        out: dict[str, Head] = {}
        for position in sorted(self.entries):
            key = (self.entries[position].entry.get("object") or {}).get("key")
            if key and key not in out:
                out[key] = self.entries[position]
        return out

    def summary(self) -> dict:
        return {"entries": len(self.entries), "head": self.head.to_dict(), "intact": self.intact,
                "intact_to": self.intact_to}


def read_chain(store, workers: int = 8) -> Chain:
    """Reads every entry and walks the chain from the first to the newest."""
    chain = Chain()
    listed = positions(store)
    unreadable: dict[int, str] = {}

    def read(position: int) -> tuple[int, bytes | None, str | None]:
        try:
            return position, store.get(entry_key(position)), None
        except CorruptObject as exc:
            return position, None, f"its bytes do not match the checksum recorded when it was written ({exc})"
        except ObjectMissing:
            return position, None, "gone"

    with ThreadPoolExecutor(workers) as pool:
        for position, data, error in pool.map(read, listed):
            if error == "gone":
                continue
            try:
                entry = json.loads(data.decode("utf-8")) if data is not None else None
                if not isinstance(entry, dict):
                    raise ValueError("not a JSON object")
            except (UnicodeDecodeError, ValueError) as exc:
                entry, error = None, error or f"it is not a ledger entry ({exc})"
            if entry is None:
                unreadable[position] = error or "unreadable"
                continue
            chain.entries[position] = Head(position, sha256_hex(data), entry_key(position), entry)
    _walk(chain, max(listed, default=0), unreadable)
    return chain


def _walk(chain: Chain, last: int, unreadable: dict[int, str]) -> None:
    previous, previous_position = GENESIS, 0
    for position in range(1, last + 1):
        key = entry_key(position)
        found = chain.entries.get(position)
        if position in unreadable:
            chain.breaks.append(Break("corrupt", "ledger-entry-altered", key,
                                      f"ledger entry {position}: {unreadable[position]}", position))
            break
        if found is None:
            chain.breaks.append(Break("missing", "ledger-entry-missing", key,
                                      f"ledger entry {position} is missing: the chain breaks after entry "
                                      f"{position - 1} (the ledger goes on to entry {last})", position))
            break
        said = found.entry.get("position")
        if said != position:
            chain.breaks.append(Break("corrupt", "ledger-entry-reordered", key,
                                      f"the entry stored as ledger entry {position} says it is entry {said}: "
                                      "entries were moved or swapped", position,
                                      expected={"position": position}, actual={"position": said}))
            break
        if found.entry.get("previous") != previous:
            altered = entry_key(previous_position) if previous_position else key
            chain.breaks.append(Break(
                "corrupt", "ledger-entry-altered", altered,
                f"ledger entry {position} chains to sha256 {found.entry.get('previous')}, but "
                + (f"entry {previous_position} hashes to {previous}: entry {previous_position} was altered"
                   if previous_position else "the first entry must chain to 64 zeros")
                + f" (or entry {position}'s link was)",
                previous_position or position, expected={"sha256": found.entry.get("previous")},
                actual={"sha256": previous}))
            break
        previous, previous_position = found.sha256, position
        chain.intact_to = position
    if chain.entries:
        chain.head = chain.entries[max(chain.entries)]


def check_objects(chain: Chain, digest_of) -> None:
    """What each readable entry records against the bucket: ``digest_of(key)`` gives the
    object's SHA-256 now (None: not in the bucket; "?": not known, not checked)."""
    for position in sorted(chain.entries):
        found = chain.entries[position]
        obj = found.entry.get("object") or {}
        if not obj.get("key"):
            continue
        what = "manifest" if found.entry.get("kind") == "run-part" else "record"
        now = digest_of(obj["key"])
        if now == "?":
            continue
        if now is None:
            chain.breaks.append(Break("missing", f"ledger-{what}-missing", obj["key"],
                                      f"ledger entry {position} records this {what}, which is not in the bucket",
                                      position, expected={"sha256": obj.get("sha256"), "entry": found.key}))
        elif now != obj.get("sha256"):
            chain.breaks.append(Break("corrupt", f"ledger-{what}-differs", obj["key"],
                                      f"its sha256 is {now}, but ledger entry {position} ({found.key}) recorded "
                                      f"{obj.get('sha256')}: the {what} was rewritten after it was committed",
                                      position, expected={"sha256": obj.get("sha256"), "entry": found.key},
                                      actual={"sha256": now}))
