"""Generating the diary: calendar entries, tasks and the reminders about them."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    instant,
    record_etag,
)
from server.practice.generator.vocabulary import (
    ATTORNEYS,
    EVENT_NAMES,
    TASK_NAMES,
    TIMEKEEPERS,
)


class CalendarBuilder(FirmBuilderBase):
    """Calendar entries, tasks and reminders."""

    def calendar_entries(self) -> None:
        rng = self.rng
        calendars = {
            uid: {
                "id": 100 + uid,
                "etag": record_etag("calendars", 100 + uid, "2023-01-01T00:00:00Z"),
                "name": self.user_refs[uid]["name"],
                "type": "UserCalendar",
                "color": "#367B9C",
                "permission": "owner",
                "visible": True,
            }
            for uid in self.user_refs
        }
        self.firm_lists["calendars"] = [
            {
                **calendar,
                "light_color": "#5DA5C7",  # the published pair of the colour
                "source": "web",
                "court_rules_default_calendar": uid in ATTORNEYS,
                "creator": self.user_refs[uid],
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for uid, calendar in calendars.items()
        ]
        for index in range(1, self.counts.calendar_entries + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            start = self.moment(self.matter_open[matter_index]).replace(minute=0, second=0)
            all_day = rng.random() < 0.15
            end = start + timedelta(hours=rng.choice((1, 1, 2, 3)))
            owner = rng.choice(ATTORNEYS)
            client_index = self.matter_client[matter_index]
            client = self.contact_participants[client_index]
            matter = self.matter_refs[matter_index]
            stamp = self.stamp("calendar_entries", index)
            body = {
                **stamp,
                "id": str(index),  # Clio gives calendar entries string ids
                "summary": f"{rng.choice(EVENT_NAMES)} – {matter['display_number']}",
                "description": rng.choice((None, "Bring the file.", "Room 3B, second floor.")),
                "location": rng.choice(
                    (None, "Office", "Multnomah County Courthouse", "Video call")
                ),
                "start_at": instant(start.replace(hour=0) if all_day else start),
                "end_at": instant((start.replace(hour=0) + timedelta(days=1)) if all_day else end),
                "all_day": all_day,
                "recurrence_rule": None if rng.random() < 0.9 else "FREQ=WEEKLY;COUNT=4",
                "court_rule": False,
                "permission": "owner",
                "calendar_owner_id": 100 + owner,
                "start_at_time_zone": "America/Los_Angeles",
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "calendar_owner": calendars[owner],
                "attendees": [
                    {
                        "id": client["id"],
                        "etag": client["etag"],
                        "type": "Contact",
                        "name": client["name"],
                        "email": client["identifier"],
                        "enabled": True,
                    }
                ],
            }
            self.sink.record("calendar_entries", body)
            self.calendar_refs_by_matter.setdefault(matter_index, []).append(body)
            self.remindable.append(("CalendarEntry", index, body["summary"], start, owner))

    def tasks(self) -> None:
        rng = self.rng
        task_types = [
            {
                "id": i,
                "etag": record_etag("task_types", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(("Deadline", "Follow-up", "Filing"), 1)
        ]
        self.firm_lists["task_types"] = [{**t, "deleted_at": None} for t in task_types]
        for index in range(1, self.counts.tasks + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            stamp = self.stamp("tasks", index, not_before=self.matter_open[matter_index])
            status = rng.choice(("pending", "pending", "in_progress", "complete"))
            created = datetime.fromisoformat(stamp["created_at"].removesuffix("Z"))
            due = created + timedelta(days=rng.randrange(1, 60))
            body = {
                **stamp,
                "name": rng.choice(TASK_NAMES),
                "description": rng.choice((None, "See the notes on the matter.", "Urgent.")),
                "description_text_type": "plain_text",
                "status": status,
                "priority": rng.choice(("High", "Normal", "Normal", "Low")),
                "due_at": due.date().isoformat(),
                "completed_at": stamp["updated_at"] if status == "complete" else None,
                "permission": "public",
                "notify_completion": False,
                "statute_of_limitations": rng.random() < 0.05,
                "time_estimated": rng.choice((None, 1800, 3600)),
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "assigner": self.user_refs[rng.choice(ATTORNEYS)],
                "assignee": self.participants[rng.choice(TIMEKEEPERS)],
                "task_type": rng.choice(task_types),
            }
            self.sink.record("tasks", body)
            self.remindable.append(
                ("Task", index, body["name"], due.replace(hour=9, minute=0, second=0),
                 body["assignee"]["id"])
            )  # fmt: skip

    def reminders(self) -> None:
        """Reminders of calendar entries and tasks, by email to the user concerned: delivered
        when their moment has passed, scheduled otherwise. Each user has one notification
        method, numbered like the user."""
        rng = self.rng
        count = self.counts.reminders if self.remindable else 0
        for index in range(1, count + 1):
            kind, subject_id, name, moment, user_id = self.remindable[
                rng.randrange(len(self.remindable))
            ]
            minutes = rng.choice((15, 30, 60, 1440))
            delivery = moment - timedelta(minutes=minutes)
            user = self.user_refs[user_id]
            set_up = min(delivery, LAST_MOMENT) - timedelta(days=7)
            body = {
                **self.stamp("reminders", index, not_before=set_up),
                "duration": minutes,
                "next_delivery_at": instant(delivery),
                "state": "delivered" if delivery <= LAST_MOMENT else "scheduled",
                "notification_method": {
                    "id": user_id,
                    "etag": record_etag("notification_methods", user_id, "2023-01-01T00:00:00Z"),
                    "type": "Email",
                    "email_address": user["email"],
                    "is_default_email_address": True,
                    "created_at": "2023-01-01T00:00:00Z",
                    "updated_at": "2023-01-01T00:00:00Z",
                },
                "subject": {
                    "id": subject_id,
                    "type": kind,
                    "identifier": name,
                    "secondary_identifier": instant(moment),
                    "tertiary_identifier": None,
                },
            }
            self.sink.record("reminders", body)
