"""The demo firm's reminders over real HTTP: each about a calendar entry or task of the firm,
by email to a user of the firm, delivered once its moment has passed; with the published fields,
paging, filters and orders."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_reminders_are_about_the_firms_entries_and_tasks(api: DataApi) -> None:
    entries = {int(e["id"]) for e in api.records("calendar_entries.json", fields="id")}
    tasks = {t["id"] for t in api.records("tasks.json", fields="id")}
    emails = {u["email"] for u in api.records("users.json", fields="email")}
    reminders = api.records(
        "reminders.json",
        fields="id,duration,next_delivery_at,state,subject{id,type},"
        "notification_method{email_address}",
    )
    assert len(reminders) == 50
    for reminder in reminders:
        subject = reminder["subject"]
        assert subject["id"] in (entries if subject["type"] == "CalendarEntry" else tasks)
        assert reminder["notification_method"]["email_address"] in emails
        assert reminder["duration"] > 0
        assert reminder["state"] in ("delivered", "scheduled")
    assert {r["subject"]["type"] for r in reminders} == {"CalendarEntry", "Task"}


def test_reminders_page_select_filter_and_order(api: DataApi) -> None:
    ids = [
        r["id"]
        for page in api.pages("reminders.json", limit=11, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, 51))
    tasks = api.records("reminders.json", subject_type="task", fields="id,subject{type}")
    assert tasks and {r["subject"]["type"] for r in tasks} == {"Task"}
    delivered = api.records("reminders.json", state="delivered", fields="state")
    assert delivered and {r["state"] for r in delivered} == {"delivered"}
    times = [
        r["next_delivery_at"]
        for r in api.records(
            "reminders.json", order="next_delivery_at(desc)", fields="next_delivery_at"
        )
    ]
    assert times == sorted(times, reverse=True)
    assert api.get("reminders.json", subject_type="matter").status_code == 400
