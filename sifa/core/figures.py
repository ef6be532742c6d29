"""Figures of the region tree itself."""

from django.db.models import Q

from .indicators import Indicator

INDICATORS = [
    Indicator(
        id="org.villages",
        label="村（社区）数",
        kind="stock",
        model="core.Region",
        where=Q(level=5),
        region_field="code",
        unit="个",
    ),
]
