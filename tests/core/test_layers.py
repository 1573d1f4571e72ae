"""Dependencies point one way (STYLE.md): billing → activities → matters → groups →
clients, and insurance → groups. An app names nothing of the apps it does not depend on
(an upper app, or a sibling branch: insurance and billing know nothing of each other) — no
import, no template, template tag or URL name of it, no relation to its tables by name —
the upper apps plug in through the lower apps' registries (cabinet/clients/registry.py,
cabinet/matters/registry.py, cabinet/activities/registry.py)."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

import cabinet

DEPENDS_ON = {
    "clients": set(),
    "groups": {"clients"},
    "matters": {"groups", "clients"},
    "activities": {"matters", "groups", "clients"},
    "billing": {"activities", "matters", "groups", "clients"},
    "insurance": {"groups", "clients"},
    "portal": {"insurance", "billing", "activities", "matters", "groups", "clients"},
}
LAYERS = [app for app in DEPENDS_ON if any(app not in deps for deps in DEPENDS_ON.values())]
ROOT = Path(cabinet.__file__).parent


def _above(app: str) -> list[str]:
    """The apps `app` may not name: those not among its dependencies."""
    return sorted(set(DEPENDS_ON) - DEPENDS_ON[app] - {app})


def _sources(app: str) -> list[Path]:
    return [p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]


def _upper_relation_names(app: str) -> set[str]:
    """The names by which the models of `app` reach the tables of the apps above it: the
    reverse accessors and query names Django gives them (`client.group_membership`,
    `matter.activities`, `matter_parties__matter`)."""
    names = set()
    for model in apps.get_app_config(app).get_models():
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_label in _above(app):
                names |= {relation.get_accessor_name(), relation.field.related_query_name()}
    return names


def _offences_in_python(app: str) -> list[str]:
    upper = _above(app)
    relations = _upper_relation_names(app)
    offences = []
    for path in _sources(app):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            offences += [
                f"{where}: imports {m}"
                for m in modules
                if any(m == f"cabinet.{u}" or m.startswith(f"cabinet.{u}.") for u in upper)
            ]
            if isinstance(node, ast.Attribute) and node.attr in relations:
                offences.append(f"{where}: .{node.attr}")
            if isinstance(node, ast.keyword) and (node.arg or "").split("__")[0] in relations:
                offences.append(f"{where}: {node.arg}=")
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and text.split("__")[0] in relations:
                offences.append(f"{where}: {text!r}")
    return offences


def _offences_in_templates(app: str) -> list[str]:
    names = "|".join(_above(app))
    uses = re.compile(
        rf"{{%\s*(?:include|extends)\s+[\"'](?:{names})/"
        rf"|{{%\s*url\s+[\"'](?:{names}):"
        rf"|{{%\s*load\b[^%]*\b(?:{names})_"
    )
    offences = []
    for path in sorted((ROOT / app).rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            offences += [f"{path.relative_to(ROOT)}:{number}: {m}" for m in uses.findall(line)]
    return offences


@pytest.mark.parametrize("app", list(DEPENDS_ON))
def test_a_lower_app_imports_nothing_of_the_apps_above_it(app):
    assert _sources(app)
    assert _offences_in_python(app) == []


@pytest.mark.parametrize("app", list(DEPENDS_ON))
def test_a_lower_apps_templates_name_nothing_of_the_apps_above_it(app):
    assert _offences_in_templates(app) == []


def test_the_check_sees_an_upper_relation():
    """The check itself: the clients app's models are reached by the groups app's
    memberships and the matters app's parties under these names."""
    assert {"group_membership", "matter_parties"} <= _upper_relation_names("clients")
