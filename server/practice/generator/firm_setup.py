"""Generating the firm's own set-up: its users, practice areas, custom fields, matter stages
and the lists (categories, task types, calendars) other records refer to."""

from __future__ import annotations

from typing import Any

from server.firm import SEED_USERS, SeedUser
from server.practice.generator.builder import (
    FirmBuilderBase,
    project,
    record_etag,
)
from server.practice.generator.vocabulary import (
    ATTORNEYS,
    PRACTICE_AREAS,
    USER_RATES,
)
from server.practice.kinds import (
    CREATOR,
    CUSTOM_FIELD_REF,
    PRACTICE_AREA_REF,
    USER_REF,
)


class FirmSetupBuilder(FirmBuilderBase):
    """The users, practice areas, custom fields, matter stages and the firm's lists."""

    def users(self) -> None:
        for user in SEED_USERS:
            body = self._user(user)
            self.sink.record("users", body)
            self.user_refs[user.id] = project(body, USER_REF)
            self.participants[user.id] = {
                "id": user.id,
                "etag": body["etag"],
                "type": "User",
                "identifier": user.email,
                "name": user.name,
                "initials": body["initials"],
                "enabled": True,
            }
            self.creators[user.id] = {**project(body, CREATOR), "type": "ManageUser"}

    def _user(self, user: SeedUser) -> dict[str, Any]:
        updated_at = "2026-01-05T16:20:00Z"
        attorney = user.id in ATTORNEYS
        roles = (
            ["Administrator"] if user.role.value in ("primary_subscriber", "administrator") else []
        )
        return {
            "id": user.id,
            "etag": record_etag("users", user.id, updated_at),
            "name": user.name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "initials": user.first_name[0] + user.last_name[0],
            "email": user.email,
            "phone_number": f"+1 503 555 01{10 + user.id}",
            "enabled": True,
            "account_owner": user.id == 1,
            "roles": roles,
            "subscription_type": "Attorney" if attorney else "NonAttorney",
            "rate": USER_RATES[user.id],
            "time_zone": "America/Los_Angeles",
            "default_calendar_id": 100 + user.id,
            "clio_connect": False,
            "court_rules_default_attendee": attorney,
            "created_at": f"2019-0{user.id}-14T17:00:00Z",
            "updated_at": updated_at,
        }

    def practice_areas(self) -> None:
        for index, (name, code, category) in enumerate(PRACTICE_AREAS, start=1):
            body = {
                **self.stamp("practice_areas", index),
                "name": name,
                "code": code,
                "category": category,
            }
            self.sink.record("practice_areas", body)
            self.practice_area_refs.append(project(body, PRACTICE_AREA_REF))

    def custom_fields(self) -> None:
        definitions = (
            ("Opposing counsel", "Matter", "text_line", ()),
            ("Court file number", "Matter", "text_line", ()),
            ("Conflict check completed", "Matter", "checkbox", ()),
            ("Retainer amount", "Matter", "currency", ()),
            ("Referral source", "Contact", "picklist", ("Website", "Referral", "Bar association")),
            ("Date of first contact", "Contact", "date", ()),
        )
        option_id = 1
        for index, (name, parent, field_type, options) in enumerate(definitions, start=1):
            stamp = self.stamp("custom_fields", index)
            picklist = []
            for option in options:
                picklist.append(
                    {
                        "id": option_id,
                        "etag": record_etag("picklist_options", option_id, stamp["updated_at"]),
                        "option": option,
                        "deleted_at": None,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                )
                option_id += 1
            body = {
                **stamp,
                "name": name,
                "parent_type": parent,
                "field_type": field_type,
                "displayed": True,
                "deleted": False,
                "required": index == 3,
                "display_order": index,
                "picklist_options": picklist,
            }
            self.sink.record("custom_fields", body)
            self.custom_field_refs.append(
                {**project(body, CUSTOM_FIELD_REF), "_options": options, "_order": index}
            )

    def matter_stages(self) -> None:
        """The stages a matter of each practice area goes through, in order."""
        stages = {
            "civil_litigation": ("Intake", "Pleadings", "Discovery", "Trial"),
            "personal_injury": ("Intake", "Medical records", "Negotiation", "Settlement"),
        }
        usual = ("Intake", "Work in progress", "Review", "Closing")
        index = 0
        for area in self.practice_area_refs:
            names = stages.get(area["category"], usual)
            for order, name in enumerate(names, start=1):
                index += 1
                self.sink.record(
                    "matter_stages",
                    {
                        **self.stamp("matter_stages", index),
                        "practice_area_id": str(area["id"]),
                        "name": name,
                        "order": order,
                    },
                )

    def firm_list_records(self) -> None:
        """The firm's own lists (document categories, task types, expense categories, activity
        descriptions, calendars) as records of their own, the same entries the records that
        use them carry."""
        for kind, entries in self.firm_lists.items():
            for entry in entries:
                self.sink.record(kind, entry)
