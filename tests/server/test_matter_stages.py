"""The demo firm's matter stages over real HTTP: the ordered stages of every practice area,
with the published fields, paging and filter."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_every_practice_area_has_its_stages_in_order(api: DataApi) -> None:
    areas = {a["id"]: a for a in api.records("practice_areas.json", fields="id,category")}
    stages = api.records("matter_stages.json", fields="id,practice_area_id,name,order")
    by_area: dict[int, list[dict[str, object]]] = {}
    for stage in stages:
        assert isinstance(stage["practice_area_id"], str)  # published as text
        by_area.setdefault(int(stage["practice_area_id"]), []).append(stage)
    assert set(by_area) == set(areas)
    for area_id, own in by_area.items():
        assert [s["order"] for s in own] == list(range(1, len(own) + 1)), area_id
        assert own[0]["name"] == "Intake"
    litigation = next(i for i, a in areas.items() if a["category"] == "civil_litigation")
    assert [s["name"] for s in by_area[litigation]][-1] == "Trial"


def test_matter_stages_page_select_and_filter(api: DataApi) -> None:
    total = api.get("matter_stages.json", limit=1).json()["meta"]["records"]
    ids = [
        r["id"]
        for page in api.pages("matter_stages.json", limit=7, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, total + 1)) and total == 40
    one = api.get("matter_stages.json", limit=1, fields="id,name").json()["data"][0]
    assert set(one) == {"id", "name"}
    own = api.records("matter_stages.json", practice_area_id="3", fields="practice_area_id")
    assert len(own) == 4 and {r["practice_area_id"] for r in own} == {"3"}
    assert api.get("matter_stages.json", practice_area_id="three").status_code == 400
