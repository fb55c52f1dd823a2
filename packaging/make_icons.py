"""Draw the application icon and write it as PNG, Windows .ico and macOS .icns.

    python packaging/make_icons.py    # needs PySide6 and Pillow; the results are committed

The icon is drawn rather than shipped as an opaque binary so that it can be changed in code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "icons"
SIZE = 1024


def draw_png(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    # a rounded tile in deep navy
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(64, 64, 896, 896), 190, 190)
    p.fillPath(tile, QColor("#1f3a5f"))
    # a ledger page
    page = QPainterPath()
    page.addRoundedRect(QRectF(250, 190, 524, 644), 40, 40)
    p.fillPath(page, QColor("#f4f1ea"))
    pen = QPen(QColor("#9aa7b8"), 26, c=Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for y in (330, 420, 510):
        p.drawLine(330, y, 694, y)
    # a check mark: the export is verified
    pen = QPen(QColor("#2e8b57"), 64, c=Qt.PenCapStyle.RoundCap, j=Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    tick = QPainterPath()
    tick.moveTo(370, 660)
    tick.lineTo(470, 750)
    tick.lineTo(680, 560)
    p.drawPath(tick)
    p.end()
    image.save(str(path))
    del app


def main() -> int:
    from PIL import Image

    OUT.mkdir(exist_ok=True)
    png = OUT / "account-desk.png"
    draw_png(png)
    with Image.open(png) as img:
        img.save(OUT / "account-desk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
        img.save(OUT / "account-desk.icns")
        img.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "account-desk-256.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
