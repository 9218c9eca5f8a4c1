"""Does the nbgrader exchange carry a class's work between real accounts, and
keep each student's work from the others?

One pass through the whole loop, every command run as its own OS user: the
instructor releases 01_basics, two students fetch it, one hands in the
solution, one a catalogue mistake in every exercise; the instructor collects,
autogrades and returns feedback; each student fetches their own. Along the
way, each student tries to reach the other's work and to change the release.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from nbgrader.api import Gradebook

from dlkit.course.hub import home_of
from tests.catalogue import wrong_answers
from tests.conftest import load, solution_path
from tests.hub.conftest import at_once, nbgrader_as, run_as

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_basics"

# Run as a student: each attempt on another's work or on the release, and
# what came of it ("denied" for a PermissionError).
PROBE = r'''
import json, os, sys

where = json.loads(sys.argv[1])


def attempt(action):
    try:
        action()
    except PermissionError:
        return "denied"
    except OSError as err:
        return type(err).__name__
    return "allowed"


def overwrite(path):
    with open(path, "r+") as f:
        f.write("{}")


def create(path):
    with open(path, "x") as f:
        f.write("{}")


mine = os.path.join(os.environ["HOME"], "forged.ipynb")
with open(mine, "w") as f:
    f.write("{}")
tries = {
    "list inbound/": lambda: os.listdir(where["inbound"]),
    "open the other's submission": lambda: os.listdir(where["theirs"]),
    "read the other's submitted notebook": lambda: open(where["their_nb"]).read(),
    "read the other's own copy": lambda: open(where["their_home_nb"]).read(),
    "overwrite the released notebook": lambda: overwrite(where["released_nb"]),
    "replace the released notebook": lambda: os.replace(mine, where["released_nb"]),
    "delete the released notebook": lambda: os.remove(where["released_nb"]),
    "add a notebook to the release": lambda: create(where["released_extra"]),
    "release an assignment": lambda: os.mkdir(where["outbound_extra"]),
    "rename the course in the exchange": lambda: os.rename(where["course"],
                                                           where["course"] + "-x"),
}
if "feedback" in where:
    tries["list the released feedback"] = lambda: os.listdir(where["feedback"])
print(json.dumps({name: attempt(action) for name, action in tries.items()}))
'''


def answered(fetched: dict, answers: dict[str, str]) -> dict:
    """The fetched notebook with the solution cells named in ``answers`` filled."""
    nb = json.loads(json.dumps(fetched))
    for cell in nb["cells"]:
        name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell["cell_type"] == "code" and name in answers:
            cell["source"] = answers[name]
    return nb


def solution_answers() -> dict[str, str]:
    found = {}
    for cell in load(solution_path(ASSIGNMENT))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            found[meta["grade_id"]] = "".join(cell["source"])
    return found


def first_mistakes() -> dict[str, str]:
    return {name: next(iter(wrong.values()))
            for name, wrong in wrong_answers(ASSIGNMENT).items()}


def hand_in(klass, student: str, nb: dict) -> None:
    """Write the student's answers into their copy, as that student."""
    path = home_of(student) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    done = run_as(klass, student, sys.executable, "-c",
                  "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())",
                  str(path), stdin=json.dumps(nb))
    assert done.returncode == 0, done.stderr


def probe(klass, student: str, other: str, feedback: bool = False) -> dict:
    """What ``student`` manages to do to ``other``'s work and to the release."""
    course = klass.exchange / "dlcourse"
    inbound = course / "inbound"
    theirs = [p for p in inbound.iterdir() if p.name.startswith(f"{other}+")]
    assert len(theirs) == 1, f"expected one submission of {other} in {inbound}"
    released = course / "outbound" / ASSIGNMENT
    where = {
        "inbound": str(inbound), "theirs": str(theirs[0]),
        "their_nb": str(theirs[0] / f"{ASSIGNMENT}.ipynb"),
        "their_home_nb": str(home_of(other) / ASSIGNMENT
                             / f"{ASSIGNMENT}.ipynb"),
        "released_nb": str(released / f"{ASSIGNMENT}.ipynb"),
        "released_extra": str(released / "extra.ipynb"),
        "outbound_extra": str(course / "outbound" / "99_extra"),
        "course": str(course),
    }
    if feedback:
        where["feedback"] = str(course / "feedback")
    done = run_as(klass, student, sys.executable, "-c", PROBE, json.dumps(where))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def gradebook_scores(root, students):
    """Autograded score and maximum, and the notebook total, per student."""
    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in students:
            nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            code = [g for g in nb.grades if g.cell.cell_type == "code"]
            scores[student] = {"auto": sum(g.score for g in code),
                               "auto_max": sum(g.max_score for g in code),
                               "total": nb.score, "max": nb.max_score}
    return scores


def feedback_header(html: str) -> tuple[float, float]:
    found = re.search(r"Score: ([0-9.]+) / ([0-9.]+)", html)
    assert found, "no score in the feedback"
    return float(found.group(1)), float(found.group(2))


def test_the_exchange_loop_between_real_accounts(klass):
    """Release, fetch, submit, collect, autograde and feedback as five
    commands of three accounts: does each student get their own score, and
    is every attempt on the other's work or on the release refused?"""
    teacher, good, bad = klass.instructor, *klass.students
    root = klass.course_root()

    nbgrader_as(klass, teacher, "release_assignment", ASSIGNMENT, cwd=root)
    at_once(lambda: nbgrader_as(klass, teacher, "generate_assignment", ASSIGNMENT,
                                "--force", cwd=root),
            lambda: nbgrader_as(klass, good, "fetch_assignment", ASSIGNMENT),
            lambda: nbgrader_as(klass, bad, "fetch_assignment", ASSIGNMENT))

    fetched = load(home_of(good) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    hand_in(klass, good, answered(fetched, solution_answers()))
    hand_in(klass, bad, answered(fetched, first_mistakes()))
    at_once(lambda: nbgrader_as(klass, good, "submit", ASSIGNMENT),
            lambda: nbgrader_as(klass, bad, "submit", ASSIGNMENT))

    for student, other in ((good, bad), (bad, good)):
        tried = probe(klass, student, other)
        allowed = {name: what for name, what in tried.items() if what != "denied"}
        assert not allowed, f"{student} could do this to {other}'s work: {allowed}"

    nbgrader_as(klass, teacher, "collect", ASSIGNMENT, cwd=root)
    nbgrader_as(klass, teacher, "autograde", ASSIGNMENT, cwd=root)
    nbgrader_as(klass, teacher, "generate_feedback", ASSIGNMENT, cwd=root)
    nbgrader_as(klass, teacher, "release_feedback", ASSIGNMENT, cwd=root)

    tried = probe(klass, good, bad, feedback=True)
    assert tried["list the released feedback"] == "denied", tried
    at_once(lambda: nbgrader_as(klass, good, "fetch_feedback", ASSIGNMENT),
            lambda: nbgrader_as(klass, bad, "fetch_feedback", ASSIGNMENT))

    scores = gradebook_scores(root, klass.students)
    full = scores[good]["auto_max"]
    assert full > 0
    assert scores[good]["auto"] == full, scores
    assert scores[bad]["auto"] == 0, scores
    for student in klass.students:
        files = sorted((home_of(student) / ASSIGNMENT / "feedback")
                       .glob(f"*/{ASSIGNMENT}.html"))
        assert len(files) == 1, f"{student} fetched {files}"
        assert feedback_header(files[0].read_text()) == (
            scores[student]["total"], scores[student]["max"]), student
