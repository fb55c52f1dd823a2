"""Generating the details kept on litigation and injury matters (damages claimed, medical records
requested, court-rule dockets with their calendar deadlines) and the log of who opened which
matter or contact."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    instant,
    money,
    project,
    record_etag,
)
from server.practice.generator.vocabulary import TIMEKEEPERS
from server.practice.kinds import CALENDAR_ENTRY_REF

DAMAGES = (
    ("special", "Medical expenses to date"),
    ("special", "Lost wages"),
    ("special", "Vehicle repair"),
    ("general", "Pain and suffering"),
    ("general", "Loss of enjoyment of life"),
    ("other", "Future care costs"),
)
PROVIDERS = ("Providence Portland Medical Center", "Legacy Emanuel Hospital", "OHSU Hospital")
JURISDICTIONS = (
    (1, 10231, "Oregon – Multnomah County Circuit Court"),
    (2, 10467, "Washington – King County Superior Court"),
)
TRIGGERS = (
    (1, 5501, "Complaint served", True),
    (2, 5502, "Trial date set", False),
    (3, 5503, "Motion for summary judgment filed", True),
)
SERVICE_TYPES = ((1, 301, "Personal service", True), (2, 302, "Service by mail", False))
_SET_UP = "2023-01-01T00:00:00Z"


def _reference(kind: str, ref_id: int, **fields: Any) -> dict[str, Any]:
    return {"id": ref_id, "etag": record_etag(kind, ref_id, _SET_UP), **fields}


class MatterDetailsBuilder(FirmBuilderBase):
    """Damages, medical records details, matter dockets and log entries."""

    def _matters_of(self, *categories: str) -> list[int]:
        """The indexes of matters of those practice areas (every matter when none is)."""
        areas = self.practice_area_refs
        found = [
            index
            for index in range(len(self.matter_refs))
            if areas[(index + 1) % len(areas)]["category"] in categories
        ]
        return found or list(range(len(self.matter_refs)))

    def damages(self) -> None:
        rng = self.rng
        matters = self._matters_of("personal_injury", "civil_litigation")
        for index in range(1, self.counts.damages + 1):
            matter_index = matters[(index - 1) % len(matters)]
            damage_type, description = DAMAGES[(index - 1) % len(DAMAGES)]
            self.sink.record(
                "damages",
                {
                    **self.stamp("damages", index, self.matter_open[matter_index]),
                    "amount": money(rng.choice((1850.0, 4200.0, 12500.0, 27000.0, 75000.0))),
                    "damage_type": damage_type,
                    "description": description,
                    "matter": self.matter_refs[matter_index],
                },
            )

    def medical_records_details(self) -> None:
        """Records and bills requested from the client's treating providers."""
        rng = self.rng
        matters = self._matters_of("personal_injury")
        companies = [c for c in self.contact_refs if c["type"] == "Company"] or self.contact_refs
        bill_id = record_id = 0
        statuses = ("requested", "received", "received", "incomplete", "certified")
        for index in range(1, self.counts.medical_records_details + 1):
            matter_index = matters[(index - 1) % len(matters)]
            stamp = self.stamp("medical_records_details", index, self.matter_open[matter_index])
            created = datetime.fromisoformat(stamp["created_at"].removesuffix("Z"))
            start = created - timedelta(days=rng.randrange(30, 200))
            end = start + timedelta(days=rng.randrange(20, 120))
            in_treatment = end > LAST_MOMENT
            bills = []
            for number in range(rng.randrange(1, 4)):
                bill_id += 1
                bills.append(
                    {
                        "id": bill_id,
                        "etag": record_etag("medical_bills", bill_id, stamp["updated_at"]),
                        "name": f"{PROVIDERS[number % len(PROVIDERS)]} – statement {number + 1}",
                        "amount": money(rng.choice((380.0, 1240.5, 2875.0, 9600.0))),
                        "adjustment": 0.0,
                        "bill_date": (start + timedelta(days=14 * number)).date().isoformat(),
                        "bill_received_date": (created + timedelta(days=10)).date().isoformat(),
                        "damage_type": "special",
                        "document_id": None,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                )
            record_id += 1
            records = [
                {
                    "id": record_id,
                    "etag": record_etag("medical_records", record_id, stamp["updated_at"]),
                    "document_id": None,
                    "start_date": instant(start),
                    "end_date": instant(min(end, LAST_MOMENT)),
                    "created_at": stamp["created_at"],
                    "updated_at": stamp["updated_at"],
                }
            ]
            self.sink.record(
                "medical_records_details",
                {
                    **stamp,
                    "description": f"Treatment at {rng.choice(PROVIDERS)}",
                    "in_treatment": in_treatment,
                    "treatment_start_date": instant(start),
                    "treatment_end_date": None if in_treatment else instant(end),
                    "records_request_date": stamp["created_at"],
                    "records_follow_up_date": instant(created + timedelta(days=21)),
                    "records_status": rng.choice(statuses),
                    "bills_request_date": stamp["created_at"],
                    "bills_follow_up_date": instant(created + timedelta(days=21)),
                    "bills_status": rng.choice(statuses),
                    "matter": self.matter_refs[matter_index],
                    "medical_provider": companies[index % len(companies)],
                    "medical_bills": bills,
                    "medical_records": records,
                },
            )

    def matter_dockets(self) -> None:
        """Court-rule dockets of litigation matters: the deadlines the rules computed from a
        triggering event are the matter's calendar entries."""
        matters = self._matters_of("civil_litigation", "personal_injury", "employment_and_labor")
        for index in range(1, self.counts.matter_dockets + 1):
            matter_index = matters[(index - 1) % len(matters)]
            jurisdiction_id, system_id, place = JURISDICTIONS[index % len(JURISDICTIONS)]
            trigger_id, trigger_system, event, served = TRIGGERS[index % len(TRIGGERS)]
            service_id, service_system, service, default = SERVICE_TYPES[index % 2]
            stamp = self.stamp("court_rules/matter_dockets", index, self.matter_open[matter_index])
            entries = self.calendar_refs_by_matter.get(matter_index, [])[:3]
            self.sink.record(
                "court_rules/matter_dockets",
                {
                    **stamp,
                    "name": f"{event} – {self.matter_refs[matter_index]['display_number']}",
                    "start_date": stamp["created_at"][:10],
                    "start_time": None,
                    "status": "completed",
                    "deleted_at": None,
                    "matter": self.matter_refs[matter_index],
                    "jurisdiction": _reference(
                        "jurisdictions",
                        jurisdiction_id,
                        system_id=system_id,
                        description=place,
                        default=jurisdiction_id == 1,
                        display_timezone="America/Los_Angeles",
                    ),
                    "trigger": _reference(
                        "triggers",
                        trigger_id,
                        system_id=trigger_system,
                        description=event,
                        is_served=served,
                    ),
                    "service_type": _reference(
                        "service_types",
                        service_id,
                        system_id=service_system,
                        description=service,
                        default=default,
                    ),
                    "calendar_entries": [project(entry, CALENDAR_ENTRY_REF) for entry in entries],
                },
            )

    def log_entries(self) -> None:
        """Who opened which matter or contact, and when (two matters for every contact)."""
        rng = self.rng
        for index in range(1, self.counts.log_entries + 1):
            user_id = rng.choice(TIMEKEEPERS)
            if index % 3:
                matter_index = rng.randrange(len(self.matter_refs))
                matter = self.matter_refs[matter_index]
                accessed = self.moment(self.matter_open[matter_index])
                item = {
                    "id": matter["id"],
                    "type": "Matter",
                    "identifier": matter["display_number"],
                    "secondary_identifier": matter["description"],
                    "tertiary_identifier": None,
                }
            else:
                contact = rng.choice(self.contact_refs)
                accessed = self.moment()
                item = {
                    "id": contact["id"],
                    "type": "Contact",
                    "identifier": contact["name"],
                    "secondary_identifier": None,
                    "tertiary_identifier": None,
                }
            at = instant(accessed)
            self.sink.record(
                "log_entries",
                {
                    "id": index,
                    "etag": record_etag("log_entries", index, at),
                    "type": f"{item['type']}LogEntry",
                    "accessed_at": at,
                    "created_at": at,
                    "updated_at": at,
                    "item": item,
                    "user": self.user_refs[user_id],
                },
            )
