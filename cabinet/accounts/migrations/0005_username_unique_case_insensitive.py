import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_duplicates(apps, schema_editor):
    """Stop with the names to fix when two users differ only by case."""
    User = apps.get_model("accounts", "User")
    duplicates = (
        User.objects.annotate(key=Lower("username"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    if duplicates:
        names = ", ".join(sorted(duplicates))
        raise RuntimeError(
            f"Usernames differing only by case must be renamed before this migration: {names}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_login_failure"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"), name="user_username_unique_ci"
            ),
        ),
    ]
