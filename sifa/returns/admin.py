from django import forms
from django.contrib import admin
from django.utils.html import format_html

from sifa.core.admin import AdminOnly

from .models import FigureDefinition, ReturnDefinition


@admin.register(ReturnDefinition)
class ReturnDefinitionAdmin(AdminOnly):
    list_display = ["name", "title", "active", "updated_at"]
    list_filter = ["active"]
    readonly_fields = ["title", "catalogue_link"]
    fields = ["name", "title", "active", "declaration", "catalogue_link"]

    @admin.display(description="字段目录")
    def catalogue_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank">查看可用的记录类型和字段</a>', "/returns/catalogue/"
        )


def record_type_choices() -> list[tuple[str, str]]:
    from sifa.core import registry

    return [("", "——请选择——")] + [
        (
            f"{rt.model._meta.app_label}.{rt.model.__name__}",
            f"{rt.model._meta.verbose_name}（{rt.model._meta.app_label}.{rt.model.__name__}）",
        )
        for rt in registry.record_types()
    ]


# The fields an administrator fills in, in the order the form shows them.
FIGURE_FIELDS = [
    "key",
    "label",
    "model",
    "date_field",
    "conditions",
    "aggregate",
    "sum_field",
    "format",
    "unit",
    "note",
    "active",
]


class FigureDefinitionForm(forms.ModelForm):
    model = forms.ChoiceField(label="记录类型", choices=record_type_choices)

    class Meta:
        model = FigureDefinition
        fields = FIGURE_FIELDS
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 5, "cols": 60}),
            "note": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }


@admin.register(FigureDefinition)
class FigureDefinitionAdmin(AdminOnly):
    form = FigureDefinitionForm
    list_display = ["key", "label", "model", "aggregate", "unit", "active", "updated_at"]
    list_filter = ["active", "model"]
    readonly_fields = ["catalogue_link", "usage"]
    fields = [*FIGURE_FIELDS, "catalogue_link", "usage"]

    @admin.display(description="字段目录")
    def catalogue_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank">查看可用的记录类型、字段和可选值</a>',
            "/returns/catalogue/",
        )

    @admin.display(description="使用方法")
    def usage(self, obj):
        key = obj.key if obj is not None and obj.key else "代号"
        return format_html(
            "数据看板“本局自定义指标”一栏自动显示；统计报表的栏写 <code>figure: u.{}</code>；"
            "Word报告模板写 <code>{{{{r F.u.{} }}}}</code>（原始数值 <code>V.u.{}</code>）；"
            "点击数字可打开其背后的记录。",
            key,
            key,
            key,
        )
