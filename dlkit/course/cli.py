"""The one entry point of the course's workflows: ``python -m dlkit.course VERB``.

Every error a user can cause is reported in one line, without a traceback,
and leaves files as they were; the exit status is 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from dlkit.course import CourseError


def _say(*lines: str) -> None:
    for line in lines:
        print(line)


def cmd_build(args, course) -> int:
    from dlkit.course.build import build

    changed = build(course, args.assignments, check=args.check)
    if args.check:
        if changed:
            _say("course/ is out of date with solutions/; run 'make course'.",
                 *(f"  differs: {p}" for p in changed))
            return 1
        _say("course/ is up to date with solutions/.")
        return 0
    _say(*[f"regenerated {p}" for p in changed] or ["course/ was already up to date."])
    return 0


def cmd_sync(args, course) -> int:
    from dlkit.course.student import sync

    report = sync(course, Path(args.work) if args.work else None)
    _say(*report.lines() or ["your copy in work/ is up to date."])
    return 0


def cmd_lab(args, course) -> int:
    from dlkit.course.lab import lab

    command, report = lab(course, open_browser=not args.no_browser, port=args.port,
                          instructor=args.instructor)
    _say(*report)
    _say("Starting JupyterLab; open the http://127.0.0.1 address it prints below.",
         "Stop it with Ctrl-C.")
    sys.stdout.flush()
    os.chdir(course.root)       # nbgrader reads nbgrader_config.py from here
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


def cmd_validate(args, course) -> int:
    from dlkit.course.validate import validate

    status = 0
    for path in args.notebooks:
        ok, problems = validate(Path(path), invert=args.invert)
        _say(f"{path}: {'ok' if ok else 'FAILED'}", *(f"  {p}" for p in problems))
        status |= 0 if ok else 1
    return status


def cmd_collect(args, course) -> int:
    from dlkit.course.collect import collect

    new = collect(course, args.assignment, Path(args.source))
    total = len(list((course.root / "submitted").glob(f"*/{args.assignment}")))
    _say(f"collected {args.source}: {len(new)} new student(s), {total} in all "
         f"for {args.assignment} in submitted/.")
    return 0


def cmd_grade(args, course) -> int:
    from dlkit.course.grade import grade

    outcomes = grade(course, args.assignment, workers=args.workers, force=args.force)
    failed = [o for o in outcomes if not o.ok]
    _say(f"graded {len(outcomes) - len(failed)} of {len(outcomes)} submission(s) "
         f"of {args.assignment} on {args.workers} worker(s)"
         + ("" if outcomes else " (nothing new; --force regrades)") + ".",
         *(f"  could not grade {o.student}: {o.detail}" for o in failed))
    return 1 if failed else 0


def cmd_feedback(args, course) -> int:
    from dlkit.course.grade import feedback

    files = feedback(course, args.assignment)
    _say(f"wrote {len(files)} feedback file(s) under feedback/.")
    return 0


def cmd_export(args, course) -> int:
    from dlkit.course.report import export

    files = export(course, Path(args.out) if args.out else None)
    _say(*(f"wrote {p}" for p in files))
    return 0


def cmd_hub(args, course) -> int:
    import secrets

    from dlkit.course import hub

    klass = hub.HubClass(state=Path(args.state), instructor=args.instructor,
                         students=tuple(s for s in args.students.split(",") if s),
                         ip=args.ip)
    if args.remove_users:
        removed = hub.remove_created_accounts(klass)
        _say(f"removed the accounts {', '.join(removed)}." if removed
             else "no accounts to remove: the class hub created none.")
        return 0
    klass = replace(klass, port=hub.free_port(args.ip, args.port),
                    hub_port=hub.free_port("127.0.0.1", 8081),
                    proxy_port=hub.free_port("127.0.0.1", 8001))
    _say(*hub.prepare(course, klass, create_users=args.create_users))
    if args.setup_only:
        return 0
    password = os.environ.get("DLCOURSE_HUB_PASSWORD") or secrets.token_urlsafe(9)
    command, env = hub.hub_command(course, klass, password)
    _say(f"Starting JupyterHub for the class at http://{args.ip}:{klass.port}/",
         f"log in as {', '.join(klass.members)} with the password {password}",
         "Stop it with Ctrl-C.")
    sys.stdout.flush()
    os.chdir(klass.hub_dir)
    os.execve(command[0], command, env)
    return 0  # pragma: no cover - execve does not return


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dlcourse", description=__doc__.split("\n")[0])
    top.add_argument("--root", help="the course root (default: found from here)")
    top.add_argument("-v", "--verbose", action="store_true", help="log more")
    verbs = top.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = verbs.add_parser("build", help="regenerate course/ from solutions/")
    p.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if course/ is out of date")
    p.set_defaults(run=cmd_build)

    p = verbs.add_parser("sync", help="update your copy in work/ without losing work")
    p.add_argument("--work", help="the folder of your copy (default: work/)")
    p.set_defaults(run=cmd_sync)

    p = verbs.add_parser("lab", help="open the course in JupyterLab")
    p.add_argument("--no-browser", action="store_true",
                   help="only print the address (for a server or a container)")
    p.add_argument("--port", type=int, help="the port (default: 8888 or the next free)")
    p.add_argument("--instructor", action="store_true",
                   help="open the course root (solutions/, formgrader) instead")
    p.set_defaults(run=cmd_lab)

    p = verbs.add_parser("collect", help="import submissions: an LMS zip or a folder")
    p.add_argument("assignment")
    p.add_argument("source", help="a .zip file or a folder of .ipynb files")
    p.set_defaults(run=cmd_collect)

    p = verbs.add_parser("grade", help="autograde every submission of an assignment")
    p.add_argument("assignment")
    p.add_argument("--workers", type=int, default=1,
                   help="grade this many submissions at once (default 1)")
    p.add_argument("--force", action="store_true", help="regrade graded ones too")
    p.set_defaults(run=cmd_grade)

    p = verbs.add_parser("feedback", help="write feedback HTML for each student")
    p.add_argument("assignment")
    p.set_defaults(run=cmd_feedback)

    p = verbs.add_parser("export", help="grade tables (CSV) and a summary per "
                                        "assignment")
    p.add_argument("--out", help="folder to write to (default: grades/)")
    p.set_defaults(run=cmd_export)

    p = verbs.add_parser("validate", help="validate notebooks as nbgrader does")
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--invert", action="store_true",
                   help="require every test to fail (a blank student version)")
    p.set_defaults(run=cmd_validate)

    p = verbs.add_parser("hub", help="serve the course to a class with JupyterHub "
                                     "(as root)")
    p.add_argument("--state", default="/srv/dlcourse",
                   help="the class's exchange, settings and hub files "
                        "(default: /srv/dlcourse)")
    p.add_argument("--instructor", default="dlc-instructor",
                   help="the instructor's account (default: dlc-instructor)")
    p.add_argument("--students", default="dlc-student1,dlc-student2",
                   help="the students' accounts, comma-separated")
    p.add_argument("--ip", default="127.0.0.1",
                   help="where the hub listens (default: loopback only)")
    p.add_argument("--port", type=int, default=8000,
                   help="the hub's port (default: 8000, or a free one if taken)")
    p.add_argument("--create-users", action="store_true",
                   help="create missing accounts (no password, no login shell)")
    p.add_argument("--setup-only", action="store_true",
                   help="lay the class out, do not start the hub")
    p.add_argument("--remove-users", action="store_true",
                   help="delete the accounts --create-users made, with their homes")
    p.set_defaults(run=cmd_hub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from dlkit.course.layout import Course

    try:
        course = Course.find(args.root)
        return args.run(args, course)
    except CourseError as err:
        print(f"dlcourse: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
