import datetime as dt

from django.db import migrations, models


def expire_existing(apps, schema_editor):
    # Tokens made before expiry existed get the default lifetime from their creation.
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.all():
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=token.created_at + dt.timedelta(days=90)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_audit_events")]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken", name="expires_at", field=models.DateTimeField()
        ),
    ]
