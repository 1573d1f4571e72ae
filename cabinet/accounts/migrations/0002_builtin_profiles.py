from django.db import migrations

RIGHTS = ["delete_matters", "manage_settings", "bill", "all_matters", "all_clients",
          "self_intervene"]
PROFILES = {
    "admin": ("Administrateur", RIGHTS),
    "partner": ("Associé", [r for r in RIGHTS if r != "manage_settings"]),
    "associate": ("Collaborateur", ["self_intervene", "bill"]),
    "assistant": ("Assistant", ["self_intervene"]),
}


def create_profiles(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for code, (name, rights) in PROFILES.items():
        Profile.objects.update_or_create(
            code=code, defaults={"name": name, "rights": rights, "is_builtin": True}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
