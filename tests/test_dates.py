from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import dates
from provenance.dates import IsoDate, Precision, is_before, parse_iso, parse_lenient
from provenance.strategies import iso_dates


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2021", Precision.YEAR),
        ("2021-06", Precision.MONTH),
        ("2021-06-10", Precision.DAY),
        ("2021-06-10T10:30Z", Precision.MINUTE),
        ("2021-06-10T10:30:15.5+04:30", Precision.MINUTE),
    ],
)
def test_precision_is_kept(text: str, precision: Precision) -> None:
    assert parse_iso(text).precision is precision


@pytest.mark.parametrize(
    "text",
    [
        "",
        "21",
        "2021-6-10",
        "2021/06/10",
        "10 June 2021",
        "2021-13",
        "2021-02-30",
        "2021-06-10T25:00Z",
        "2021-06-10T10:00+15:00",
        "0000",
        "2021-06-10 10:00",
        "١٤٠٠",
    ],
)
def test_strict_iso_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"ISO 8601|real date|offset|year 0000"):
        parse_iso(text)


@given(iso_dates(1, 9999))
def test_text_round_trip(date: IsoDate) -> None:
    assert parse_iso(str(date)) == date


def test_offsets_render_canonically() -> None:
    assert str(parse_iso("2021-06-10T10:00+00:00")) == "2021-06-10T10:00:00Z"
    assert str(parse_iso("2021-06-10T10:00-03:30")) == "2021-06-10T10:00:00-03:30"


@pytest.mark.parametrize(
    ("a", "b", "before"),
    [
        ("2021-06-09", "2021-06-10", True),
        ("2021-06-10", "2021-06-10", False),
        ("2021-06", "2021-06-10", False),
        ("2021-06-10", "2021-06", False),
        ("2021", "2021-06-10", False),
        ("2020", "2021-06-10", True),
        ("2021-06-10T09:00+04:30", "2021-06-10", False),
        ("2021-06-10T23:00-05:00", "2021-06-11T01:00Z", False),
        ("2021-06-10T23:00-05:00", "2021-06-11T05:00Z", True),
        ("2021-06-10T08:00", "2021-06-10T09:00Z", False),
    ],
)
def test_is_before_at_the_coarser_precision(a: str, b: str, before: bool) -> None:
    assert is_before(parse_iso(a), parse_iso(b)) is before


@given(iso_dates(), iso_dates())
def test_is_before_is_asymmetric(a: IsoDate, b: IsoDate) -> None:
    assert not (is_before(a, b) and is_before(b, a))


def test_same_day_is_never_before() -> None:
    day = parse_iso("2021-06-10")
    for hour in range(24):
        stamp = parse_iso(f"2021-06-10T{hour:02d}:00+03:30")
        assert not is_before(stamp, day)
        assert not is_before(day, stamp)


def test_other_calendars_are_named() -> None:
    found = dict(dates.other_calendar_candidates(parse_iso("1400-03-20")))
    assert found["persian"] == "2021-06-10"
    assert found["islamic-umalqura"] == "1980-02-07"
    assert dates.other_calendar_candidates(parse_iso("2021-06-10")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 June 2021", "2021-06-10"),
        ("June 2021", "2021-06"),
        ("2021", "2021"),
        ("June 10, 2021", "2021-06-10"),
        ("2021-06-10", "2021-06-10"),
    ],
)
def test_lenient_parsing_keeps_precision(text: str, expected: str) -> None:
    assert str(parse_lenient(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1399/03/20",
        "20 Khordad 1400",
        "",
        "no date here",
        "x" * 500,
        "10 June 2021 12:00 +2500",  # an offset of more than a day: no time zone
    ],
)
def test_lenient_parsing_refuses_rather_than_misreads(text: str) -> None:
    assert parse_lenient(text) is None


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 +-:/.,TZ", max_size=30) | st.text(max_size=30))
def test_lenient_parsing_gives_a_date_or_none_never_an_error(text: str) -> None:
    assert parse_lenient(text) is None or isinstance(parse_lenient(text), IsoDate)


def test_datetime_parts() -> None:
    stamp = parse_iso("2021-06-10T10:30+04:30")
    assert stamp.as_datetime() == dt.datetime(2021, 6, 10, 6, 0, tzinfo=dt.UTC)
    assert parse_iso("2021-06-10T10:30").as_datetime() is None
    assert not parse_iso("2021-06-10T10:30").has_offset
    assert parse_iso("2021-06").as_date() is None


@pytest.mark.parametrize(
    ("a", "b", "before"),
    [
        # an instant against a calendar day printed somewhere between UTC-12 and UTC+14
        ("2021-06-09T23:00-05:00", "2021-06-10", False),
        ("2021-06-08T09:00Z", "2021-06-10", True),
        ("2021-06-09", "2021-06-10T01:00+04:30", False),
        ("2021-06-09", "2021-06-11T00:00Z", True),
        ("2021-06", "2021-07-02T00:00Z", True),
        ("9999-12-31", "9999-12-31T00:00Z", False),
    ],
)
def test_instants_against_days_allow_every_time_zone(a: str, b: str, before: bool) -> None:
    assert is_before(parse_iso(a), parse_iso(b)) is before


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021/06/10", "2021-06-10"), ("2021.06.10", "2021-06-10"), ("10/06/2021", "2021-06-10")],
)
def test_lenient_year_first_dates_are_not_read_day_first(text: str, expected: str) -> None:
    assert str(parse_lenient(text)) == expected


_DATE_LIKE = st.one_of(
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        fullmatch=True,
    ),
    st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})", fullmatch=True),
    iso_dates(1, 9999).map(str),
    st.text(alphabet="0123456789-T:Z+. ", max_size=26),
)


@given(_DATE_LIKE)
def test_the_quick_parser_agrees_with_the_careful_one(text: str) -> None:
    try:
        careful = dates._parse_careful(text)
    except ValueError as error:
        with pytest.raises(ValueError, match="^" + re.escape(str(error)) + "$"):
            parse_iso.__wrapped__(text)
    else:
        assert parse_iso.__wrapped__(text) == careful


@given(st.sampled_from("+-"), st.integers(0, 9999))
def test_a_written_offset_is_kept_only_when_it_is_less_than_a_day(sign: str, digits: int) -> None:
    found = parse_lenient(f"10 June 2021 12:00 {sign}{digits:04d}")
    hours, minutes = divmod(digits, 100)
    if found is not None and found.offset is not None:
        assert abs(found.offset) < 24 * 60
        assert abs(found.offset) == hours * 60 + minutes
    else:
        assert hours * 60 + minutes >= 24 * 60 or minutes >= 60


def test_an_offset_that_is_not_digits_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^'2021-06-10T10:30:00\+0a:00' is not an ISO 8601 date"):
        parse_iso("2021-06-10T10:30:00+0a:00")
