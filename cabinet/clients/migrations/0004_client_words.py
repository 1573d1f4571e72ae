"""C2 at any size: the clients' search words, one per row with the list's sort key.

Numbers are now searched without their leading zeros («22» finds 000022 and 000220), so
every search column is written again, and its words stored. On PostgreSQL `word` is
collated "C" (a prefix is a range of bytes, as on SQLite), and the trigram index, which
no query uses any more, is dropped."""

from itertools import islice

from django.db import migrations, models

from cabinet.clients.search import search_text_of, words_rows

CHUNK = 5000


def collate_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE clients_clientword ALTER COLUMN word TYPE varchar(200) COLLATE "C"'
        )


def fill(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    ClientAlias = apps.get_model("clients", "ClientAlias")
    ClientWord = apps.get_model("clients", "ClientWord")
    clients = Client.objects.order_by("pk").only("pk", "number", "name", "first_name").iterator()
    while chunk := list(islice(clients, CHUNK)):
        aliases: dict[int, list[str]] = {}
        rows = ClientAlias.objects.filter(client_id__in=[c.pk for c in chunk])
        for client_id, value in rows.order_by("pk").values_list("client_id", "value"):
            aliases.setdefault(client_id, []).append(value)
        words = []
        for client in chunk:
            client.search_text = search_text_of(
                client.number, client.name, client.first_name, aliases.get(client.pk, [])
            )
            words += words_rows(client, ClientWord)
        Client.objects.bulk_update(chunk, ["search_text"], batch_size=1000)
        ClientWord.objects.bulk_create(words, batch_size=2000)


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS client_search_trgm")


def make_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS client_search_trgm "
            "ON clients_client USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_connexitylabel_historicalconnexity_and_more")]

    operations = [
        migrations.CreateModel(
            name="ClientWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=200)),
                ("name", models.CharField(max_length=200)),
                ("first_name", models.CharField(blank=True, max_length=100)),
                ("number", models.CharField(max_length=6)),
                (
                    "client",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="clients.client",
                    ),
                ),
            ],
        ),
        migrations.RunPython(collate_c, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="clientword",
            constraint=models.UniqueConstraint(
                fields=("client", "word"), name="client_word_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="clientword",
            index=models.Index(
                fields=["word", "name", "first_name", "number", "client"],
                name="client_word_order_idx",
            ),
        ),
        migrations.RunPython(drop_trigram, make_trigram),
    ]
