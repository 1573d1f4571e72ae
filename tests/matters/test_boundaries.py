"""Dependencies point one way (STYLE.md): billing sits above matters, so the matters app
names nothing of it — billing plugs in through cabinet/matters/registry.py."""

import ast
import re
from pathlib import Path

import cabinet.matters

MATTERS = Path(cabinet.matters.__file__).parent
BILLING_RELATIONS = {"proformas", "invoices"}


def imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return names


def test_the_matters_app_imports_nothing_from_billing():
    """No module of cabinet/matters imports billing or reaches its tables by their
    relation names (`matter.proformas`, `getattr(matter, "invoices")`)."""
    modules = sorted(MATTERS.rglob("*.py"))

    offences = []
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offences += [
            f"{path.name}: import {name}"
            for name in imported_modules(tree)
            if name.startswith("cabinet.billing") or name.split(".")[0] == "billing"
        ]
        offences += [
            f"{path.name}:{node.lineno}: {ast.unparse(node)}"
            for node in ast.walk(tree)
            if (isinstance(node, ast.Attribute) and node.attr in BILLING_RELATIONS)
            or (isinstance(node, ast.Constant) and node.value in BILLING_RELATIONS)
        ]

    assert len(modules) > 10
    assert offences == []


def test_the_matters_templates_load_no_billing_tags_nor_templates():
    """No template of cabinet/matters loads billing's template tags (`{% load billing_… %}`)
    nor includes or extends a billing template; the matter page renders what billing
    registered (`{% matter_registered %}`)."""
    templates = sorted(MATTERS.rglob("*.html"))
    uses_billing = re.compile(
        r"{%\s*load\b[^%]*\bbilling|{%\s*(include|extends)\s+[\"']billing/", re.IGNORECASE
    )

    offences = [
        f"{path.name}: {match.group(0)}"
        for path in templates
        for match in uses_billing.finditer(path.read_text(encoding="utf-8"))
    ]

    assert any("matter_registered" in path.read_text(encoding="utf-8") for path in templates)
    assert offences == []
