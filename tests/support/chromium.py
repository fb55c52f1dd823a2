"""Headless Chromium driven over the DevTools protocol, to open index.html as a person would
(from `file://`, with its Content-Security-Policy) and read what the page shows.

Chromium listens on a loopback port the system chooses (`--remote-debugging-port=0`, read back
from the profile's DevToolsActivePort file). `make setup` installs Chromium where it may
(scripts/ensure-system-libs); elsewhere `chromium_or_skip` skips with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websocket

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
START_TIMEOUT = 60.0


def find_chromium() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_or_skip() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium here (`make setup` installs it on Debian/Ubuntu as root or with "
            "sudo; else install the 'chromium' package)"
        )
    return found


class Browser:
    """One headless Chromium with one page. `dialogs` and `errors` collect the page's alert
    boxes and uncaught script errors as they happen."""

    def __init__(self, executable: str, profile: Path) -> None:
        profile.mkdir(parents=True, exist_ok=True)
        (profile / "DevToolsActivePort").unlink(missing_ok=True)  # a port of an earlier run
        self._process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-extensions",
                "--no-first-run",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self._next = 0
        try:
            port = self._port(profile / "DevToolsActivePort")
            self._socket = websocket.create_connection(
                self._page_socket(port), timeout=120, suppress_origin=True
            )
            self.call("Page.enable")
            self.call("Runtime.enable")
        except BaseException:
            self.close()
            raise

    def _port(self, active: Path) -> int:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError("Chromium stopped at start")
            try:
                return int(active.read_text(encoding="utf-8").splitlines()[0])
            except (OSError, ValueError, IndexError):
                time.sleep(0.05)
        raise RuntimeError("Chromium did not open its DevTools port")

    @staticmethod
    def _page_socket(port: int) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                    targets = json.loads(r.read())
            except OSError:  # not listening yet
                time.sleep(0.05)
                continue
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return str(pages[0]["webSocketDebuggerUrl"])
            time.sleep(0.05)
        raise RuntimeError("Chromium has no page")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        params = message.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(str(params.get("message")))
            self._socket.send(
                json.dumps(
                    {
                        "id": 0,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append(str(details.get("exception", {}).get("description") or details))

    def evaluate(self, expression: str) -> Any:
        """The value of a script expression in the page (a promise is awaited)."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def open(
        self, url: str, ready: str = "document.documentElement.dataset.ready === '1'"
    ) -> float:
        """Go to ``url`` and wait until ``ready`` holds; the seconds it took."""
        started = time.perf_counter()
        self.call("Page.navigate", url=url)
        self.wait_for(ready)
        return time.perf_counter() - started

    def wait_for(self, condition: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.evaluate(f"Boolean({condition})"):
                    return
            except RuntimeError:
                pass  # the page is being replaced
            time.sleep(0.01)
        raise TimeoutError(f"the page never had {condition}")

    def close(self) -> None:
        socket = getattr(self, "_socket", None)
        if socket is not None:
            socket.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
