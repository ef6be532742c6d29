"""/api/figures/: every figure for a period and scope, the same JSON as `sifa figures --json`."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sifa.core import access
from sifa.core.indicators import registry as indicators
from sifa.reports.periods import PeriodError, resolve_period, resolve_region
from sifa.reports.services import figures_payload


class FiguresView(APIView):
    """统计数字：period（start、end 或 year）与 region（区划代码）；上级查看账号亦可调取。"""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度，如2022"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期"),
            OpenApiParameter(
                "region", OpenApiTypes.STR, description="县或乡镇（街道）的12位区划代码"
            ),
        ],
        responses={200: OpenApiResponse(description="统计数字（结构见 Figures）")},
        operation_id="figures",
    )
    def get(self, request):
        q = request.query_params
        try:
            start, end = resolve_period(q.get("year"), q.get("start"), q.get("end"))
            region = resolve_region(q.get("region") or None)
        except PeriodError as exc:
            raise serializers.ValidationError({"period": [str(exc)]})
        own = access.user_region(request.user)
        if own is not None and (region is None or not own.contains(region)):
            region = own  # a township office pulls its own township's figures
        return Response(figures_payload(start, end, region))


# The type of a figure's value, by the kind of its indicator (sifa/core/indicators.py).
VALUE_TYPES = {
    "count": {"type": "integer"},
    "stock": {"type": "integer"},
    "sum": {"type": "number"},
    "rate": {"type": "number", "nullable": True, "description": "百分比数值，分母为0时为 null"},
    "list": {"type": "array", "items": {"type": "string"}},
    "text": {"type": "string"},
}


def _figure_schema(ind) -> dict:
    props = {
        "value": VALUE_TYPES[ind.kind],
        "text": {"type": "string", "description": "报告中的写法"},
    }
    required = ["value", "text"]
    if ind.kind == "rate":
        props["numerator"] = {"type": "integer"}
        props["denominator"] = {"type": "integer"}
        required += ["numerator", "denominator"]
    return {
        "type": "object",
        "description": f"{ind.label}（{ind.unit}）" if ind.unit else ind.label,
        "properties": props,
        "required": required,
    }


def figures_schema(result, generator, request, public):
    """drf-spectacular postprocessing hook: /api/figures/ typed, each figure id a property."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    figures = {fid: ind for fid, ind in indicators().items() if not ind.internal}
    schemas["FigureValues"] = {
        "type": "object",
        "description": "每项统计数字一项，键为数字的编号（见 figures.yaml）。",
        "properties": {fid: _figure_schema(ind) for fid, ind in figures.items()},
        "required": list(figures),
    }
    schemas["Figures"] = {
        "type": "object",
        "properties": {
            "period": {
                "type": "object",
                "properties": {
                    "start": {"type": "string", "format": "date"},
                    "end": {"type": "string", "format": "date"},
                },
                "required": ["start", "end"],
            },
            "region": {"type": "string", "nullable": True, "description": "区划代码；全县为 null"},
            "figures": {"$ref": "#/components/schemas/FigureValues"},
            "checks": {
                "type": "array",
                "description": "统计数字之间的校验关系是否成立",
                "items": {
                    "type": "object",
                    "properties": {"invariant": {"type": "string"}, "holds": {"type": "boolean"}},
                    "required": ["invariant", "holds"],
                },
            },
        },
        "required": ["period", "region", "figures", "checks"],
    }
    for path, item in result.get("paths", {}).items():
        if path.endswith("/figures/") and "get" in item:
            item["get"]["responses"]["200"] = {
                "description": "统计数字",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Figures"}}
                },
            }
    return result
