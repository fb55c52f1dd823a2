"""The packaging self-check (`account-desk --self-check`): every module imports, the resources
are there, the window builds, the export's worker process runs, and the demo service signs a
person in through the real OAuth flow and answers the self-service API."""

from __future__ import annotations

import importlib
from pathlib import Path

from ui.shell.main_window import MainWindow, PageRegistry
from ui.shell.placeholder import system_pages
from ui.shell.startup import DEMO_DATA_FOLDER


def self_check() -> str:
    """See ui.shell.launcher.self_check. Returns a one-line summary; raises on any failure."""
    import pkgutil
    import tempfile

    import app as core
    import ui as shell

    for package in (core, shell):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)

    from app.demo import DemoBackend
    from app.net.servers import local_server
    from app.session import Session
    from app.signin.demo_login import demo_user
    from ui.shell.qt_app import check_resources, create_application

    create_application()
    resources = check_resources()
    window = MainWindow(PageRegistry(system_pages()))
    window.deleteLater()
    # The exporter's worker process starts (in a built app: this same executable) and works.
    from app.export.pagework import PageWork

    with PageWork(("id", "name"), use_worker=True) as work:
        work.MIN_BODY_BYTES = 0  # this small page goes to the worker, as a full one would
        page = work.files(b'{"data": [{"id": 1, "name": "=x"}], "meta": {}}')
        if not work.last_in_worker or page.csv != b"1,'=x\r\n":
            raise RuntimeError("the export's worker process did not start or answered wrong")
    with tempfile.TemporaryDirectory(prefix="account-desk-check-") as folder:
        backend = DemoBackend(Path(folder) / DEMO_DATA_FOLDER)
        try:
            addresses = backend.start()
            session = Session.create(local_server(addresses.api_url), demo=True)
            session.sign_in(login_hint=demo_user().email)
            if session.selfservice is None:
                raise RuntimeError("the demo service offers no self-service API")
            account = session.selfservice.account()
            # The backend's contract document is one of the resources too.
            contract = session.http.request(
                "GET", session.selfservice.base_url + "openapi.yaml", authenticate=False
            )
            if "openapi:" not in contract.text:
                raise RuntimeError("the demo service does not serve its contract document")
            who = session.display_name
            session.sign_out()
            session.close()
        finally:
            backend.stop()
    return (
        f"signed in as {who} through OAuth;"
        f" {account.firm.name}, {account.plan.name} plan, {account.plan.seats} seats;"
        f" resources in {resources}"
    )
