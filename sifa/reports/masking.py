"""The masked edition (脱敏版): digits of masked figures and proper names become `*`.

- a masked figure: each digit of its text becomes `*` ("12000余" → "*****余"); figures marked
  public stay (setting SIFA_REPORT_PUBLIC_FIGURES; by default the ones the seed left open and
  every rate);
- proper names of places and units (region tree, units, county profile) become one `*` per
  character, keeping the generic suffix (县, 市, 镇, 街道, 村, 社区, 司法所, 律师事务所 …);
- the party congress numbering keeps 届/次 (十七届三次 → **届*次).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings

from sifa.core.models import Region, Unit
from sifa.core.models.regions import NAME_SUFFIXES
from sifa.core.models.units import UNIT_NAME_SUFFIXES

DEFAULT_PUBLIC_FIGURES = ("org.villages", "legalservice.platforms", "rulelaw.inspections")
STAR = "*"
_DIGITS = re.compile(r"[0-9０-９]")
_NUMERALS = re.compile(r"[〇零一二三四五六七八九十百]")
SUFFIXES = tuple(sorted(set(NAME_SUFFIXES) | set(UNIT_NAME_SUFFIXES), key=len, reverse=True))


def public_figures() -> frozenset[str]:
    """Figure ids printed in full in the masked edition (rates are always public)."""
    return frozenset(getattr(settings, "SIFA_REPORT_PUBLIC_FIGURES", DEFAULT_PUBLIC_FIGURES))


def stars(text: str) -> str:
    return STAR * len(text)


def mask_digits(text: str) -> str:
    return _DIGITS.sub(STAR, text)


def mask_congress(text: str) -> str:
    """十七届三次 → **届*次."""
    return _NUMERALS.sub(STAR, text)


def split_suffix(name: str) -> tuple[str, str]:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def mask_name(name: str) -> str:
    """安澜县 → **县, 正衡律师事务所 → **律师事务所, 安澜县司法局 → **县司法局."""
    proper, suffix = split_suffix(name)
    if suffix in UNIT_NAME_SUFFIXES:
        inner, inner_suffix = split_suffix(proper)
        if inner_suffix and inner_suffix not in UNIT_NAME_SUFFIXES:
            return stars(inner) + inner_suffix + suffix
    return stars(proper) + suffix


@dataclass
class NameBook:
    """The proper names to hide, longest first: full names and bare proper names."""

    full: dict[str, str] = field(default_factory=dict)  # full name → masked
    bare: set[str] = field(default_factory=set)  # bare proper names ("白石", "安澜")
    profile: list[str] = field(default_factory=list)  # county, city, province short

    def add_full(self, name: str) -> None:
        proper, suffix = split_suffix(name or "")
        if proper and suffix:
            self.full[name] = mask_name(name)
            self.bare.add(proper)

    def mask_text(self, text: str) -> str:
        """Every full name in `text` masked, then the profile's proper names anywhere."""
        if not text:
            return text
        names = sorted(self.full, key=len, reverse=True)
        if names:
            pattern = re.compile("|".join(re.escape(n) for n in names))
            text = pattern.sub(lambda m: self.full[m.group(0)], text)
        for name in sorted(self.profile, key=len, reverse=True):
            if name:
                text = text.replace(name, stars(name))
        return text

    def mask_item(self, item: str) -> str:
        """A list item: a bare proper name becomes stars, anything else is masked as text."""
        if item in self.bare:
            return stars(item)
        if item in self.full:
            return self.full[item]
        return self.mask_text(item)


def name_book(profile=None, region=None) -> NameBook:
    """Names of the region tree (province to village), the units and the county profile."""
    book = NameBook()
    regions = Region.objects.all()
    for name in regions.values_list("name", flat=True):
        book.add_full(name)
    for name, short in Unit.objects.values_list("name", "short_name"):
        book.add_full(name)
        proper, suffix = split_suffix(name)
        if suffix and short == proper:
            book.bare.add(short)
    if profile is not None:
        book.profile = [n for n in profile.proper_names() if n]
        book.bare.update(book.profile)
    return book
