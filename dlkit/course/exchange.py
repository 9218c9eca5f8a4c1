"""nbgrader's exchange with submissions only their student and the instructor open.

nbgrader's own submit leaves a submission in ``inbound/`` open to every
account (mode 0777): ``inbound/`` cannot be listed, so the submission's name
(student, time and a random part) is all that hides it, and names show up in
logs and shell histories. :class:`PrivateSubmit` closes the submission's
folder.

``inbound/`` carries the set-group-id bit, so a new submission folder belongs
to the instructor's group. After nbgrader's copy the folder becomes 0770: its
student and that group may enter it (the instructor collects and may clean
up), other students may not, whatever the modes of the files inside.
"""

from __future__ import annotations

import os

from nbgrader.exchange.default import ExchangeSubmit

FOLDER_MODE = 0o770


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then the submission closed to other students."""

    def copy_files(self) -> None:
        super().copy_files()
        submission = os.path.join(self.inbound_path, self.assignment_filename)
        if os.stat(submission).st_gid != os.stat(self.inbound_path).st_gid:
            # Without the group of inbound/ (a file system that ignores the
            # set-group-id bit), closing the folder would lock the instructor out.
            self.log.warning(
                "%s does not belong to the group of %s, so other accounts that "
                "learn its name can open it; give inbound/ mode 2733 to fix that.",
                submission, self.inbound_path)
            return
        os.chmod(submission, FOLDER_MODE)
        self.log.info("Submission closed to other students: %s", submission)
