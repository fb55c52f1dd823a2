"""Build Account Desk for the platform this runs on.

    python packaging/build.py            # build (installs PyInstaller into the current venv)
    python packaging/build.py --smoke    # build, then run the built app's --self-check offscreen

Windows: a one-folder build with version information, then the Inno Setup installer when
`iscc` is on PATH. macOS: the .app bundle, then a DMG (hdiutil). Linux: the one-folder build used
for the smoke test. Signing runs only when identities are given in the environment (see
packaging/macos/sign_and_notarize.sh and packaging/windows/sign.ps1).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build" / "pyinstaller"


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603


def windows_version_file(ver: str) -> Path:
    parts = [int(p) for p in ([*ver.split("."), "0", "0", "0"])[:4]]
    text = (ROOT / "packaging" / "windows" / "version_info.txt.in").read_text(encoding="utf-8")
    out = BUILD / "version_info.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        text.replace("@TUPLE@", str(tuple(parts))).replace("@VERSION@", ver), encoding="utf-8"
    )
    return out


def build() -> Path:
    ver = version()
    env = {**os.environ, "ACCOUNT_DESK_VERSION": ver}
    if sys.platform == "win32":
        env["ACCOUNT_DESK_WINDOWS_VERSION_FILE"] = str(windows_version_file(ver))
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        run([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller>=6.5"])
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD),
            str(ROOT / "packaging" / "account-desk.spec"),
        ],
        env=env,
    )
    if sys.platform == "darwin":
        app = DIST / "Account Desk.app"
        run(["bash", str(ROOT / "packaging" / "macos" / "sign_and_notarize.sh"), str(app)])
        dmg = DIST / f"Account-Desk-{ver}.dmg"
        dmg.unlink(missing_ok=True)
        run(
            [
                "hdiutil",
                "create",
                "-volname",
                "Account Desk",
                "-srcfolder",
                str(app),
                "-ov",
                "-format",
                "UDZO",
                str(dmg),
            ]
        )
        return app
    if sys.platform == "win32":
        folder = DIST / "account-desk"
        run(
            [
                "powershell",
                "-ExecutionPolicy",
                "Bypass",
                "-File",
                str(ROOT / "packaging" / "windows" / "sign.ps1"),
                str(folder / "account-desk.exe"),
            ]
        )
        iscc = shutil.which("iscc")
        if iscc:
            run(
                [
                    iscc,
                    f"/DAppVersion={ver}",
                    f"/DSourceDir={folder}",
                    str(ROOT / "packaging" / "windows" / "installer.iss"),
                ]
            )
        else:
            print("Inno Setup (iscc) not found: skipping the installer; the folder is built.")
        return folder
    return DIST / "account-desk"


def smoke(folder: Path) -> None:
    exe = folder / ("account-desk.exe" if sys.platform == "win32" else "account-desk")
    if sys.platform == "darwin":
        exe = folder / "Contents" / "MacOS" / "account-desk"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="account-desk-smoke-") as profile:
        run([str(exe), "--profile", profile, "--self-check"], env=env, timeout=300)
    print("smoke test passed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="run --self-check on the build")
    args = parser.parse_args()
    folder = build()
    if args.smoke:
        smoke(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
