"""Generating the firm's contacts and matters, with their custom field values and the
relationships between contacts and matters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    project,
    random_date,
    record_etag,
    slug,
)
from server.practice.generator.vocabulary import (
    ATTORNEYS,
    CITIES,
    COMPANIES,
    FIRST_NAMES,
    LAST_NAMES,
    MATTER_TEMPLATES,
    STREETS,
)
from server.practice.kinds import (
    CONTACT_REF,
    CUSTOM_FIELD_REF,
    MATTER_REF,
)


class ClientsBuilder(FirmBuilderBase):
    """Contacts, matters and relationships."""

    def _custom_values(
        self, parent: str, owner_id: int, stamp: dict[str, Any], value_for: dict[str, str]
    ) -> list[dict[str, Any]]:
        values = []
        for field in self.custom_field_refs:
            if field["parent_type"] != parent or field["name"] not in value_for:
                continue
            value_id = f"{field['id']}-{owner_id}"
            values.append(
                {
                    "id": value_id,
                    "etag": record_etag(
                        "custom_field_values", owner_id * 100 + field["id"], stamp["updated_at"]
                    ),
                    "field_name": field["name"],
                    "field_type": field["field_type"],
                    "field_required": field["_order"] == 3,
                    "field_displayed": True,
                    "field_display_order": field["_order"],
                    "value": value_for[field["name"]],
                    "soft_deleted": False,
                    "created_at": stamp["created_at"],
                    "updated_at": stamp["updated_at"],
                    "custom_field": {k: field[k] for k in CUSTOM_FIELD_REF},
                }
            )
        return values

    def contacts(self) -> None:
        rng = self.rng
        count = self.counts.contacts
        companies: list[dict[str, Any]] = []
        for index in range(1, count + 1):
            stamp = self.stamp("contacts", index)
            is_company = index % 4 == 0
            city, province, postal = rng.choice(CITIES)
            if is_company:
                base = COMPANIES[(index // 4 - 1) % len(COMPANIES)]
                name = base if index <= 4 * len(COMPANIES) else f"{base} ({index})"
                first = last = middle = prefix = title = None
                initials = "".join(w[0] for w in name.split()[:2] if w[0].isalpha())
                email = f"office{index}@{slug(base)}.example"
            else:
                first = rng.choice(FIRST_NAMES)
                last = rng.choice(LAST_NAMES)
                middle = rng.choice((None, None, "J.", "Marie", "A."))
                prefix = rng.choice((None, "Ms.", "Mr.", "Dr.", "Mx."))
                title = rng.choice((None, None, "Owner", "Director", "CFO"))
                name = f"{first} {last}"
                initials = first[0] + last[0]
                email = f"{slug(first)}.{slug(last)}{index}@mail.example"
            phone = f"+1 {rng.choice(('503', '206', '541', '360'))} 555 {rng.randrange(1000, 9999)}"
            address = {
                "id": index,
                "etag": record_etag("addresses", index, stamp["updated_at"]),
                "name": "Work" if is_company else "Home",
                "street": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)}",
                "city": city,
                "province": province,
                "postal_code": postal,
                "country": "United States",
                "primary": True,
                "created_at": stamp["created_at"],
                "updated_at": stamp["updated_at"],
            }
            company = None
            if not is_company and companies and rng.random() < 0.25:
                company = rng.choice(companies)
            is_client = index % 3 != 2
            custom = {"Referral source": rng.choice(("Website", "Referral", "Bar association"))}
            if rng.random() < 0.5:
                custom["Date of first contact"] = stamp["created_at"][:10]
            body = {
                **stamp,
                "name": name,
                "type": "Company" if is_company else "Person",
                "prefix": prefix,
                "first_name": first,
                "middle_name": middle,
                "last_name": last,
                "title": title,
                "initials": initials,
                "date_of_birth": None if is_company else random_date(rng, 1940, 2004),
                "primary_email_address": email,
                "primary_phone_number": phone,
                "is_client": is_client,
                "is_co_counsel": False,
                "is_bill_recipient": is_client,
                "ledes_client_id": None,
                "sales_tax_number": None,
                "company": company,
                "primary_address": address,
                "addresses": [address],
                "email_addresses": [
                    {
                        "id": index,
                        "etag": record_etag("email_addresses", index, stamp["updated_at"]),
                        "name": "Work" if is_company else "Home",
                        "address": email,
                        "primary": True,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                ],
                "phone_numbers": [
                    {
                        "id": index,
                        "etag": record_etag("phone_numbers", index, stamp["updated_at"]),
                        "name": "Work" if is_company else "Personal",
                        "number": phone,
                        "primary": True,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                ],
                "custom_field_values": self._custom_values("Contact", index, stamp, custom),
            }
            self.sink.record("contacts", body)
            ref = project(body, CONTACT_REF)
            self.contact_refs.append(ref)
            self.contact_participants.append(
                {
                    "id": index,
                    "etag": body["etag"],
                    "type": body["type"],
                    "identifier": email,
                    "name": name,
                    "initials": initials,
                    "enabled": None,
                }
            )
            if is_company:
                companies.append(ref)
            if is_client:
                self.client_ids.append(index - 1)

    def matters(self) -> None:
        rng = self.rng
        count = self.counts.matters
        for index in range(1, count + 1):
            client_index = self.client_ids[(index * 7) % len(self.client_ids)]
            client = self.contact_refs[client_index]
            area = self.practice_area_refs[index % len(self.practice_area_refs)]
            opened = self.moment()
            opened = min(opened, LAST_MOMENT - timedelta(days=20))
            stamp = self.stamp("matters", index, not_before=opened)
            roll = rng.random()
            status = "Closed" if roll < 0.25 else ("Pending" if roll < 0.33 else "Open")
            closed = None
            if status == "Closed":
                closed = min(opened + timedelta(days=rng.randrange(30, 500)), LAST_MOMENT)
            template = rng.choice(MATTER_TEMPLATES[area["category"]])
            last = client["last_name"] or client["name"].split()[0]
            description = template.format(
                last=last,
                first=client["first_name"] or "",
                company=rng.choice(COMPANIES),
                n=rng.randrange(1, 9999),
                street=rng.choice(STREETS),
            )
            display = f"{index:05d}-{slug(last).capitalize()}"
            responsible = self.user_refs[ATTORNEYS[index % len(ATTORNEYS)]]
            originating = self.user_refs[rng.choice(ATTORNEYS)]
            custom = {
                "Conflict check completed": "true",
                "Retainer amount": f"{rng.choice((1500, 2500, 5000, 10000))}.00",
            }
            if area["category"] == "civil_litigation":
                custom["Court file number"] = f"{opened.year}-CV-{rng.randrange(1000, 99999)}"
                custom["Opposing counsel"] = f"{rng.choice(LAST_NAMES)} & Partners"
            body = {
                **stamp,
                "number": index,
                "display_number": display,
                "custom_number": None,
                "description": description,
                "status": status,
                "location": rng.choice(CITIES)[0],
                "client_reference": rng.choice((None, f"REF-{rng.randrange(100, 999)}")),
                "client_id": client["id"],
                "billable": True,
                "maildrop_address": f"{display.lower()}@maildrop.harborfinch.example",
                "billing_method": rng.choice(("hourly", "hourly", "hourly", "flat", "contingency")),
                "open_date": opened.date().isoformat(),
                "close_date": closed.date().isoformat() if closed else None,
                "pending_date": opened.date().isoformat() if status == "Pending" else None,
                "shared": False,
                "has_tasks": True,
                "last_activity_date": (closed or LAST_MOMENT).date().isoformat(),
                "client": client,
                "practice_area": area,
                "responsible_attorney": responsible,
                "originating_attorney": originating,
                "folder": None,  # filled in once folders exist
                "custom_field_values": self._custom_values("Matter", index, stamp, custom),
            }
            self.matter_refs.append(project(body, MATTER_REF))
            self.matter_client.append(client_index)
            self.matter_open.append(opened)
            self.pending_matters.append(body)

    def relationships(self) -> None:
        """Other people and companies in a matter: the opposing party, a witness, an expert;
        never the matter's own client."""
        rng = self.rng
        roles = (
            "Opposing party", "Opposing counsel", "Witness", "Expert witness", "Spouse",
            "Insurance adjuster", "Guarantor", "Referring lawyer",
        )  # fmt: skip
        for index in range(1, self.counts.relationships + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            contact_index = rng.randrange(len(self.contact_refs))
            if contact_index == self.matter_client[matter_index]:
                contact_index = (contact_index + 1) % len(self.contact_refs)
            stamp = self.stamp("relationships", index, not_before=self.matter_open[matter_index])
            body = {
                **stamp,
                "description": rng.choice(roles),
                "matter": self.matter_refs[matter_index],
                "contact": self.contact_refs[contact_index],
            }
            self.sink.record("relationships", body)
