"""The returns for upward platforms: `GET /returns/api/` and `GET /returns/api/<name>/?year=…`
(same period and scope parameters as the page; the token or session of the REST API)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from . import compute, views


class ReturnList(APIView):
    @extend_schema(operation_id="returns_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(
            [
                {"name": s.name, "title": s.title, "form": s.form, "unit": s.unit}
                for s in views.visible_returns(request.user).values()
            ]
        )


class ReturnDetail(APIView):
    @extend_schema(operation_id="returns_retrieve", responses=OpenApiTypes.OBJECT)
    def get(self, request, name):
        found = views.visible_returns(request.user)
        if name not in found:
            raise Http404("报表不存在。")
        start, end, region, _query, error = views.params(request)
        if error:
            body = {"errors": [{"field": None, "code": "invalid", "message": error}]}
            return Response(body, status=400)
        table = compute.compute(
            found[name], start, end, region, user=views.counting_user(request.user)
        )
        return Response(table.as_json())
