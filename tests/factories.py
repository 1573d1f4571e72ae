"""factory_boy factories shared by every test folder."""

import factory
from django.utils import timezone

from cabinet.accounts.models import Profile, User
from cabinet.clients.models import Client, ClientAlias, Contact
from cabinet.clients.search import search_refresh, search_text_of, words_refresh
from cabinet.core.text import normalize


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@cabinet.test")
    profile = factory.LazyFunction(lambda: Profile.objects.get(code="partner"))
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ClientFactory(factory.django.DjangoModelFactory):
    """A company by default; `kind="person"` with a first name for a person."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"{n + 100000:06d}")
    kind = "company"
    name = factory.Faker("company", locale="fr_FR")
    first_name = ""
    city = factory.Faker("city", locale="fr_FR")
    search_text = factory.LazyAttribute(
        lambda c: search_text_of(c.number, c.name, c.first_name, [])
    )

    @factory.post_generation
    def words(obj, create, extracted, **kwargs):  # noqa: N805
        """C2: the client's search words, as the services keep them."""
        if create:
            words_refresh(obj)


class PersonFactory(ClientFactory):
    kind = "person"
    name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientAlias
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    value = factory.Sequence(lambda n: f"ALIAS{n}")
    normalized = factory.LazyAttribute(lambda a: normalize(a.value))

    @factory.post_generation
    def searched(obj, create, extracted, **kwargs):  # noqa: N805
        """C2: the client is found by its new alias, as the services keep it."""
        if create:
            search_refresh(obj.client)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = "Directeur juridique"
    email = factory.Sequence(lambda n: f"contact{n}@client.test")
    valid_from = factory.LazyFunction(lambda: timezone.localdate().replace(year=2020))
    valid_to = None


def data_builder() -> User:
    """The partner who writes test data through the services (he may see every client)."""
    user = User.objects.filter(username="data-builder").first()
    return user or UserFactory(username="data-builder")


def give_clients(actor: User, clients) -> None:
    """Make `clients` the actor's own (he created them), as they are when a user without
    «see every client» opens a matter for them (U4)."""
    ids = [c.pk for c in clients if c is not None and c.created_by_id is None]
    if ids and not actor.has_right("all_clients"):
        Client.objects.filter(pk__in=ids).update(created_by=actor)
        for client in clients:
            if client is not None and client.pk in ids:
                client.created_by = actor
