"""Where the files under resources/ are (help, translations, icons, the index page's files).

They are the `resources` package's data: found through importlib.resources wherever the app
runs from (a checkout, an installed wheel, the built app). The folder beside app/ is the
fallback when that package cannot be imported or another top-level `resources` is in the way.
"""

from __future__ import annotations

import importlib
import importlib.resources
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "resources"
#: Files the app cannot work without; the self-check reports any of them missing.
ESSENTIAL = (
    "help/closing-your-account.md",
    "help/closing-your-account.fr_CA.md",
    "i18n/account_desk_fr_CA.qm",
    "icons/account-desk.png",
    "indexpage/page.html",
    "indexpage/strings.en.json",
)


@cache
def resource_root() -> Path:
    """The folder holding the resources."""
    try:
        package = importlib.import_module(PACKAGE)
        if getattr(package, "ACCOUNT_DESK_RESOURCES", False):
            root = importlib.resources.files(package)
            if isinstance(root, Path) and root.is_dir():
                return root
    except ImportError:
        pass
    fallback = Path(__file__).resolve().parents[1] / PACKAGE
    log.debug("resources package not importable; using %s", fallback)
    return fallback


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/, e.g. resource_path("help")."""
    return resource_root().joinpath(*parts)


def missing_resources() -> list[str]:
    """The essential files this install lacks (none, when it is complete)."""
    return [name for name in ESSENTIAL if not resource_path(*name.split("/")).is_file()]
