"""How well the HTTP session's `RateLimiter` uses a server's rate limit.

The client's limiter is driven against the reference backend's own limiter (a fixed window per
token, `server.ratelimit`, at Clio's limit of 50 requests per 60 s) in a deterministic
simulation on one fake clock: workers that each send one request after another, answers that
take a random round trip, no real sleeping. A window's budget that is not spent before it ends
is lost for good, so what a user sees (how long a large export takes under the limit) follows
from how fully each window is used. The server tells the window's end as Clio documents it (a
Unix timestamp in whole seconds), or, like some servers, in seconds from now.
"""

from __future__ import annotations

import heapq
import logging
import math
import random
from dataclasses import dataclass, field

import pytest

from app.net.http import HttpSession, RateLimiter
from server.ratelimit import Decision
from server.ratelimit import RateLimiter as ServerLimiter
from tests.support.faulty_server import FaultyServer, RateLimited
from tests.support.parallel import in_threads

LIMIT, WINDOW = 50, 60.0
EPOCH = 1_790_000_000.0  # the fake clock's 0 in Unix time


@dataclass
class Outcome:
    seconds: float  # first request sent to last answer received
    answered: int  # requests the server accepted
    refused: int  # 429 answers
    per_window: list[int] = field(default_factory=list)  # accepted requests in each window
    limit: int = LIMIT
    window: float = WINDOW

    @property
    def share_of_limit(self) -> float:
        return self.answered / self.seconds / (self.limit / self.window)


def simulate(
    *,
    requests: int,
    workers: int,
    round_trip: tuple[float, float],
    seed: int = 1,
    other_client_every: float | None = None,
    reset_form: str = "timestamp",
    limit: int = LIMIT,
    window: float = WINDOW,
) -> Outcome:
    """``workers`` threads share one client limiter and send ``requests`` in all; each answer
    takes a round trip drawn from ``round_trip`` (half of it to reach the server). With
    ``other_client_every``, another program using the same token spends one request of the
    budget that often (the client only learns of it from the headers). ``reset_form`` is how
    the server tells the window's end: "timestamp" (documented) or "seconds"."""
    rng = random.Random(seed)
    clock = [0.0]
    client = RateLimiter(clock=lambda: clock[0], wall=lambda: EPOCH + clock[0])
    server = ServerLimiter(limit, window, clock=lambda: clock[0], wall=lambda: EPOCH + clock[0])
    events: list[tuple[float, int, tuple[object, ...]]] = []
    order = 0

    def at(when: float, *what: object) -> None:
        nonlocal order
        order += 1
        heapq.heappush(events, (when, order, what))

    generation = [0] * workers  # a worker's newer wake-up makes its older ones void
    waiting: set[int] = set()
    to_send = requests
    refused = 0
    windows: dict[float, int] = {}
    first_sent: float | None = None
    last_answer = 0.0
    for worker in range(workers):
        at(0.0, "ready", worker, 0)
    if other_client_every is not None:
        at(other_client_every, "other")

    while events:
        now, _, what = heapq.heappop(events)
        clock[0] = now
        if what[0] == "other":
            if to_send > 0:
                server.hit("token")
                at(now + other_client_every, "other")  # type: ignore[operator]
        elif what[0] == "ready":
            worker, wanted = what[1], what[2]
            if wanted != generation[worker] or to_send <= 0:
                continue
            with client._cond:
                seq, wait = client._try_acquire()
            if seq is None:
                # acquire() sleeps at most 0.25 s at a time and wakes on every answer
                waiting.add(worker)
                at(now + min(wait, 0.25), "ready", worker, wanted)
                continue
            waiting.discard(worker)
            to_send -= 1
            first_sent = now if first_sent is None else first_sent
            half = rng.uniform(*round_trip) / 2
            at(now + half, "arrive", worker, seq, half)
        elif what[0] == "arrive":
            worker, seq, half = what[1], what[2], what[3]
            decision = server.hit("token")
            if decision.allowed:
                start = server._windows["token"][0]
                windows[start] = windows.get(start, 0) + 1
            at(now + half, "answer", worker, seq, decision)  # type: ignore[operator]
        else:
            worker, seq, decision = what[1], what[2], what[3]
            assert isinstance(decision, Decision) and isinstance(seq, int)
            client.release(
                seq,
                {
                    "X-RateLimit-Remaining": str(decision.remaining),
                    "X-RateLimit-Reset": str(
                        decision.reset_at if reset_form == "timestamp" else decision.reset_seconds
                    ),
                },
            )
            last_answer = now
            generation[worker] += 1
            if decision.allowed:
                at(now, "ready", worker, generation[worker])
            else:  # what HttpSession does with a 429: everyone waits, this one tries again
                refused += 1
                to_send += 1
                client.blocked(float(decision.reset_seconds))
                at(now + decision.reset_seconds, "ready", worker, generation[worker])
            for other in waiting:  # release() notifies every waiting thread
                generation[other] += 1
                at(now, "ready", other, generation[other])
            waiting.clear()

    assert first_sent is not None
    per_window = [windows[start] for start in sorted(windows)]
    return Outcome(last_answer - first_sent, sum(per_window), refused, per_window, limit, window)


@pytest.mark.parametrize(
    ("workers", "round_trip", "window_use", "share"),
    [
        # a quick service: 4 kinds, each with a page fetched ahead
        (8, (0.02, 0.1), 0.98, 0.97),
        # a busy one: answers take 0.25 s on average, half as many in flight
        (4, (0.1, 0.4), 0.96, 0.95),
        # slower still
        (8, (0.2, 0.8), 0.93, 0.93),
    ],
)
@pytest.mark.parametrize("reset_form", ["timestamp", "seconds"])
def test_a_long_export_uses_nearly_all_of_a_fixed_window_limit(
    workers: int,
    round_trip: tuple[float, float],
    window_use: float,
    share: float,
    reset_form: str,
) -> None:
    """About the export benchmark's 300 requests: six windows at Clio's limit."""
    outcome = simulate(requests=300, workers=workers, round_trip=round_trip, reset_form=reset_form)
    assert outcome.refused == 0
    assert outcome.answered == 300
    # every full window spends (nearly) its whole budget: little is left over at its end
    assert min(outcome.per_window[:-1]) >= window_use * LIMIT, outcome.per_window
    assert outcome.share_of_limit >= share, outcome.share_of_limit


def test_a_new_window_does_not_start_with_a_round_trip_of_silence() -> None:
    """After a window ends, the probe's answer is awaited by only a few requests more."""
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0])
    seq = limiter.acquire()
    clock[0] = 0.05
    limiter.release(seq, {"X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "10"})
    clock[0] = 10.1  # the window is over; the probe goes, its answer not back yet
    probe = limiter.acquire()
    started = [probe]
    while True:
        clock[0] += 0.11  # a little over the last window's pace (99 requests in 10 s)
        with limiter._cond:
            seq_or_none, _ = limiter._try_acquire()
        if seq_or_none is None:
            break
        started.append(seq_or_none)
    # one pace apart, and at most 5 % of the last window's budget before the answer
    assert 2 <= len(started) - 1 <= 5
    clock[0] += 0.1
    limiter.release(probe, {"X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "10"})
    # the answer sets the new budget, counting the requests that went while it was awaited
    assert limiter._budget == 99 - (len(started) - 1)


def test_another_program_on_the_same_token_costs_at_most_a_429_a_minute() -> None:
    # The desktop app may refresh a page while its export child runs: 10 % of the budget.
    outcome = simulate(requests=300, workers=8, round_trip=(0.05, 0.3), other_client_every=12.0)
    assert outcome.answered == 300
    assert outcome.refused <= outcome.seconds / 60
    # what the other program leaves (0.9 of the limit) is still nearly all used
    assert outcome.share_of_limit >= 0.85


def test_after_a_429_only_the_probe_goes_until_its_answer() -> None:
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0])
    seq = limiter.acquire()
    clock[0] = 0.05
    limiter.release(seq, {"X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "10"})
    clock[0] = 1.0
    refused = limiter.acquire()
    limiter.release(refused, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3"})
    limiter.blocked(3.0)  # another program spent the budget: 429, Retry-After 3
    clock[0] = 4.1
    probe = limiter.acquire()
    clock[0] = 4.5  # well past the last window's pace: still nobody else may go
    with limiter._cond:
        assert limiter._try_acquire()[0] is None
    limiter.release(probe, {"X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "10"})
    with limiter._cond:
        assert limiter._try_acquire()[0] is not None  # the answer came: requests go again


def _drained(limiter: RateLimiter, clock: list[float]) -> float:
    """Spend the budget as fast as pacing allows; the wait before the next request after."""
    for _ in range(200):
        with limiter._cond:
            seq, wait = limiter._try_acquire()
        if seq is None and limiter._budget <= 0:
            return wait
        clock[0] += wait
    raise AssertionError("the budget never ran out")


@pytest.mark.parametrize(
    ("reset", "date_offset", "window_end"),
    [
        # documented: the Unix timestamp of the window's end, 60 s from now
        (EPOCH + 60, None, 60.0),
        # the same from a server whose clock is 10 minutes ahead (its Date header says so)
        (EPOCH + 600 + 60, 600.0, 60.0),
        # seconds from now, as some servers send it
        (60, None, 60.0),
    ],
    ids=["timestamp", "timestamp-skewed-clock", "seconds"],
)
def test_the_budget_is_spread_over_the_window_the_reset_names(
    reset: float, date_offset: float | None, window_end: float
) -> None:
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0], wall=lambda: EPOCH + clock[0])
    headers = {"X-RateLimit-Remaining": "49", "X-RateLimit-Reset": f"{reset:.0f}"}
    if date_offset is not None:
        from email.utils import formatdate

        headers["Date"] = formatdate(EPOCH + date_offset, usegmt=True)
    limiter.release(limiter.acquire(), headers)
    first_gap = limiter._next_slot - clock[0]
    assert 60 / 51 <= first_gap <= 61 / 49  # paced: 49 requests over what is left of 60 s
    wait = _drained(limiter, clock)
    # the last request goes before the window's end, and the next one waits for that end
    assert clock[0] + wait == pytest.approx(window_end, abs=0.01)


@pytest.mark.parametrize(
    "reset",
    [
        f"{EPOCH + 10 * 365 * 86400:.0f}",  # a timestamp ten years ahead
        f"{EPOCH - 30 * 86400:.0f}",  # a month ago
        "1700000",  # a very large number of seconds
        "-5",
    ],
)
def test_a_reset_that_cannot_be_the_window_end_never_stalls_for_minutes(reset: str) -> None:
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0], wall=lambda: EPOCH + clock[0])
    limiter.release(limiter.acquire(), {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    with limiter._cond:
        seq, wait = limiter._try_acquire()
    assert seq is not None or wait <= 65.0  # at worst the length of Clio's window


def test_a_reset_in_seconds_is_read_as_such_with_one_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = [0.0]
    limiter = RateLimiter(
        clock=lambda: clock[0], wall=lambda: EPOCH + clock[0], name="https://example.test"
    )

    def take() -> int:
        with limiter._cond:
            seq, wait = limiter._try_acquire()
        if seq is None:
            clock[0] += wait
            return take()
        return seq

    with caplog.at_level(logging.INFO, logger="app.net.ratelimit"):
        for remaining in (9, 8, 7):
            seconds = {"X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": "10"}
            limiter.release(take(), seconds)
        documented = {"X-RateLimit-Remaining": "6", "X-RateLimit-Reset": f"{EPOCH + 10:.0f}"}
        limiter.release(take(), documented)
    told = [r.getMessage() for r in caplog.records if "X-RateLimit-Reset" in r.getMessage()]
    assert len(told) == 1, told
    assert "seconds" in told[0] and "example.test" in told[0]
    assert limiter._reset_at == pytest.approx(10.0, abs=0.01)  # 10 s after the first answer


@pytest.mark.slow
@pytest.mark.parametrize("reset_form", ["timestamp", "seconds"])
def test_an_export_against_either_reset_form_goes_at_the_limit_without_429(
    faulty_server: FaultyServer, reset_form: str
) -> None:
    """The issue's stall: a server telling the documented Unix timestamp was read as seconds
    from now, and after the first window's budget nothing went for decades."""
    # A 2-second window: whole-second Resets name its end up to half a window late (Clio's
    # is 60 s), the hardest case for learning how long the server's windows last.
    limit = RateLimited(limit=10, window=2.0, reset_form=reset_form)
    url = faulty_server.route("/api/v4/matters.json", limit)
    http = HttpSession(faulty_server.url)
    http.set_token("t")
    elapsed, errors = in_threads(lambda: http.get_json(url), threads=4, each=10)
    http.close()
    assert not errors
    assert limit.served == 40 and limit.rejected == 0
    # 40 requests at 10 per 2 s: four windows, the first starting at once; whole seconds in
    # the timestamp form make each window up to a second longer
    assert elapsed < 12.0, elapsed


def test_an_answer_from_the_next_window_is_seen_though_the_reset_was_rounded_up() -> None:
    """A Reset in whole seconds names a window's end up to a second late: an answer from the
    server's next window may come before it. Its budget is spread over the new window, not
    spent in the moments left of the old one (which ran into 429s in the next)."""
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0], wall=lambda: EPOCH + clock[0])

    def take() -> int:
        with limiter._cond:
            seq, wait = limiter._try_acquire()
        if seq is None:
            clock[0] += wait
            return take()
        return seq

    # the server's window runs from 0.3 s to 4.3 s; Reset says 5 (rounded up)
    limiter.release(
        take(), {"X-RateLimit-Remaining": "19", "X-RateLimit-Reset": f"{EPOCH + 5:.0f}"}
    )
    clock[0] = 4.4
    seq = take()
    limiter.release(seq, {"X-RateLimit-Remaining": "19", "X-RateLimit-Reset": f"{EPOCH + 9:.0f}"})
    # the new window runs 4 s from at most 4.4 s: it ends by 8.4 s, which Reset rounds to 9
    assert 8.4 <= limiter._reset_at <= 9.0
    gaps = []
    for _ in range(19):
        before = clock[0]
        take()
        gaps.append(clock[0] - before)
    assert clock[0] <= 9.0
    assert min(gaps[1:]) >= (8.4 - 4.4) / 21  # paced over the new window


def test_whole_second_resets_do_not_cost_a_tenth_of_a_short_window() -> None:
    """At 100 requests per 10 s a Reset rounded up to the second is up to 10 % late; once a
    window is over the limiter knows how long they last and paces to their true end."""
    outcome = simulate(requests=630, workers=8, round_trip=(0.02, 0.1), limit=100, window=10.0)
    assert outcome.refused == 0
    assert min(outcome.per_window[2:-1]) >= 0.97 * 100, outcome.per_window
    assert outcome.share_of_limit >= 0.95, outcome.share_of_limit


@pytest.mark.parametrize("late", [i / 20 for i in range(1, 20)])
def test_a_two_second_window_whose_reset_is_rounded_up_by_up_to_half_of_it_draws_no_429(
    late: float,
) -> None:
    """One worker against a fixed window of 10 requests per 2 s whose Reset, in whole
    seconds, names the end `late` seconds after it. Once the limiter has learnt how long the
    windows are, the next window's end is known closely while the current one's is still
    late: an answer from the next window must still be seen as one, or its budget is spent by
    the current window's end and the probe after it meets a 429."""
    limit, window, half_trip = 10, 2.0, 0.001
    clock = [0.0]

    def wall() -> float:
        return EPOCH + (1.0 - late) + clock[0]  # windows end at 1 - late past a whole second

    limiter = RateLimiter(clock=lambda: clock[0], wall=wall)
    counts: dict[int, int] = {}
    refused = answered = 0
    while answered < 40:
        with limiter._cond:
            seq, wait = limiter._try_acquire()
        if seq is None:
            clock[0] += min(wait, 0.25)
            continue
        clock[0] += half_trip
        index = math.floor(clock[0] / window)
        counts[index] = counts.get(index, 0) + 1
        remaining = limit - counts[index]
        reset = math.ceil(wall() + (index + 1) * window - clock[0])
        clock[0] += half_trip
        limiter.release(
            seq, {"X-RateLimit-Remaining": str(max(remaining, 0)), "X-RateLimit-Reset": str(reset)}
        )
        if remaining < 0:
            refused += 1
            limiter.blocked((index + 1) * window - clock[0])
        else:
            answered += 1
    assert refused == 0
