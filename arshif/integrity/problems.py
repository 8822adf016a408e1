"""What ``arshif verify`` finds: one ``Problem`` per thing wrong, gathered in a ``Report``.

The kinds of problem, worst first:

- ``corrupt``: an object's size or SHA-256 is not what its manifest committed (or a manifest's
  own bytes do not match the checksum recorded when it was written); the run ledger's first
  break (an altered or reordered entry), or a manifest or deletion record that no longer hashes
  to what its ledger entry recorded;
- ``missing``: a committed manifest names an object the bucket does not hold; a ledger entry
  is missing from the chain; a manifest or purge that no ledger entry records;
- ``incomplete``: a site's crawl was staged (``staging/<run>/<site>/_SUCCESS.json``), or
  started, for a run that has no manifest for it: it is invisible until it is committed;
- ``drift``: the catalog disagrees with the bucket (manifests not applied, captures whose
  manifest is gone, capture or text positions outside their object, capture counts that differ;
  with ``deep``, a capture position that does not hold its WARC record);
- ``extra``: an object under ``warc/ cdxj/ captures/ text/ runs/`` that no manifest and no known
  writer accounts for. Known writers besides manifests: run reports
  (``runs/<run>/report-*.json``) and re-extractions (``text/...--<tag>.jsonl``, recorded in the
  catalog table ``texts``). ``models/`` and ``staging/`` are not archive prefixes: staging is
  only read to find incomplete runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

KINDS = ("corrupt", "missing", "incomplete", "drift", "extra")  # report order: worst first

ADVICE = {
    "corrupt": "The stored bytes are not the bytes that were committed. Restore each object under "
               "the same key from a replica or backup whose SHA-256 matches the manifest (the store is "
               "write-once: delete the damaged copy first), then run `arshif verify --deep`. Until "
               "then, do not trust what is read from it.",
    "missing": "A committed manifest names an object the bucket no longer holds. Restore it under "
               "the same key from a replica or backup (its size and SHA-256 are in the manifest). "
               "Running the date again does not rewrite it: the manifest says that part is done.",
    "incomplete": "A crawl was staged but never committed: its captures are invisible to history, "
                  "get and search until `arshif run --date D` completes it from what was staged "
                  "(it does not crawl again).",
    "drift": "The catalog disagrees with the bucket, and the bucket is the archive: `arshif reindex` "
             "rebuilds the catalog from it (the next `arshif run` also applies committed manifests "
             "the catalog has not seen).",
    "extra": "No manifest or known writer accounts for these objects, and arshif never reads them. "
             "Find out what they are (a copy made by hand, another tool's output); move or delete "
             "those that are not part of the archive.",
}


class VerifyError(RuntimeError):
    """The walk could not be done (the bucket or the catalog cannot be read)."""


@dataclass
class Problem:
    kind: str           # one of KINDS
    reason: str         # what exactly, e.g. sha256, size, not-applied, out-of-bounds
    key: str            # the object (or manifest) concerned
    detail: str         # one line for a person
    run_key: str | None = None
    site: str | None = None
    action: str | None = None   # the command or step that fixes it, when there is one
    expected: dict | None = None
    actual: dict | None = None
    records: list[str] | None = None  # catalog captures concerned

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Report:
    bucket: str
    endpoint: str
    catalog: str | None
    deep: bool
    run_key: str | None = None
    site: str | None = None
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[Problem] = field(default_factory=list)
    ledger: dict | None = None  # the run ledger's entries and head (arshif/ledger/chain.py)

    @property
    def clean(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {kind: sum(p.kind == kind for p in self.problems) for kind in KINDS}

    def sort(self) -> None:
        """Worst kind first, then by key: the order of the human report and the JSON."""
        order = {kind: i for i, kind in enumerate(KINDS)}
        self.problems.sort(key=lambda p: (order[p.kind], p.key, p.reason))

    def to_dict(self) -> dict:
        kinds_found = [k for k in KINDS if any(p.kind == k for p in self.problems)]
        return {
            "clean": self.clean, "bucket": self.bucket, "endpoint": self.endpoint,
            "catalog": self.catalog, "deep": self.deep,
            "filters": {"run": self.run_key, "site": self.site},
            "checked": dict(self.checked), "counts": self.counts(), "ledger": self.ledger,
            "problems": [p.to_dict() for p in self.problems],
            "advice": {k: ADVICE[k] for k in kinds_found},
        }
