"""Generating the firm's groups of users, its custom billing rates, the sets its custom fields are
shown in, the grants that fund some of its work, and its task and document templates. A firm
has the same number of these whatever its size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.practice.document_store import template_file_name
from server.practice.generator.builder import FirmBuilderBase, project, record_etag
from server.practice.generator.vocabulary import ATTORNEYS, TIMEKEEPERS, USER_RATES
from server.practice.kinds import (
    CUSTOM_FIELD_REF,
    DOCUMENT_CATEGORY,
    GRANT_FUNDING_SOURCE,
    GRANT_REF,
    GROUP_REF,
    TASK_TYPE,
)

_SET_UP = "2023-01-01T00:00:00Z"
GROUPS = (
    ("Everyone", "AccountGroup", None),
    ("Litigation team", "AdhocGroup", ATTORNEYS),
    ("Billing", "AdhocGroup", (1, 2)),
)
FIELD_SETS = (
    ("Litigation details", "Matter", ("Opposing counsel", "Court file number")),
    ("Intake", "Matter", ("Conflict check completed", "Retainer amount")),
    ("Client profile", "Contact", ("Referral source", "Date of first contact")),
)
FUNDING_SOURCES = ("Oregon Law Foundation", "Campaign for Equal Justice")
GRANTS = (
    ("Housing stability project", "OLF-H24", 0, 42000.0, "2024-01-01", "2025-12-31"),
    ("Elder law clinic", "OLF-E25", 0, 18500.0, "2025-01-01", "2026-12-31"),
    ("Domestic violence representation", "CEJ-DV24", 1, 60000.0, "2024-07-01", "2026-06-30"),
    ("Veterans benefits appeals", "CEJ-VB25", 1, 12750.0, "2025-03-01", "2026-02-28"),
)
TASK_LISTS = (
    ("Litigation intake", "civil_litigation", ("Run conflict check", "Send engagement letter",
     "Calendar limitation period", "Open court file")),
    ("Estate plan", "wills_and_estates", ("Send questionnaire", "Draft will",
     "Signing meeting", "Store original will")),
    ("Personal injury claim", "personal_injury", ("Request medical records",
     "Notify insurer", "Collect wage statements", "Send demand letter")),
)  # fmt: skip
DOCUMENT_TEMPLATES = (
    ("Engagement letter.docx", 48_640),
    ("Retainer agreement.docx", 61_952),
    ("Demand letter.docx", 39_424),
    ("Simple will.docx", 72_704),
    ("Notice of appearance.docx", 31_232),
    ("File closing letter.docx", 28_160),
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def write_template_file(files_dir: Path, template_id: int, filename: str, size: int) -> None:
    """``size`` bytes standing for the template (the same for the same template)."""
    line = f"{filename}: template {template_id} of the firm, {{{{client.name}}}}\n".encode()
    content = (line * (size // len(line) + 1))[:size]
    (files_dir / template_file_name(template_id)).write_bytes(content)


class FirmTemplatesBuilder(FirmBuilderBase):
    """Groups, activity rates, custom field sets, grants, task and document templates."""

    def firm_templates(self) -> None:
        self._groups()
        self._activity_rates()
        self._custom_field_sets()
        self._grants()
        self._task_templates()
        self._document_templates()

    def _groups(self) -> None:
        for index, (name, group_type, members) in enumerate(GROUPS, start=1):
            users = [self.user_refs[uid] for uid in (members or sorted(self.user_refs))]
            body = {
                "id": index,
                "etag": record_etag("groups", index, _SET_UP),
                "name": name,
                "type": group_type,
                "client_connect_user": False,
                "updated_at": _SET_UP,
                "users": users,
            }
            self.sink.record("groups", body)
            self.groups.append(body)

    def _activity_rates(self) -> None:
        """Hourly rates agreed with some clients per attorney, and a firm-wide flat rate."""
        clients = [
            self.contact_refs[self.client_ids[number % len(self.client_ids)]] for number in range(6)
        ]
        rates: list[tuple[dict[str, Any] | None, dict[str, Any] | None, float, bool]] = []
        for number, customer in enumerate(clients):
            attorney = ATTORNEYS[number % len(ATTORNEYS)]
            rates.append((customer, self.user_refs[attorney], USER_RATES[attorney] * 0.9, False))
        everyone = self.groups[0]
        rates.append((None, None, 250.0, True))
        rates.append((clients[0], None, 175.0, True))
        for index, (client, user, rate, flat) in enumerate(rates, start=1):
            self.sink.record(
                "activity_rates",
                {
                    **self.stamp("activity_rates", index),
                    "rate": round(rate, 2),
                    "flat_rate": flat,
                    "contact_id": client["id"] if client else None,
                    "co_counsel_contact_id": None,
                    "user": user,
                    "group": None if user else project(everyone, GROUP_REF),
                },
            )

    def _custom_field_sets(self) -> None:
        fields = {ref["name"]: project(ref, CUSTOM_FIELD_REF) for ref in self.custom_field_refs}
        for index, (name, parent, names) in enumerate(FIELD_SETS, start=1):
            self.sink.record(
                "custom_field_sets",
                {
                    **self.stamp("custom_field_sets", index),
                    "name": name,
                    "parent_type": parent,
                    "displayed": True,
                    "custom_fields": [fields[field] for field in names if field in fields],
                },
            )

    def _grants(self) -> None:
        sources = [
            {**self.stamp("grant_funding_sources", index), "name": name}
            for index, name in enumerate(FUNDING_SOURCES, start=1)
        ]
        grants: list[dict[str, Any]] = []
        for index, (name, code, source, balance, start, end) in enumerate(GRANTS, start=1):
            funder = sources[source]
            grant = {
                **self.stamp("grants", index),
                "name": name,
                "funding_code": code,
                "funding_code_and_name": f"{code} – {name}",
                "funding_source_name": funder["name"],
                "balance": f"{balance:.2f}",  # published as text
                "start_date": start,
                "end_date": end,
                "grant_funding_source": project(funder, GRANT_FUNDING_SOURCE),
            }
            self.sink.record("grants", grant)
            grants.append(grant)
        for index, funder in enumerate(sources):
            own = [project(g, GRANT_REF) for g in grants if GRANTS[g["id"] - 1][2] == index]
            self.sink.record("grant_funding_sources", {**funder, "grants": own})

    def _task_templates(self) -> None:
        areas = {area["category"]: area for area in self.practice_area_refs}
        task_types = [project(t, TASK_TYPE) for t in self.firm_lists.get("task_types", [])]
        template_id = 0
        for index, (name, category, tasks) in enumerate(TASK_LISTS, start=1):
            creator = self.user_refs[ATTORNEYS[index % len(ATTORNEYS)]]
            task_list = {
                **self.stamp("task_template_lists", index),
                "name": name,
                "description": f"The usual first steps of a {name.lower()} matter.",
                "templates_count": len(tasks),
            }
            self.sink.record(
                "task_template_lists",
                {**task_list, "practice_area": areas.get(category), "creator": creator},
            )
            for number, task in enumerate(tasks):
                template_id += 1
                stamp = self.stamp("task_templates", template_id)
                self.sink.record(
                    "task_templates",
                    {
                        **stamp,
                        "name": task,
                        "description": f"{task} ({number * 7} days after the list is applied).",
                        "priority": ("High", "Normal", "Normal", "Low")[number],
                        "private": False,
                        "assignee": self.user_refs[TIMEKEEPERS[number % len(TIMEKEEPERS)]],
                        "task_template_list": task_list,
                        "task_type": task_types[number % len(task_types)] if task_types else None,
                        "template_creator": creator,
                        "cascading_source": None,
                        "reminder_templates": [
                            {
                                "id": template_id,
                                "etag": record_etag("reminder_templates", template_id, _SET_UP),
                                "duration": 1440,
                                "notification_type": "Email",
                                "created_at": stamp["created_at"],
                                "updated_at": stamp["updated_at"],
                            }
                        ],
                    },
                )

    def _document_templates(self) -> None:
        categories = [
            project(c, DOCUMENT_CATEGORY) for c in self.firm_lists.get("document_categories", [])
        ]
        for index, (filename, size) in enumerate(DOCUMENT_TEMPLATES, start=1):
            # The template's file, which its download serves (`server.files`).
            write_template_file(self.state.db.files_dir, index, filename, size)
            self.sink.record(
                "document_templates",
                {
                    **self.stamp("document_templates", index),
                    "filename": filename,
                    "size": size,
                    "content_type": DOCX,
                    "document_category": categories[index % len(categories)]
                    if categories
                    else None,
                    "last_modified_by": self.user_refs[ATTORNEYS[index % len(ATTORNEYS)]],
                },
            )
