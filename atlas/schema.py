"""Typed records of the atlas: the contract between data/ and the code.

Every record is a pydantic model. Vocabularies live here, once; the map, the
filters and the validator all read them from this module.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from atlas import vocab

# The vocabularies are tables in atlas/vocab.py; these views of them are what the records and checks use.
KINDS: dict[str, str] = {k.code: k.label for k in vocab.KIND_TABLE}
STATUSES: dict[str, str] = {s.code: s.label for s in vocab.STATUS_TABLE}
PRECISIONS: dict[str, str] = {p.code: p.label for p in vocab.PRECISION_TABLE}
# precisions that describe only a point, each naming where the point came from (location_source),
# and those that describe only a line; the validator refuses either on the other kind of geometry
POINT_PRECISIONS = tuple(p.code for p in vocab.PRECISION_TABLE if p.shapes == ("point",))
LINE_PRECISIONS = tuple(p.code for p in vocab.PRECISION_TABLE if p.shapes == ("line",))
# what a feature is to the atlas: a China–ASEAN link (counted in the headline and Progress km), or an
# existing national line a project connects to (drawn thin and grey, used by journeys, never counted)
ROLES: dict[str, str] = {r.code: r.label for r in vocab.ROLE_TABLE}
CONTEXT_KINDS = tuple(k.code for k in vocab.KIND_TABLE if k.context)  # the kinds a context feature may be
# ISO 3166-1 alpha-3 codes the atlas knows, with English names ("ASEAN" is allowed as a party to
# agreements only), and the words that name each in running text (the linker tells apart features
# that share an alias by them)
COUNTRIES: dict[str, str] = {c.code: c.name for c in vocab.COUNTRY_TABLE}
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {c.code: c.words for c in vocab.COUNTRY_TABLE}
AGREEMENT_TYPES = ("fta", "visa", "mou", "cooperation_framework", "forum", "visit")

# \Z, not $: "$" also matches before a trailing newline, and "pwn\n" is no id.
ID_RE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*\Z")
DATE_RE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?\Z")

Kind = Literal[tuple(KINDS)]
Status = Literal[tuple(STATUSES)]
Precision = Literal[tuple(PRECISIONS)]
Role = Literal[tuple(ROLES)]


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"expected a snake_case id such as 'china_laos_railway', found {value!r}")
    return value


def parse_partial_date(value: str) -> dt.date:
    """'2024', '2024-10' or '2024-10-31' -> the last day the value covers."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError(f"expected an ISO date YYYY[-MM[-DD]], found {value!r}")
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _check_date(value: str) -> str:
    try:
        parse_partial_date(value)
    except ValueError as err:  # out-of-range month/day: say so in our words
        if "expected" in str(err):
            raise
        raise ValueError(f"expected an ISO date YYYY[-MM[-DD]], found {value!r}") from err
    return value


def _check_countries(values: list[str]) -> list[str]:
    bad = [v for v in values if v not in COUNTRIES]
    if bad:
        raise ValueError(f"expected ISO alpha-3 codes such as 'CHN', found {bad}")
    if not values:
        raise ValueError("expected at least one country, found none")
    return values


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("expected text, found an empty string")
    return value


def _check_party_name(value: str) -> str:
    value = _non_empty(value)
    if "," in value:  # a link lists several values comma-separated (?builder=A,B)
        raise ValueError(f"expected a name without a comma, found {value!r}")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
PartyName = Annotated[str, AfterValidator(_check_party_name)]
PartialDate = Annotated[str, AfterValidator(_check_date)]
Text = Annotated[str, AfterValidator(_non_empty)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeatureProps(Record):
    id: Id
    name: Text
    name_zh: str | None = None
    aliases: list[str] = Field(default_factory=list)
    kind: Kind
    countries: Annotated[list[str], AfterValidator(_check_countries)]
    status: Status
    status_as_of: PartialDate
    geometry_precision: Precision
    related: list[Id] = Field(default_factory=list)
    corridor: Id | None = None
    # a line drawn part traced, part through stations: one precision and one name per part of its MultiLineString
    part_precisions: list[Precision] | None = None
    part_names: list[str] | None = None
    # track gauge of a rail line, where a source states it, with the id of that excerpt (journeys name a break of gauge)
    gauge: Literal["standard", "metre", "dual"] | None = None
    gauge_excerpt: str | None = None
    builders: list[PartyName] = Field(default_factory=list)  # who builds or operates it, where a source names them
    financiers: list[PartyName] = Field(default_factory=list)  # who lends or invests, where a source names them
    aiddata_ids: list[int | str] = Field(default_factory=list)  # AidData projects that finance it (data/finance/)
    summary: Text
    role: Role = "project"
    # where the coordinate came from (page, chainage); required for a sourced precision
    location_source: str | None = Field(default=None, validate_default=True)

    @field_validator("gauge_excerpt")
    @classmethod
    def _gauge_sourced(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("gauge") and not (value or "").strip():
            raise ValueError("expected the id of the excerpt that states the gauge, found none")
        return value

    @field_validator("role")
    @classmethod
    def _context_is_a_line(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if value == "context" and kind not in CONTEXT_KINDS:
            raise ValueError(f"expected role 'project' for a {kind}: only {', '.join(CONTEXT_KINDS)} may be context")
        return value

    @field_validator("location_source")
    @classmethod
    def _location_named(cls, value: str | None, info: ValidationInfo) -> str | None:
        precision = info.data.get("geometry_precision")
        if precision in POINT_PRECISIONS and not (value or "").strip():
            raise ValueError(f"expected where the coordinate came from (geometry_precision {precision!r}), found none")
        return value


class Excerpt(Record):
    id: str
    text: Text
    feature_ids: list[Id] = Field(min_length=1)


class Source(Record):
    id: Id
    title: Text
    author: str | None = None
    outlet: Text
    published: PartialDate
    url: str = Field(pattern=r"^https?://")
    language: str = "en"
    reviewed: bool = True
    excerpts: list[Excerpt] = Field(default_factory=list)


class Fact(Record):
    feature_id: Id
    metric: Text
    value: float = Field(allow_inf_nan=False)
    unit: Text
    qualifier: str | None = None
    period_start: PartialDate | None = None
    as_of: PartialDate
    source_id: Id
    excerpt_id: str | None = None


class Milestone(Record):
    feature_id: Id
    date: PartialDate
    event: Text
    description: Text
    source_id: Id
    excerpt_id: str | None = None


def _check_parties(values: list[str]) -> list[str]:
    bad = [v for v in values if v not in COUNTRIES and v != "ASEAN"]
    if bad:
        raise ValueError(f"expected ISO alpha-3 codes such as 'CHN' (or 'ASEAN'), found {bad}")
    return values


class Agreement(Record):
    id: Id
    name: Text
    name_zh: str | None = None
    aliases: list[str] = Field(default_factory=list)
    type: Literal["fta", "visa", "mou", "cooperation_framework", "forum", "visit"]
    parties: Annotated[list[str], AfterValidator(_check_parties)]
    date: PartialDate
    status: Text
    summary: Text
    source_id: Id
    excerpt_id: str | None = None
    related: list[Id] = Field(default_factory=list)


# the change log's fields that are no property of a feature (docs/pipeline.md §4); any other is a property name
CHANGE_FIELDS = ("status", "status_as_of", "milestone", "excerpt", "location")
# rows that may stand without a source: an editor's move of a point or edit of a property, with a note saying why
UNSOURCED_CHANGES = ("location", *(f for f in FeatureProps.model_fields if f not in ("status", "status_as_of")))


def _check_day(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"expected a day YYYY-MM-DD, found {value!r}") from err
    if len(value) != 10:
        raise ValueError(f"expected a day YYYY-MM-DD, found {value!r}")
    return value


class Change(Record):
    """One row of data/changes.csv: one changed field of one feature, and the source that says so."""

    logged: Annotated[str, AfterValidator(_check_day)]
    date: PartialDate
    feature_id: Id
    field: Text
    old: str | None = None
    new: str | None = None
    source_id: Id | None = None
    excerpt_id: str | None = None
    note: str | None = Field(default=None, validate_default=True)

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        if value in CHANGE_FIELDS or value in FeatureProps.model_fields:
            return value
        if value.startswith("figure:") and value.removeprefix("figure:").strip():
            return value
        raise ValueError(
            f"expected status, status_as_of, figure:<metric>, milestone, excerpt, location or a property name, found {value!r}"
        )

    @field_validator("note")
    @classmethod
    def _sourced_or_said_why(cls, value: str | None, info: ValidationInfo) -> str | None:
        field, source = info.data.get("field"), info.data.get("source_id")
        if source is None and field is not None and field not in UNSOURCED_CHANGES:
            raise ValueError(f"expected a source_id for a change of {field!r}, found none")
        if source is None and not (value or "").strip():
            raise ValueError("expected a note saying why for a change without a source, found none")
        return value
