"""Does an instructor's formgrader work in the browser?"""

from __future__ import annotations

import pytest

from tests.conftest import ASSIGNMENTS

pytestmark = pytest.mark.browser


def test_formgrader_lists_every_assignment(lab, page):
    """Does the formgrader page load and list every assignment of solutions/?"""
    from playwright.sync_api import expect

    page.goto(lab.address("formgrader"))
    expect(page.get_by_text("Manage Assignments").first).to_be_visible()
    names = page.locator("table.dataTable tbody tr td:first-child")
    expect(names).to_have_count(len(ASSIGNMENTS))
    assert sorted(names.all_inner_texts()) == ASSIGNMENTS
