from django.db import migrations


def load(apps, schema_editor):
    from sifa.core.catalogue import load_catalogue

    load_catalogue(apps.get_model("core", "Measure"), apps.get_model("core", "ActivityType"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
