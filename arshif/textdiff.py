"""Word-level differences between two versions of an article, paragraph by paragraph.

The texts compared are the stored ones, never normalised: what is shown is what was published.
Words keep their logical order, so Arabic reads right to left in any bidi-aware viewer; the
markers used when colour is unavailable (``[-…-]`` and ``{+…+}``) are those of ``git diff
--word-diff``.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

RED, GREEN, STRIKE, RESET = "\x1b[31m", "\x1b[32m", "\x1b[9m", "\x1b[0m"


@dataclass
class Piece:
    op: str  # equal | delete | insert
    text: str


@dataclass
class ParagraphChange:
    op: str  # changed | added | removed
    old_index: int | None  # 1-based paragraph numbers
    new_index: int | None
    pieces: list[Piece] = field(default_factory=list)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _word_pieces(old: str, new: str) -> list[Piece]:
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", " ".join(b[j1:j2])))
    return pieces


def diff_texts(old: str, new: str) -> list[ParagraphChange]:
    """Changed, added and removed paragraphs; a changed one carries its word-level pieces."""
    a, b = paragraphs(old), paragraphs(new)
    changes: list[ParagraphChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            # Pair paragraphs in order; what is left over was added or removed.
            for k in range(max(i2 - i1, j2 - j1)):
                oi, nj = i1 + k, j1 + k
                if oi < i2 and nj < j2:
                    changes.append(ParagraphChange("changed", oi + 1, nj + 1, _word_pieces(a[oi], b[nj])))
                elif oi < i2:
                    changes.append(ParagraphChange("removed", oi + 1, None, [Piece("delete", a[oi])]))
                else:
                    changes.append(ParagraphChange("added", None, nj + 1, [Piece("insert", b[nj])]))
        elif op == "delete":
            changes += [ParagraphChange("removed", i + 1, None, [Piece("delete", a[i])]) for i in range(i1, i2)]
        else:
            changes += [ParagraphChange("added", None, j + 1, [Piece("insert", b[j])]) for j in range(j1, j2)]
    return changes


def render(changes: list[ParagraphChange], colour: bool = False) -> str:
    """Plain text for a terminal or a file: one block per changed paragraph."""
    out = []
    for change in changes:
        where = {"changed": f"¶{change.old_index} → ¶{change.new_index}",
                 "added": f"+ ¶{change.new_index}", "removed": f"- ¶{change.old_index}"}[change.op]
        words = []
        for piece in change.pieces:
            if piece.op == "equal":
                words.append(piece.text)
            elif piece.op == "delete":
                words.append(f"{RED}{STRIKE}{piece.text}{RESET}" if colour else f"[-{piece.text}-]")
            else:
                words.append(f"{GREEN}{piece.text}{RESET}" if colour else f"{{+{piece.text}+}}")
        out.append(f"{where}\n{' '.join(words)}")
    return "\n\n".join(out) + ("\n" if out else "")


def to_json(changes: list[ParagraphChange]) -> list[dict]:
    return [asdict(change) for change in changes]
