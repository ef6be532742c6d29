from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [
        migrations.RenameField("mediationcase", "number", "case_number"),
        migrations.AlterField(
            model_name="mediationcase",
            name="case_number",
            field=models.CharField(
                blank=True,
                error_messages={"unique": "该案号已被其他案件使用，请核对，或留空由系统编号。"},
                help_text="留空则受理时由系统按本县字头编号",
                max_length=40,
                verbose_name="案号",
            ),
        ),
    ]
