"""scripts/ensure-system-libs (run by `make setup`) covers what Qt's xcb platform plugin needs
on a real X display, not only the offscreen case: every X11, xcb, xkbcommon, GL and font
library that `ldd` reports for PySide6's libqxcb.so is in the script's table."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-system-libs"
# The libraries of the display stack; the C and C++ runtimes and Qt's own are not ours to list.
DISPLAY_LIBS = re.compile(r"^lib(xcb|X11|xkbcommon|EGL|GL\.|fontconfig|freetype|dbus)")


def script_table() -> dict[str, str]:
    out = subprocess.run(
        ["sh", str(SCRIPT), "--list"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    rows = [line.split() for line in out.splitlines() if line.strip()]
    assert all(len(row) == 2 for row in rows), rows
    return {lib: package for lib, package in rows}


def xcb_plugin() -> Path | None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def test_the_table_holds_the_xcb_set_of_qt6s_x11_requirements() -> None:
    table = script_table()
    for package in (
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "libxcb-image0",
        "libxcb-render-util0",
        "libxcb-xinerama0",
        "libxcb-xkb1",
        "libxkbcommon-x11-0",
        "libxcb-randr0",
        "libxcb-shape0",
        "libxcb-cursor0",
    ):
        assert package in table.values(), package


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and xcb are Linux's")
def test_the_table_covers_every_display_library_the_xcb_plugin_links() -> None:
    plugin = xcb_plugin()
    ldd = shutil.which("ldd")
    assert plugin is not None, "PySide6 ships libqxcb.so on Linux"
    assert ldd is not None
    out = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    needed = {
        line.split()[0]
        for line in out.splitlines()
        if line.strip() and "=>" in line and "PySide6" not in line.split("=>", 1)[1]
    }
    display = {lib for lib in needed if DISPLAY_LIBS.match(lib)}
    assert "libxcb-icccm.so.4" in display and "libxcb-keysyms.so.1" in display
    missing = display - set(script_table())
    assert not missing, f"ensure-system-libs does not check {sorted(missing)}"
