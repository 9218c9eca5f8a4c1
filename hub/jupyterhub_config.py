"""JupyterHub for the class: one server per student, each running as their account.

``dlcourse hub`` (``make hub``) lays the class out and starts JupyterHub with
this file. Every value comes from the class file it writes, named by
``DLCOURSE_HUB_CLASS``: who is in the class, where the exchange and the shared
nbgrader settings are, the ports. The password comes from
``DLCOURSE_HUB_PASSWORD`` and is never written to disk.

The authenticator below is a shared password, fit for a trial on one machine
and for the test suite. A real class replaces that block; the README section
"A class on a shared server" says with what.
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by the config loader

klass = json.loads(Path(os.environ["DLCOURSE_HUB_CLASS"]).read_text())
state = Path(klass["hub_dir"])

# Where it listens. The proxy is the only public port; the hub and the
# proxy's API stay on loopback.
c.JupyterHub.bind_url = f"http://{klass['ip']}:{klass['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{klass['hub_port']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{klass['proxy_port']}"
c.ConfigurableHTTPProxy.command = [klass["proxy"]]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# The hub's own state, readable by root only.
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

# Who may log in: the class, with one shared password (trial and tests only).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["DLCOURSE_HUB_PASSWORD"]
c.Authenticator.allowed_users = {klass["instructor"], *klass["students"]}

# Each user's JupyterLab is a process running as their own account (the hub
# runs as root and switches to the user), started in their home folder, with
# the class's nbgrader settings on the Jupyter config path.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(Path(klass["venv_bin"]) / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": klass["config_dir"],
    "PATH": os.pathsep.join([klass["venv_bin"], "/usr/local/bin", "/usr/bin", "/bin"]),
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# Stopping the hub stops every user's server and the proxy.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# A token for scripts that check on the class (the test suite uses it): list
# the users, start and stop their servers, reach those servers' APIs.
if os.environ.get("DLCOURSE_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{
        "name": "dlcourse-roster",
        "api_token": os.environ["DLCOURSE_HUB_SERVICE_TOKEN"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "dlcourse-roster",
        "scopes": ["list:users", "read:users", "servers", "access:servers"],
        "services": ["dlcourse-roster"],
    }]
