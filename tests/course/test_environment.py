"""Do the conda and pip paths install the same packages?"""

from __future__ import annotations

import re

import tomllib

from tests.conftest import ROOT


def names(requirements):
    return {re.split(r"[<>=!~\[ ;]", r.strip(), maxsplit=1)[0].lower()
            for r in requirements if r.strip()}


def pip_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return names(project["dependencies"]) | names(
        project["optional-dependencies"]["test"])


def conda_packages():
    """The packages environment.yml lists, conda and pip sections together."""
    text = (ROOT / "environment.yml").read_text()
    found = []
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        item = re.match(r"^\s*- (.+?)\s*(#.*)?$", line)
        if item and item.group(1) != "pip:":
            found.append(item.group(1))
    return names(found) - {"python", "pip"}, found


def test_environment_yml_lists_the_same_packages():
    """Does environment.yml name exactly the packages of pyproject.toml?"""
    conda, _ = conda_packages()
    conda.discard("-e .")
    conda = {n for n in conda if not n.startswith("-e")}
    assert conda == pip_packages(), (
        f"only in environment.yml: {sorted(conda - pip_packages())}; "
        f"only in pyproject.toml: {sorted(pip_packages() - conda)}")


def test_environment_yml_installs_dlkit_itself():
    """Does the conda environment install the course's own package?"""
    _, entries = conda_packages()
    assert "-e ." in entries
