"""Runs the example site: ``python run.py``, from any directory.

It judges the chat settings, creates the tables of the in-memory database,
and serves the site on 127.0.0.1 with the standard library's WSGI server,
printing ``example site on http://127.0.0.1:<port>/`` once it listens (``PORT=0``
picks a free port). Ctrl-C or SIGTERM stops it. The settings come from the
environment: see demo_site/settings.py and README.md.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from wsgiref.simple_server import make_server

from chat_autologin.django.conf import get_config
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application


def main() -> None:
    if not os.environ.get("CHAT_AUTOLOGIN_SECRET"):
        sys.exit(
            "error: CHAT_AUTOLOGIN_SECRET is not set: set it to the service desk "
            "project's secret key (for the emulator, the secret it was started with)"
        )
    port = os.environ.get("PORT") or "5000"
    if not (port.isascii() and port.isdigit() and int(port) <= 65535):
        sys.exit(f"error: PORT must be a port number, not {port!r}")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_site.settings")
    application = get_wsgi_application()  # sets Django up
    try:
        get_config()  # the chat settings, judged now rather than at the first request
    except ImproperlyConfigured as error:
        # The message names the Django setting, which settings.py fills from
        # the environment.
        sys.exit(
            f"error: {error} (from the environment variable CHAT_AUTOLOGIN_SECRET)"
        )
    call_command("migrate", verbosity=0)

    # One thread: the in-memory database lives in this thread's connection.
    try:
        server = make_server("127.0.0.1", int(port), application)
    except OSError as error:
        sys.exit(f"error: cannot listen on 127.0.0.1:{port}: {error}")

    # Ctrl-C or SIGTERM: finish the request at hand, then stop. (shutdown()
    # waits for serve_forever() to return, so it runs in another thread.) Set
    # before the URL is announced: whoever waits for that line may stop at once.
    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"example site on http://127.0.0.1:{server.server_port}/", flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
