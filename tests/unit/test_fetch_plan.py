"""explorer.jobs.fetch.fetch_all plans its pages from page 0's total, or from the total the user's read showed
(`total_hint`): with a hint the first pages go together, and a wrong hint loses or repeats no record."""

import threading
import time

from explorer.jobs.fetch import Page, fetch_all

PAGE = 10


class FakeList:
    """`count` records with ids 1..count, paged by offset; records how many pages were in flight at once."""

    def __init__(self, count: int, delay: float = 0.02):
        self.count, self.delay = count, delay
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0
        self.offsets: list[int] = []
        self.in_flight_before_page_0_returned = 0

    def send(self, offset: int, limit: int) -> Page:
        with self.lock:
            self.offsets.append(offset)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.delay)
        with self.lock:
            if offset == 0:
                self.in_flight_before_page_0_returned = self.in_flight
            self.in_flight -= 1
        ids = range(offset + 1, min(offset + limit, self.count) + 1)
        return Page(records=[{"id": i} for i in ids], cntabsolute=self.count)


def run(fake: FakeList, hint=None, concurrency=4):
    written: list[int] = []
    reports = []
    report = fetch_all(send_page=fake.send, write=lambda records: written.extend(r["id"] for r in records),
                       total_hint=hint, concurrency=concurrency, page_size=PAGE,
                       on_progress=lambda r: reports.append((r.cntabsolute, r.pages_total)))
    return report, written, reports


def test_without_a_hint_page_0_goes_alone_then_the_rest_together():
    fake = FakeList(95)
    report, written, _ = run(fake)
    assert written == list(range(1, 96)) and report.ok and report.gaps == 0
    assert fake.in_flight_before_page_0_returned == 1 and fake.most_in_flight == 4
    assert sorted(fake.offsets) == list(range(0, 95, PAGE))


def test_with_a_hint_the_first_pages_go_together_and_progress_knows_the_total_at_once():
    fake = FakeList(95)
    report, written, progress = run(fake, hint=95)
    assert written == list(range(1, 96)) and report.ok
    assert fake.in_flight_before_page_0_returned == 4 and fake.most_in_flight == 4  # never above concurrency
    assert progress[0] == (95, 10)  # before any page came back
    assert sorted(fake.offsets) == list(range(0, 95, PAGE))  # each page sent once


def test_a_hint_below_the_real_total_still_fetches_every_record_once():
    fake = FakeList(137)
    report, written, _ = run(fake, hint=40)
    assert written == list(range(1, 138)) and report.cntabsolute == 137 and report.pages_total == 14
    assert sorted(fake.offsets) == list(range(0, 137, PAGE))


def test_a_hint_above_the_real_total_writes_no_empty_or_repeated_page():
    fake = FakeList(23)
    report, written, _ = run(fake, hint=200)
    assert written == list(range(1, 24)) and report.pages == 3 and report.pages_total == 3
    assert report.distinct_ids == 23 and report.duplicates == 0 and report.gaps == 0


def test_an_empty_list_with_a_hint_is_one_page_and_done():
    report, written, _ = run(FakeList(0), hint=0)
    assert written == [] and report.ok and report.pages == 1 and report.cntabsolute == 0


def test_each_sending_thread_runs_the_exit_hook_once_after_its_last_page():
    fake = FakeList(95)
    exits: list[str] = []
    senders: set[str] = set()

    def send(offset, limit):
        senders.add(threading.current_thread().name)
        return fake.send(offset, limit)

    report = fetch_all(send_page=send, write=lambda records: None, total_hint=95, concurrency=3, page_size=PAGE,
                       on_worker_exit=lambda: exits.append(threading.current_thread().name))
    assert report.ok and report.records == 95
    assert sorted(exits) == sorted(senders - {threading.current_thread().name}) and len(exits) == 3


def test_a_failing_page_ends_the_fetch_and_every_thread_still_exits():
    exits = []

    def send(offset, limit):
        if offset == 30:
            from explorer.jobs.fetch import PageFailed
            raise PageFailed("boom", retryable=False)
        return FakeList(95, delay=0.001).send(offset, limit)

    report = fetch_all(send_page=send, write=lambda records: None, total_hint=95, concurrency=4, page_size=PAGE,
                       on_worker_exit=lambda: exits.append(1), sleep=lambda s: None)
    assert report.failed_offset == 30 and report.records == 30 and report.error == "boom"
    assert len(exits) == 4
