from django import forms

MAX_UPLOAD = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 工作簿（.xlsx）",
        help_text="请使用本系统下载的导入模板；整份文件校验无误才会写入。",
    )
    dry_run = forms.BooleanField(label="只校验，不写入", required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能导入 .xlsx 格式的 Excel 工作簿。")
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过 50 MB，请分成几份导入。")
        return f
