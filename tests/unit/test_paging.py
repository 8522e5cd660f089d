"""The listlimit/listoffset window and server-side pages of large answers."""

import pytest

from explorer.onoffice.paging import PageWindow, page_window, paginate_records


def test_first_page():
    assert page_window(1234, 20, 0) == PageWindow(1, 20, 1234, None, 20, "1–20 of 1,234")


def test_middle_page():
    window = page_window(1234, 500, 500)
    assert (window.first, window.last, window.prev_offset, window.next_offset) == (501, 1000, 0, 1000)
    assert window.label == "501–1,000 of 1,234"


def test_last_partial_page_has_no_next():
    window = page_window(1234, 500, 1000)
    assert (window.first, window.last, window.prev_offset, window.next_offset) == (1001, 1234, 500, None)


def test_exact_fit_has_no_next():
    assert page_window(40, 20, 20).next_offset is None


def test_previous_offset_never_negative():
    assert page_window(100, 20, 5).prev_offset == 0


def test_single_row_label():
    assert page_window(5, 20, 4).label == "5 of 5"


def test_absent_limit_means_the_api_default_of_20():
    assert page_window(50, None, None).last == 20


def test_no_records():
    assert page_window(0, 20, 0) == PageWindow(0, 0, 0, None, None, "0 of 0")


def test_offset_past_the_end_points_back_to_the_last_page():
    window = page_window(45, 20, 100)
    assert (window.first, window.last, window.next_offset, window.prev_offset) == (0, 0, None, 40)
    assert window.label == "0 of 45"


def test_listlimit_zero_only_counts():
    window = page_window(1234, 0, 0)
    assert (window.first, window.last, window.next_offset, window.label) == (0, 0, None, "0 of 1,234")


def test_unknown_total_has_no_next_and_no_of():
    window = page_window(None, 20, 20)
    assert (window.first, window.last, window.total, window.next_offset, window.prev_offset) == (21, 40, None, None, 0)
    assert window.label == "21–40"


def test_numeric_strings_are_accepted():
    assert page_window("1234", "20", "20").label == "21–40 of 1,234"


RECORDS = list(range(1, 251))  # 250 records


def test_paginate_middle_page():
    page = paginate_records(RECORDS, 2, 100)
    assert page.records == list(range(101, 201))
    assert (page.number, page.page_count, page.prev_number, page.next_number) == (2, 3, 1, 3)
    assert page.window.label == "101–200 of 250"


def test_paginate_last_page():
    page = paginate_records(RECORDS, 3, 100)
    assert page.records == list(range(201, 251))
    assert page.next_number is None


@pytest.mark.parametrize(("requested", "number"), [(0, 1), (-3, 1), (99, 3), ("2", 2), ("abc", 1), (None, 1)])
def test_paginate_clamps_the_page_number(requested, number):
    assert paginate_records(RECORDS, requested, 100).number == number


def test_paginate_empty():
    page = paginate_records([], 1, 50)
    assert (page.records, page.page_count, page.prev_number, page.next_number) == ([], 1, None, None)
    assert page.window.label == "0 of 0"


def test_paginate_works_on_tuples():
    assert paginate_records(tuple(RECORDS), 1, 2).records == (1, 2)


def test_fetch_all_pages_send_listoffset_only_past_the_first_page():
    """The first page goes without listoffset: task reads refuse it (144) and count only the rows they return,
    so a fetch-all of tasks is one page instead of a failure; later pages carry their offset."""
    from explorer.errors import ExplorerError
    from explorer.jobs.fetch import PageFailed, page_sender
    from explorer.onoffice.actions import Action, ActionKind

    sent = []

    def perform(actions):
        sent.append(actions[0].parameters)
        raise ExplorerError("stop here")

    send_page = page_sender(perform, Action(ActionKind.READ, "task", parameters={"data": ["Betreff"],
                                                                                  "listoffset": 40}))
    for offset in (0, 500):
        with pytest.raises(PageFailed):
            send_page(offset, 500)
    assert sent == [{"data": ["Betreff"], "listlimit": 500}, {"data": ["Betreff"], "listlimit": 500, "listoffset": 500}]
