"""The demo firm's document files: real PDF, Word, PNG and text content, some with names a
careful client must make safe."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from server.practice.generator import samplefiles
from server.practice.generator.builder import random_date


@dataclass(frozen=True)
class DemoFile:
    folder_id: int
    name: str
    content_type: str
    content: bytes


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
TXT = "text/plain"

# Names a careful client must make safe: characters illegal on Windows, reserved device names,
# trailing dots and spaces, case-only twins, Unicode normalisation twins, traversal, control
# characters and an over-long name. All are stored exactly like this.
HOSTILE_NAMES: tuple[tuple[str, str], ...] = (
    ("Engagement letter – Müller.pdf", PDF),
    ("Motion: to dismiss?.pdf", PDF),
    ("Scan *final*.png", PNG),
    ("Exhibit <A>.txt", TXT),
    ("Costs | summary.txt", TXT),
    ("Notes for file.", TXT),
    ("Draft agreement.docx ", DOCX),
    ("CON.txt", TXT),
    ("aux.pdf", PDF),
    ("Invoice.pdf", PDF),
    ("invoice.pdf", PDF),
    (unicodedata.normalize("NFC", "Résumé.txt"), TXT),
    (unicodedata.normalize("NFD", "Résumé.txt"), TXT),
    ("../../outside.txt", TXT),
    ("Memo\twith tab.txt", TXT),
    ("Photos 📷 site visit.png", PNG),
    ("Long name " + "x" * 230 + ".txt", TXT),
)

_REGULAR_DOCUMENTS = (
    ("Engagement letter", PDF), ("Retainer agreement", DOCX), ("Client intake notes", TXT),
    ("Site photo", PNG), ("Statement of claim", PDF), ("Letter to opposing counsel", DOCX),
    ("Settlement offer", PDF), ("Closing checklist", TXT), ("Title report", PDF),
    ("Signed affidavit", PDF), ("Witness list", DOCX), ("Scanned receipt", PNG),
    ("Meeting minutes", TXT), ("Court order", PDF), ("Draft will", DOCX),
)  # fmt: skip

# Firm-wide folders of the demo; two of them have names Windows cannot store as they are.
DEMO_EXTRA_FOLDERS = ("Firm administration", "Q4: review?", "Old files. ", "Templates")

_EXTENSION = {PDF: ".pdf", DOCX: ".docx", PNG: ".png", TXT: ".txt"}


def demo_content(rng: random.Random, title: str, content_type: str, big: bool) -> bytes:
    lines = [
        "Harbor & Finch LLP – 200 Harbor Way, Suite 400, Portland, OR 97205",
        f"Re: {title}",
        "",
        "This document is part of the demonstration data of the Account Desk reference backend.",
        *(
            rng.choice(
                (
                    "The parties agree to the terms set out below.",
                    "Please find enclosed the documents discussed at our meeting.",
                    "We confirm receipt of your letter and will respond in due course.",
                    "The hearing has been scheduled for the date noted above.",
                )
            )
            for _ in range(rng.randrange(3, 25))
        ),
    ]
    if content_type == PDF:
        return samplefiles.make_pdf(title, lines)
    if content_type == DOCX:
        return samplefiles.make_docx(title, lines)
    if content_type == PNG:
        if big:
            return samplefiles.make_png(rng, rng.randrange(360, 560), rng.randrange(280, 420), True)
        return samplefiles.make_png(rng, rng.randrange(48, 200), rng.randrange(48, 160), False)
    return samplefiles.make_text(title, lines)


def make_demo_files(rng: random.Random, leaves: list[int], total: int) -> list[DemoFile]:
    files: list[DemoFile] = []
    used: set[tuple[int, str]] = set()
    hostile_folder = leaves[min(2, len(leaves) - 1)]
    for name, content_type in HOSTILE_NAMES:
        files.append(
            DemoFile(
                hostile_folder, name, content_type, demo_content(rng, name, content_type, False)
            )
        )
        used.add((hostile_folder, name))
    big_images = 0
    while len(files) < total:
        folder = rng.choice(leaves)
        base, content_type = rng.choice(_REGULAR_DOCUMENTS)
        name = f"{base} {random_date(rng, 2022, 2027)}{_EXTENSION[content_type]}"
        if (folder, name) in used:
            continue
        used.add((folder, name))
        big = content_type == PNG and big_images < 9
        big_images += big
        files.append(
            DemoFile(folder, name, content_type, demo_content(rng, base, content_type, big))
        )
    return files
