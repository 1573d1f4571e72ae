from django.db import migrations

RIGHT = "manage_portal"
PROFILES = ("admin", "partner")


def give_right(apps, schema_editor):
    """«Gérer le portail» (I4) for the built-in admin and partner profiles."""
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.filter(code__in=PROFILES, is_builtin=True):
        if RIGHT not in profile.rights:
            profile.rights = [*profile.rights, RIGHT]
            profile.save(update_fields=["rights"])


def take_right(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.filter(code__in=PROFILES, is_builtin=True):
        profile.rights = [r for r in profile.rights if r != RIGHT]
        profile.save(update_fields=["rights"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_portal_logins")]
    operations = [migrations.RunPython(give_right, take_right)]
