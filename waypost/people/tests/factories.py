from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from waypost.people.choices import JobRole, NodeKind
from waypost.people.models import OrgNode, Person, RoleAssignment

PASSWORD = "correct-horse-battery"


class OrgNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgNode

    kind = NodeKind.ORGANISATION
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"node-{n}")
    parent = None
    path = factory.LazyAttribute(lambda node: f"{node.parent.path if node.parent else '/'}{node.slug}/")


class UnitFactory(OrgNodeFactory):
    kind = NodeKind.UNIT
    name = factory.Sequence(lambda n: f"Unit {n}")
    parent = factory.SubFactory(OrgNodeFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.LazyAttribute(lambda user: user.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name_latin = factory.Sequence(lambda n: f"Person {n}")
    unit = factory.SubFactory(UnitFactory)
    role = JobRole.RESEARCHER
    sensitivity = 2
    sectors = factory.LazyFunction(lambda: ["ai"])
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = "approver"
    node = factory.SubFactory(OrgNodeFactory)
