"""One error shape for every refusal of the API, in Chinese, declared for every operation.

Every 4xx answer is ``{"errors": [{"field": …, "code": …, "message": …}]}``: `field` names
the request field the message is about (``parties[0].name`` inside a child, null for the
request as a whole), `code` is a stable English identifier a client may branch on, `message`
is the Chinese text to show. DRF's and Django's own texts that have no Chinese translation
(and the JSON parser's English detail) are replaced by the Chinese message of their code.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from sifa.core import access

MSG_NOT_FOUND = "记录不存在。"
MSG_NO_READ = "您的账号无权通过数据接口查阅此类记录。"
MSG_BAD_JSON = "请求体不是有效的 JSON。"
MSG_INVALID = "填写的值无效。"

# Chinese for the codes whose DRF/Django message may come without a translation.
CODE_MESSAGES = {
    "invalid": MSG_INVALID,
    "required": "必填，不能为空。",
    "null": "必填，不能为空。",
    "blank": "必填，不能为空。",
    "parse_error": MSG_BAD_JSON,
    "not_found": MSG_NOT_FOUND,
    "method_not_allowed": "此地址不支持该请求方法。",
    "not_acceptable": "无法按请求的格式作答，本接口只返回 JSON。",
    "unsupported_media_type": "请求体须为 JSON（Content-Type: application/json）。",
    "throttled": "请求过于频繁，请稍后再试。",
    "not_authenticated": "未提供认证令牌：请在请求头中写 Authorization: Token <令牌>。",
    "authentication_failed": "认证令牌无效或已过期。",
    "permission_denied": access.MSG_NO_WRITE,
    "max_value": "数值过大。",
    "min_value": "数值过小。",
    "max_length": "内容过长。",
    "min_length": "内容过短。",
    "max_digits": "数字位数过多。",
    "max_decimal_places": "小数位数过多。",
    "invalid_choice": "不是可选的值。",
    "not_a_list": "应为列表。",
    "not_a_dict": "应为对象。",
    "empty": "不能为空列表。",
    "does_not_exist": "所选记录不存在。",
    "incorrect_type": "应为记录编号（整数）。",
    "date": "应为日期（如2022-05-10）。",
    "datetime": "应为日期，不带时间。",
    "unique": "已有相同的记录。",
}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_FIELD = {"non_field_errors", "__all__", "detail"}


def chinese(message: str, code: str | None) -> str:
    """`message` when it is Chinese, else the Chinese message of its code."""
    if code == "parse_error" or not _CJK.search(message):
        return CODE_MESSAGES.get(code or "", MSG_INVALID)
    return message


def flatten(detail, field: str | None = None) -> list[dict]:
    """The errors of a DRF detail (dict, list or one ErrorDetail), one entry per message."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if key in _NON_FIELD:
                name = field
            elif field:
                name = f"{field}.{key}"
            else:
                name = str(key)
            out += flatten(value, name)
        return out
    if isinstance(detail, list):
        out = []
        for index, item in enumerate(detail):
            if isinstance(item, dict):  # a child of a nested list: parties[0]
                out += flatten(item, f"{field}[{index}]" if field else f"[{index}]")
            else:
                out += flatten(item, field)
        return out
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": field, "code": str(code), "message": chinese(str(detail), code)}]


def exception_handler(exc, context):
    """DRF's handler (it turns Http404 and Django's PermissionDenied into API answers), then
    every body in the one shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or access.MSG_NO_WRITE)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        errors = flatten(exc.detail)
    else:  # pragma: no cover - DRF answers only its own exceptions
        errors = [{"field": None, "code": "error", "message": MSG_INVALID}]
    response.data = {"errors": errors}
    return response


ERROR_STATUSES = {
    400: "请求有误（字段校验、业务规则、筛选条件）",
    401: "未认证或令牌无效",
    403: "无权办理",
    404: "记录不存在或不在您的查阅范围内",
    405: "不支持该请求方法",
    409: "记录仍被使用，不能删除",
    415: "请求体不是 JSON",
    429: "请求过于频繁",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answer on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorItem"] = {
        "type": "object",
        "properties": {
            "field": {"type": "string", "nullable": True},
            "code": {"type": "string"},
            "message": {"type": "string"},
        },
        "required": ["field", "code", "message"],
    }
    schemas["Error"] = {
        "type": "object",
        "description": "出错时的回答：每条错误一项。",
        "properties": {
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}}
        },
        "required": ["errors"],
    }
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            if path.endswith("/schema/") or path.endswith("/docs/"):
                continue
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_STATUSES.items():
                if code == 409 and method != "delete":
                    continue
                responses.setdefault(
                    str(code),
                    {
                        "description": text,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


def not_found(request, exception=None):
    """Django's 404 for a path no route serves: under /api/ the one error shape, in Chinese;
    elsewhere the site's own page."""
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        body = {"errors": [{"field": None, "code": "not_found", "message": MSG_NO_SUCH_PATH}]}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


MSG_NO_SUCH_PATH = "没有这个接口地址，请对照接口说明（/api/docs/）。"
