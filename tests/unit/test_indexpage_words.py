"""index.html in French names every kind of record in French: a kind added to the export
without its French name would show its English label in a French export's file room."""

from __future__ import annotations

import json

from app.export.indexpage import RESOURCES, kind_label, strings
from app.export.kinds import ALL_KINDS


def test_every_kind_has_its_french_name_in_the_file_room() -> None:
    own_french = json.loads((RESOURCES / "strings.fr.json").read_text(encoding="utf-8"))
    missing = [kind.key for kind in ALL_KINDS if f"kind.{kind.key}" not in own_french]
    assert missing == []
    french = strings("fr_CA")
    assert kind_label("bank_transactions", french) == "Opérations bancaires"
    assert kind_label("matters", french) == "Dossiers"
