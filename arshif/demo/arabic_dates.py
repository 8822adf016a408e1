"""Dates as the demo sites print them: Egyptian or Levantine month names, Hijri, Arabic digits.

Each site writes its visible dates its own way on purpose: date extraction has to cope with all of
them (htmldate knows no Arabic month), while the machine-readable dates stay in the metadata.
"""

from __future__ import annotations

from datetime import date, datetime

import hijridate

# Egypt and the Gulf use the transliterated Latin month names, the Levant the Syriac ones.
EGYPTIAN_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
LEVANTINE_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def months(dialect: str) -> tuple[str, ...]:
    return LEVANTINE_MONTHS if dialect == "levantine" else EGYPTIAN_MONTHS


def month_name(month: int, dialect: str) -> str:
    return months(dialect)[month - 1]


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def indic(text: str) -> str:
    """Western digits as Arabic-Indic ones (٠١٢...)."""
    return text.translate(_ARABIC_INDIC)


def twelve_hour(moment: datetime) -> str:
    """ "08:15 م": the 12-hour clock with ص (morning) or م (afternoon)."""
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment.minute:02d} {'ص' if moment.hour < 12 else 'م'}"


def long_date(day: date, dialect: str = "egyptian", with_weekday: bool = True) -> str:
    """ "السبت 28 نوفمبر 2026"."""
    text = f"{day.day} {month_name(day.month, dialect)} {day.year}"
    return f"{weekday(day)} {text}" if with_weekday else text


def hijri_date(day: date) -> str:
    """ "18 جمادى الآخرة 1448 هـ"."""
    hijri = hijridate.Gregorian(day.year, day.month, day.day).to_hijri()
    return f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} هـ"


def masr_stamp(moment: datetime) -> str:
    """masr-today: "السبت 28 نوفمبر 2026 - 08:15 م"."""
    return f"{long_date(moment.date())} - {twelve_hour(moment)}"


def levant_stamp(moment: datetime) -> str:
    """levant-post: "السبت 28 تشرين الثاني 2026 - 20:15"."""
    return f"{long_date(moment.date(), 'levantine')} - {moment:%H:%M}"


def gulf_stamp(moment: datetime) -> str:
    """gulf-wire: "٢٨ نوفمبر ٢٠٢٦ - ٠٨:١٥ م | ١٨ جمادى الآخرة ١٤٤٨ هـ" in Arabic-Indic digits."""
    gregorian = long_date(moment.date(), with_weekday=False)
    return indic(f"{gregorian} - {twelve_hour(moment)} | {hijri_date(moment.date())}")
