"""`README.txt` in every export folder (and its French twin `LISEZMOI.txt` when the app runs in
French): what each folder and format is, how CSV cells were neutralised and where the exact
values are, and how to re-verify the folder with `account-desk verify`. Written with index.html
at the end of every run, and listed in the manifest like it.

The texts are files in resources/indexpage; this fills in the firm, the records' date and the
kinds of this export.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from app.export.safefiles import create_text, replace_file

README_NAME = "README.txt"
FRENCH_NAME = "LISEZMOI.txt"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _one_line(text: str) -> str:
    """A name from the service on one line of plain text (no line ends or control codes)."""
    return _CONTROL.sub(" ", text).strip()


def readme_names(language: str) -> list[str]:
    from app.export.indexpage import page_language

    return [README_NAME, FRENCH_NAME] if page_language(language) == "fr" else [README_NAME]


def write_readmes(
    root: Path,
    firm_name: str | None,
    kinds: Iterable[tuple[str, str, str]],
    records_as_of: str | None,
    language: str,
) -> list[str]:
    """Write README.txt (and LISEZMOI.txt in French). ``kinds``: (file stem, English label,
    French label) of every kind in records/. The names written, for the manifest."""
    from app.export.indexpage import RESOURCES

    kinds = list(kinds)
    names = readme_names(language)
    for name in names:
        french = name == FRENCH_NAME
        template = (RESOURCES / ("LISEZMOI.fr.txt" if french else "README.en.txt")).read_text(
            encoding="utf-8"
        )
        firm = _one_line(firm_name or "") or ("Cabinet" if french else "The firm")
        listed = "\n".join(
            f"        {f'{stem}.jsonl, .csv':<36} {fr if french else en}" for stem, en, fr in kinds
        )
        twin = "" if len(names) == 1 else "\nLISEZMOI.txt        The same, in French."
        text = (
            template.replace("%UNDERLINE%", "=" * min(len(firm) + 50, 96))
            .replace("%DATE%", records_as_of or "?")
            .replace("%KINDS%", listed or "        -")
            .replace("%TWIN%", twin)
            .replace("%FIRM%", firm)  # last: a firm named "%KINDS%" stays that name
        )
        target = root / name
        part = root / (name + ".part")
        with create_text(part) as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        replace_file(part, target)
    return names
