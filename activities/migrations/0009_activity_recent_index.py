from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_transaction_activity_id_partial_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["-updated_at", "id"], name="activity_recent"),
        ),
    ]
