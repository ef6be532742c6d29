from django.db import migrations

from sifa.core.casenumbers import number_existing


def forwards(apps, schema_editor):
    number_existing(apps, "mediation", "mediationcase", "mediation", "received_on")


class Migration(migrations.Migration):
    dependencies = [("mediation", "0002_case_number"), ("core", "0004_case_numbers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
