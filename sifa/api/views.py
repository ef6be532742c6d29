"""/api/figures/: every figure for a period and scope, the same JSON as `sifa figures --json`."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sifa.core import access
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
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        q = request.query_params
        try:
            start, end = resolve_period(q.get("year"), q.get("start"), q.get("end"))
            region = resolve_region(q.get("region") or None)
        except PeriodError as exc:
            raise serializers.ValidationError({"detail": str(exc)})
        own = access.user_region(request.user)
        if own is not None and (region is None or not own.contains(region)):
            region = own  # a township office pulls its own township's figures
        return Response(figures_payload(start, end, region))
