from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("litigation", "0003_number_existing_cases")]

    operations = [
        migrations.AddConstraint(
            model_name="litigationcase",
            constraint=models.UniqueConstraint(
                condition=models.Q(("case_number", ""), _negated=True),
                fields=("case_number",),
                name="litigation_case_case_number_unique",
                violation_error_code="unique",
                violation_error_message="该案号已被其他案件使用，请核对，或留空由系统编号。",
            ),
        ),
    ]
