"""The backend starts on a free loopback port and says where it listens."""

import requests

from tests.support.backend import RunningBackend


def test_listens_on_loopback_and_answers_in_error_shape(demo_backend: RunningBackend) -> None:
    assert demo_backend.url.startswith("http://127.0.0.1:")
    assert demo_backend.files_url != demo_backend.url
    answer = requests.get(demo_backend.url + "/api/v4/no-such-kind.json", timeout=10)
    assert answer.status_code == 404
    assert set(answer.json()["error"]) >= {"type", "message"}
