"""Parse publication dates: machine timestamps, and Arabic dates as pages display them.

htmldate knows no Arabic month names and no Hijri calendar, so visible dates
such as "5 آذار 2024", "5 جوان 2024", "٥ مارس ٢٠٢٤" or "24 شعبان 1445 هـ" are read here.
A day, a month and a year are all required: a bare year or "مارس 2024" is not a date.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hijridate import Hijri

from arshif.textnorm import fold_arabic

# The earliest year an archived Arabic news page can plausibly claim; older "dates" on a
# news page are quotes, not publication times.
MIN_YEAR = 1990


def zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone for ``name``; raises ValueError for an unknown name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone: {name!r}") from exc


_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})")


def parse_timestamp(value: str) -> datetime | date | None:
    """A machine timestamp (ISO 8601, W3C, RFC 2822) as a datetime, or a date if no time."""
    text = fold_arabic(value).strip()
    if not text:
        return None
    text = _SLASHED.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", text)
    if _DATE_ONLY.match(text):
        year, month, day = (int(part) for part in text.split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace(" T", "T"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def offset_bearing(value: datetime | date) -> bool:
    """True for an instant stamped with a non-zero UTC offset ("…T01:30:00+02:00").

    Such a stamp is the publisher's own clock: a CMS that writes UTC writes "Z" or "+00:00".
    """
    return isinstance(value, datetime) and value.utcoffset() not in (None, timedelta(0))


def local_date(value: datetime | date, timezone: str | None = None) -> date:
    """The calendar date of publication where the publisher is.

    A time without a zone is already the publisher's wall clock (read in ``timezone``), so it
    is never shifted: a Cairo story stamped 23:30 stays on its day. A time with a non-zero
    offset is on the publisher's clock too and keeps its day ("2024-03-07T01:30+02:00" is the
    7th even where the site is configured as UTC). Only a UTC time ("Z", "+00:00") is moved
    into ``timezone`` when one is given; without one it stays a UTC day.
    """
    if not isinstance(value, datetime):
        return value
    tz = zone(timezone)
    if value.tzinfo is None or tz is None or offset_bearing(value):
        return value.date()
    return value.astimezone(tz).date()


def timestamp_date(value: str, timezone: str | None = None) -> date | None:
    """``parse_timestamp`` then ``local_date``; None when the value is not a timestamp."""
    parsed = parse_timestamp(value)
    if parsed is None:
        return None
    return local_date(parsed, timezone)


# Month names as written, by calendar tradition. Folded (alef, ى, digits) before matching.
_GREGORIAN_MONTHS: dict[str, int] = {
    # Egypt and most of the Gulf (MSA transliterations)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levant and Iraq (Syriac names)
    "كانون الثاني": 1, "كانون ثاني": 1, "كانون 2": 1, "شباط": 2, "آذار": 3, "نيسان": 4,
    "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10,
    "تشرين أول": 10, "تشرين 1": 10, "تشرين الثاني": 11, "تشرين ثاني": 11, "تشرين 2": 11,
    "كانون الأول": 12, "كانون أول": 12, "كانون 1": 12,
    # Tunisia, Algeria (French names)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "جويلة": 7, "أوت": 8,
    # Morocco
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip

_HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع أول": 3, "ربيع الثاني": 4, "ربيع ثاني": 4,
    "ربيع الآخر": 4, "ربيع آخر": 4, "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "جمادى الآخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}  # fmt: skip


def _table(names: dict[str, int]) -> dict[str, int]:
    return {fold_arabic(name): month for name, month in names.items()}


_GREGORIAN = _table(_GREGORIAN_MONTHS)
_HIJRI = _table(_HIJRI_MONTHS)


def _alternation(table: dict[str, int]) -> str:
    # Longest first, so "كانون الثاني" wins over "كانون 2"'s prefix and so on; a space may
    # be doubled on real pages.
    names = sorted(table, key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)


_G = _alternation(_GREGORIAN)
_H = _alternation(_HIJRI)
_SEP = r"\s*[,،]?\s*"
# "5 آذار (مارس) 2024", "5 آذار/مارس 2024", "5 نوفمبر-تشرين الثاني 2024": Levantine and
# Egyptian pages often gloss the month with its other name, in either order. The gloss is
# captured: a pair naming two different months is no date.
_GLOSS = rf"(?:\s*[(/\-]\s*({_G})\s*\)?)?"

_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({_G}){_GLOSS}{_SEP}(?:(?:من\s+)?(?:عام|سنة)\s+)?(\d{{4}})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(rf"(?<![\w])({_G}){_GLOSS}\s+(\d{{1,2}}){_SEP}(\d{{4}})(?!\d)")
# The era mark ("هـ", folded to "ه") is part of the date as written.
_HIJRI_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({_H}){_SEP}(?:(?:من\s+)?(?:عام|سنة)\s+)?(\d{{4}})(?!\d)(?:\s*ه(?!\w))?"
)
_NUMERIC_YMD = re.compile(r"(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])")
_NUMERIC_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?![\d/.-])")
# Hijri years on news pages: 1410 AH is 1989, 1500 AH is 2077.
_HIJRI_YEARS = range(1410, 1501)


def _month_of(name: str, table: dict[str, int]) -> int:
    return table[" ".join(name.split())]


def _glossed_month(name: str, gloss: str | None) -> int | None:
    """The month of ``name``, or None when its gloss names another month."""
    month = _month_of(name, _GREGORIAN)
    if gloss and _month_of(gloss, _GREGORIAN) != month:
        return None
    return month


def _gregorian(year: int, month: int, day: int, latest: date) -> date | None:
    if not MIN_YEAR <= year <= latest.year:
        return None
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if found <= latest else None


def _hijri(year: int, month: int, day: int, latest: date) -> date | None:
    if year not in _HIJRI_YEARS:
        return None
    try:
        found = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    found = date(found.year, found.month, found.day)
    return found if MIN_YEAR <= found.year and found <= latest else None


class FoundDate(NamedTuple):
    pos: int  # where the date starts in the text
    value: date  # Gregorian
    calendar: str  # "gregorian" or "hijri": how the page wrote it
    text: str  # the date as written on the page ("٢٤ شعبان ١٤٤٥ هـ")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold_arabic(ch)


def _folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``fold_arabic(text)`` and, for each folded character, where it came from in ``text``.

    Folding character by character gives the same string unless NFKC composes across
    characters (a decomposed hamza); the offsets are None then, and spans are reported as
    folded."""
    folded = fold_arabic(text)
    parts: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        piece = _fold_char(ch)
        parts.append(piece)
        offsets.extend([index] * len(piece))
    if "".join(parts) != folded:
        return folded, None
    offsets.append(len(text))
    return folded, offsets


def find_dates(text: str, today: date | None = None) -> list[FoundDate]:
    """Every plausible date in a visible text, in reading order.

    Dates after ``today`` (plus a day, for zones ahead of UTC) are dropped: a page cannot be
    published in the future.
    """
    latest = (today or datetime.now(UTC).date()) + timedelta(days=1)
    folded, offsets = _folded_with_offsets(text)
    found: list[FoundDate] = []

    def add(m: re.Match[str], value: date | None, calendar: str) -> None:
        if value is None:
            return
        start, end = m.span()
        written = text[offsets[start] : offsets[end]] if offsets else folded[start:end]
        found.append(FoundDate(start, value, calendar, " ".join(written.split())))

    for m in _DAY_MONTH_YEAR.finditer(folded):
        month = _glossed_month(m.group(2), m.group(3))
        add(m, month and _gregorian(int(m.group(4)), month, int(m.group(1)), latest), "gregorian")
    for m in _MONTH_DAY_YEAR.finditer(folded):
        month = _glossed_month(m.group(1), m.group(2))
        add(m, month and _gregorian(int(m.group(4)), month, int(m.group(3)), latest), "gregorian")
    for m in _HIJRI_DATE.finditer(folded):
        month = _month_of(m.group(2), _HIJRI)
        add(m, _hijri(int(m.group(3)), month, int(m.group(1)), latest), "hijri")
    for m in _NUMERIC_YMD.finditer(folded):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        value = _gregorian(year, month, day, latest) or _hijri(year, month, day, latest)
        add(m, value, "gregorian" if year >= MIN_YEAR else "hijri")
    for m in _NUMERIC_DMY.finditer(folded):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # Arab sites write day first; month first only when day-first cannot be a date.
        value = (
            _gregorian(year, month, day, latest)
            or _gregorian(year, day, month, latest)
            or _hijri(year, month, day, latest)
        )
        add(m, value, "gregorian" if year >= MIN_YEAR else "hijri")
    found.sort(key=lambda item: item.pos)
    return found


def find_arabic_dates(text: str, today: date | None = None) -> list[tuple[int, date, str]]:
    """``find_dates`` as ``(position, date, calendar)`` tuples."""
    return [(f.pos, f.value, f.calendar) for f in find_dates(text, today)]


def first_date(text: str, today: date | None = None) -> FoundDate | None:
    """The first date in a visible text; a Gregorian date wins over a Hijri one.

    Pages that show both ("24 شعبان 1445 هـ - 5 مارس 2024") print the same day twice, and
    the Gregorian one does not depend on the Umm al-Qura tables matching local sighting.
    """
    found = find_dates(text, today)
    for item in found:
        if item.calendar == "gregorian":
            return item
    return found[0] if found else None


def parse_arabic_date(text: str, today: date | None = None) -> date | None:
    """The date of ``first_date``."""
    found = first_date(text, today)
    return found.value if found else None
