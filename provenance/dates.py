"""Dates that keep the precision they were given.

A version published on ``2021-06-10`` was published on that day, not at midnight UTC: an
:class:`IsoDate` keeps the year, month, day or minute precision it came with, and comparisons
happen at the coarser of two precisions, so a same-day translation is never "before" its source.

This is the only module that imports :mod:`dateutil`, and only for lenient human input
(:func:`parse_lenient`). The native format is strict ISO 8601 (:func:`parse_iso`). Solar Hijri
and Hijri years are never misread as Gregorian: :func:`other_calendar_candidates` names what a
year such as ``1400`` most likely was.

>>> d = parse_iso("2021-06-10")
>>> d.precision, str(d)
(<Precision.DAY: 3>, '2021-06-10')
>>> is_before(parse_iso("2021-06-10T09:00:00+04:30"), d)
False
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
import warnings

import attrs

__all__ = [
    "ZONE_NAMES",
    "IsoDate",
    "Precision",
    "is_before",
    "other_calendar_candidates",
    "parse_iso",
    "parse_lenient",
    "today",
]


class Precision(enum.IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4  # a time of day, possibly with seconds and fractions


@attrs.frozen(order=False)
class IsoDate:
    """A date or datetime with its precision; ``offset`` is minutes east of UTC, or ``None``."""

    year: int
    month: int | None = None
    day: int | None = None
    time: dt.time | None = None
    offset: int | None = None

    @property
    def precision(self) -> Precision:
        if self.time is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def has_offset(self) -> bool:
        """Whether a datetime says which UTC offset it is in (dates need none)."""
        return self.time is None or self.offset is not None

    def as_date(self) -> dt.date | None:
        """The calendar day, if known."""
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def as_datetime(self) -> dt.datetime | None:
        """The instant, if a time with an offset is known."""
        if self.time is None or self.offset is None or self.month is None or self.day is None:
            return None
        tz = dt.timezone(dt.timedelta(minutes=self.offset))
        return dt.datetime.combine(dt.date(self.year, self.month, self.day), self.time, tz)

    def __str__(self) -> str:
        if self.time is None and self.day is not None:  # the common case, in one step
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.time is not None:
            text += "T" + self.time.isoformat()
            if self.offset is not None:
                text += _format_offset(self.offset)
        return text


def _format_offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


_ISO = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})?)?)?)?\Z",
    re.ASCII,  # \d would otherwise match Arabic-Indic and Persian digits too
)


@functools.lru_cache(maxsize=4096)
def parse_iso(text: str) -> IsoDate:
    """Parse strict ISO 8601: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a datetime.

    A datetime has at least hours and minutes, and should carry ``Z`` or an offset.
    Raises :class:`ValueError` with a message that says what is expected.

    >>> str(parse_iso("2021-06-10T10:30+04:30"))
    '2021-06-10T10:30:00+04:30'
    >>> parse_iso("10 June 2021")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '10 June 2021' is not an ISO 8601 date: use YYYY, YYYY-MM, YYYY-MM-DD or ...
    """
    if type(text) is str and text.isascii():
        quick = _parse_usual(text)
        if quick is not None:
            return quick
    return _parse_careful(text)


def _parse_usual(text: str) -> IsoDate | None:
    """The shapes nearly every date comes in, through the C parsers of :mod:`datetime`:
    ``YYYY-MM-DD``, and ``YYYY-MM-DDThh:mm:ss`` with ``Z`` or ``±hh:mm``. ``None`` for anything
    else, or anything they refuse (year 0, a basic-format surprise), which the careful parser
    then explains. A property test holds the two parsers to the same results."""
    size = len(text)
    if size == 10:
        if text[4] == "-" == text[7] and text[:4].isdigit() and text[5:7].isdigit():
            try:
                day = _fromisoformat(text)
            except ValueError:
                return None
            if text[8:].isdigit():
                return IsoDate(day.year, day.month, day.day)
        return None
    if (size == 20 and text[19] == "Z") or (size == 25 and text[19] in "+-" and text[22] == ":"):
        if not (
            text[4] == "-" == text[7]
            and text[10] == "T"
            and text[13] == ":" == text[16]
            and text[11:13] <= "23"  # some Pythons read 24:00 as the next day's midnight
            and (
                text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]
            ).isdigit()
        ):
            return None
        if size == 20:
            offset = 0
        else:
            if not (text[20:22] + text[23:25]).isdigit():
                return None
            hours, minutes = int(text[20:22]), int(text[23:25])
            if hours > 14 or minutes > 59:
                return None
            offset = hours * 60 + minutes if text[19] == "+" else -(hours * 60 + minutes)
        try:
            stamp = _datetime_fromisoformat(text[:19])
        except ValueError:
            return None
        return IsoDate(stamp.year, stamp.month, stamp.day, stamp.time(), offset)
    return None


def _parse_careful(text: str) -> IsoDate:
    match = _ISO.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date: use YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]"
        )
    g = match.groupdict()
    year = int(g["year"])
    month = int(g["month"]) if g["month"] else None
    day = int(g["day"]) if g["day"] else None
    try:
        if month is not None:
            dt.date(year or 1, month, day or 1)
        time = None
        if g["hour"]:
            fraction = g["fraction"] or ""
            time = dt.time(
                int(g["hour"]),
                int(g["minute"]),
                int(g["second"] or 0),
                int(fraction.ljust(6, "0")) if fraction else 0,
            )
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date or time: {error}") from None
    if year == 0:
        raise ValueError(f"{text!r} has year 0000, which no calendar in use has")
    offset = None
    if g["offset"]:
        if g["offset"] == "Z":
            offset = 0
        else:
            sign = -1 if g["offset"][0] == "-" else 1
            hours, minutes = int(g["offset"][1:3]), int(g["offset"][4:6])
            if hours > 14 or minutes > 59:
                raise ValueError(f"{text!r} has an impossible UTC offset {g['offset']}")
            offset = sign * (hours * 60 + minutes)
    return IsoDate(year, month, day, time, offset)


_fromisoformat = dt.date.fromisoformat
_datetime_fromisoformat = dt.datetime.fromisoformat


def _key(date: IsoDate, precision: Precision) -> tuple[int, ...]:
    parts = (date.year, date.month or 0, date.day or 0)
    return parts[: int(min(precision, Precision.DAY))]


def is_before(a: IsoDate, b: IsoDate) -> bool:
    """Whether ``a`` is strictly before ``b`` at the precision both know.

    Two datetimes with offsets compare as instants. A datetime with an offset against a date
    without a time: the date is a local calendar day somewhere between UTC-12 and UTC+14, so
    only an instant outside every reading of it counts. Otherwise the comparison uses the
    calendar fields both have, as printed: ``2021-06`` is not before ``2021-06-10``, nor after.

    >>> is_before(parse_iso("2021-06"), parse_iso("2021-06-10"))
    False
    >>> is_before(parse_iso("2021-06-09"), parse_iso("2021-06-10"))
    True
    >>> is_before(parse_iso("2021-06-10T23:00-05:00"), parse_iso("2021-06-11T01:00+00:00"))
    False
    >>> is_before(parse_iso("2021-06-09T23:00-05:00"), parse_iso("2021-06-10"))
    False
    """
    if a.time is None and b.time is None:  # two calendar dates: the usual case
        if a.day is not None and b.day is not None:  # both full dates
            return (a.year, a.month or 0, a.day) < (b.year, b.month or 0, b.day)
        precision = min(a.precision, b.precision)
        return _key(a, precision) < _key(b, precision)
    if a.time is not None and b.time is not None and a.offset is not None:
        if a.offset == b.offset:  # same offset (often UTC): the printed fields order them
            return (a.year, a.month or 0, a.day or 0, a.time) < (
                b.year,
                b.month or 0,
                b.day or 0,
                b.time,
            )
        da, db = a.as_datetime(), b.as_datetime()
        if da is not None and db is not None:
            return da < db
    instant_a, instant_b = a.as_datetime(), b.as_datetime()
    if instant_a is not None and b.time is None:
        return instant_a < _span(b)[0]
    if instant_b is not None and a.time is None:
        return _span(a)[1] <= instant_b
    precision = min(a.precision, b.precision, Precision.DAY)
    return _key(a, precision) < _key(b, precision)


_EARLIEST = dt.timezone(dt.timedelta(hours=14))  # the first place a calendar day begins
_LATEST = dt.timezone(dt.timedelta(hours=-12))  # the last place it ends


def _span(date: IsoDate) -> tuple[dt.datetime, dt.datetime]:
    """The instants a date without a time may stand for, wherever it was printed."""
    month, day = date.month or 1, date.day or 1
    first = dt.date(date.year, month, day)
    if date.day is not None:
        last = first
    elif date.month is not None:
        last = first.replace(day=calendar.monthrange(date.year, month)[1])
    else:
        last = dt.date(date.year, 12, 31)
    start = dt.datetime.combine(first, dt.time(), _EARLIEST)
    if last == dt.date.max:
        return start, dt.datetime.max.replace(tzinfo=dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), _LATEST)
    return start, end


def today() -> dt.date:
    """Today's date in UTC (a function, so tests can rely on one clock)."""
    return dt.datetime.now(dt.UTC).date()


def other_calendar_candidates(date: IsoDate) -> list[tuple[str, str]]:
    """What an implausible Gregorian year most likely was, as ``(calendar, gregorian)`` pairs.

    Persian sources print Solar Hijri dates (``1400/03/20``), Arabic ones Hijri dates, and a
    careless parser reads them as Gregorian years. Years 1300-1500 are in both ranges.

    >>> other_calendar_candidates(parse_iso("1400-03-20"))
    [('persian', '2021-06-10'), ('islamic-umalqura', '1980-02-07')]
    """
    if not 1300 <= date.year <= 1500:
        return []
    month, day = date.month or 1, date.day or 1
    found: list[tuple[str, str]] = []
    try:
        from persiantools.jdatetime import JalaliDate

        gregorian = JalaliDate(date.year, month, day).to_gregorian()  # type: ignore[no-untyped-call]
        found.append(("persian", _format_candidate(gregorian, date.precision)))
    except (ValueError, OverflowError):
        pass
    try:
        from hijridate import Hijri

        hijri = Hijri(date.year, month, day).to_gregorian()
        found.append(("islamic-umalqura", _format_candidate(hijri, date.precision)))
    except (ValueError, OverflowError):
        pass
    return found


def _format_candidate(day: dt.date, precision: Precision) -> str:
    text = day.isoformat()
    return text[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(precision, 10)]


# Time zone abbreviations that name one offset wherever they are used, in minutes. Ambiguous
# ones (CST: US Central or China; IST: India, Ireland or Israel; AST: Arabia or Atlantic) are
# left out: a date that uses one keeps its time without an offset, and says so.
ZONE_NAMES: dict[str, int] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60,
    "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180, "TRT": 180,
    "IRST": 210, "IRDT": 270, "PKT": 300, "ICT": 420, "WIB": 420, "HKT": 480, "SGT": 480,
    "AWST": 480, "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720,
    "NZDT": 780, "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
    "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "BRT": -180, "ART": -180,
}  # fmt: skip
_TRAILING_ZONE = re.compile(r"(?P<offset>[+-]\d{2}:?\d{2}|Z)?\s*\(?(?P<name>[A-Z]{2,5})\)?\Z")


def _zone_named(text: str) -> str:
    """``text`` with a known zone name at its end written as the offset it stands for; a
    name after a numeric offset dropped (``+02:00CET``: the number is what was meant)."""
    match = _TRAILING_ZONE.search(text)
    if match is None or match["name"] not in ZONE_NAMES or match.start() == 0:
        return text
    head = text[: match.start()].rstrip()
    if match["offset"]:
        return head + match["offset"]
    if not head[-1:].isdigit():
        return text
    return head + _format_offset(ZONE_NAMES[match["name"]])


def parse_lenient(
    text: str, *, dayfirst: bool = True, notes: list[str] | None = None
) -> IsoDate | None:
    """Read a date a person wrote (``"10 June 2021"``, ``"June 2021"``), keeping its precision.

    Returns ``None`` when the text holds no date. Slash dates in the Solar Hijri or Hijri year
    range (``1399/03/20``) are refused rather than misread as Gregorian. A time zone named by
    its abbreviation keeps its offset (``CET`` is ``+01:00``, :data:`ZONE_NAMES`); a name that
    is unknown or ambiguous leaves the time without one, and says so in ``notes`` (python-dateutil's
    own warnings never get out of here).

    >>> str(parse_lenient("10 June 2021")), str(parse_lenient("June 2021"))
    ('2021-06-10', '2021-06')
    >>> str(parse_lenient("2021-01-03T17:40:00EET")), str(parse_lenient("27 OCT 2012 - 12:14 CET"))
    ('2021-01-03T17:40:00+02:00', '2012-10-27T12:14:00+01:00')
    >>> parse_lenient("1399/03/20") is None
    True
    """
    from dateutil import parser

    text = " ".join(text.split())
    if not text or len(text) > 100:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        pass
    text = _zone_named(text)
    try:
        return parse_iso(text)
    except ValueError:
        pass
    year = re.search(r"\b(\d{4})\b", text)
    if year and 1300 <= int(year.group(1)) <= 1500:
        return None
    sentinel_a = dt.datetime(1, 1, 1)
    sentinel_b = dt.datetime(2, 2, 2)
    # A text that starts with a four-digit year is year-month-day (ISO order) whatever the
    # locale's habit; dayfirst would read 2021/06/10 as 6 October.
    year_first = re.match(r"\d{4}[-/.]", text) is not None
    first = False if year_first else dayfirst
    zones = {name: minutes * 60 for name, minutes in ZONE_NAMES.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = parser.parse(
                text, default=sentinel_a, dayfirst=first, yearfirst=year_first, tzinfos=zones
            )
            b = parser.parse(
                text, default=sentinel_b, dayfirst=first, yearfirst=year_first, tzinfos=zones
            )
        except (ValueError, OverflowError, parser.ParserError):
            return None
    for warning in caught:
        named = re.search(r"tzname (\S+)", str(warning.message))
        if notes is not None and named is not None:
            notes.append(
                f"the time zone {named.group(1)!r} (an unknown or ambiguous zone name; the "
                "time is kept without an offset)"
            )
        elif notes is not None:
            notes.append("part of the date that python-dateutil could not read")
    # Fields that differ between the two defaults were not in the text.
    if a.year != b.year:
        return None
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day and month is not None else None
    has_time = a.hour == b.hour and a.minute == b.minute and (a.hour or a.minute or ":" in text)
    time = a.time() if has_time and day is not None else None
    offset = None
    if time is not None:
        try:
            delta = a.utcoffset()
        except ValueError:  # an offset of a day or more ("12:00 +2500") is no time zone
            return None
        offset = int(delta.total_seconds() // 60) if delta is not None else None
    return IsoDate(a.year, month, day, time, offset)
