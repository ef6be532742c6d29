from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reconsideration", "0001_initial")]

    operations = [
        migrations.RenameField("reconsiderationcase", "number", "case_number"),
        migrations.AlterField(
            model_name="reconsiderationcase",
            name="case_number",
            field=models.CharField(
                blank=True,
                error_messages={"unique": "该案号已被其他案件使用，请核对，或留空由系统编号。"},
                help_text="留空则登记时由系统按本县字头编号",
                max_length=50,
                verbose_name="案号",
            ),
        ),
    ]
