"""nbgrader settings shared by every account of the class on this server.

``dlcourse hub`` fills in the two values below and installs the result as
``STATE/etc/jupyter/nbgrader_config.py``; the hub gives every single-user
server ``JUPYTER_CONFIG_PATH=STATE/etc/jupyter``, so students and the
instructor read it from JupyterLab and from a terminal alike. A permanent
server may copy it to ``/etc/jupyter/`` instead.

A student needs nothing else: they fetch and submit from their home folder.
The instructor's course root has its own nbgrader_config.py, which names the
same exchange (nbgrader reads the current folder's file last).
"""

from dlkit.course.exchange import PrivateSubmit

c = get_config()  # noqa: F821 - provided by the config loader

# The exchange: a folder every account can reach, owned by root, mode 1777.
# nbgrader makes the course folder below it (755), outbound/ (755: everyone
# reads the released assignments, only the instructor writes) and inbound/
# (2733: everyone may drop a submission in, nobody but the instructor lists it).
c.Exchange.root = "${exchange}"
c.CourseDirectory.course_id = "${course_id}"

# A submission is readable by its student and the instructor's group only
# (nbgrader alone leaves it readable to anyone who learns its name).
c.ExchangeFactory.submit = PrivateSubmit
