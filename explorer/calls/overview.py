"""The history's overview: calls per day by status, the most frequent error codes, and median and p95
duration per resource type and action, for the same filters as the list.

Read from `CallRollup` rows kept on every completion (`rollup_record`), so it costs the same at a
thousand rows as at a million. A full-text query cannot be answered from the roll-ups: then the newest
`SAMPLE` matching calls are counted, and the overview says so.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..accounts.models import Workspace
from ..onoffice.errors import explain
from .models import CallLog, CallRollup
from .selectors import AUTOMATIC_ORIGINS, HistoryFilters, call_log_history

BUCKET_FACTOR = 1.1  # durations are kept as a histogram with 10 % wide buckets: quantiles within 5 %
SAMPLE = 20_000
DEFAULT_DAYS = 30
MAX_DAYS = 366


def _bucket(ms: float) -> int:
    return int(math.floor(math.log(max(ms, 0.1)) / math.log(BUCKET_FACTOR)))


def _bucket_ms(bucket: int) -> float:
    return BUCKET_FACTOR ** (bucket + 0.5)


def rollup_dimensions(*, workspace_id, is_team: bool, user_id, started_at, status, action_keys, origin) -> dict:
    keys = (action_keys or "").split()
    return {"workspace_id": workspace_id, "user_id": None if is_team else user_id,
            "day": timezone.localdate(started_at), "status": status, "action_key": (keys[0] if keys else "")[:120],
            "automatic": origin in AUTOMATIC_ORIGINS}


def rollup_record(log: CallLog) -> None:
    """Count one completed call in its day's roll-up row (a short transaction after the call, never during)."""
    is_team = log.workspace_id is not None and not Workspace.objects.filter(pk=log.workspace_id,
                                                                            personal_for__isnull=False).exists()
    dims = rollup_dimensions(workspace_id=log.workspace_id, is_team=is_team, user_id=log.user_id,
                             started_at=log.started_at, status=log.status, action_keys=log.action_keys,
                             origin=log.origin)
    with transaction.atomic():
        row = CallRollup.objects.select_for_update().filter(**dims).first()
        if row is None:
            row = CallRollup(**dims, durations={}, errors={})
        row.count += 1
        if log.duration_ms is not None:
            key = str(_bucket(log.duration_ms))
            row.durations[key] = row.durations.get(key, 0) + 1
        for code in [log.errorcode, *(log.action_errorcodes or [])]:
            if code and code != 97:  # 97 only says "an action failed"; the action's own code says which
                row.errors[str(code)] = row.errors.get(str(code), 0) + 1
        row.save()


@dataclass
class Overview:
    days: list[date]
    per_day: dict[str, list[int]]  # status → counts per day
    errors: list[tuple[int, int, str]]  # (code, count, meaning)
    durations: list[tuple[str, str, int, float, float]]  # (action, resource type, calls, median ms, p95 ms)
    total: int
    sampled: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """(status, label) in the chart's order, for its legend and the table's columns."""
        labels = dict(CallLog.Status.choices)
        return [(status, labels.get(status, status)) for status in self.per_day]

    @property
    def table_rows(self) -> list[tuple[date, list[int]]]:
        """(day, counts per status) for the days that had calls, newest first."""
        rows = [(day, [counts[i] for counts in self.per_day.values()]) for i, day in enumerate(self.days)]
        return [row for row in reversed(rows) if any(row[1])]


def _window(filters: HistoryFilters) -> tuple[date, date]:
    until = filters.until or timezone.localdate()
    since = filters.since or until - timedelta(days=DEFAULT_DAYS - 1)
    return max(since, until - timedelta(days=MAX_DAYS - 1)), until


def _quantile(histogram: Counter, q: float) -> float:
    total = sum(histogram.values())
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= q * total:
            return round(_bucket_ms(bucket), 1)
    return 0.0


def _rollup_rows(*, user, workspace: Workspace, filters: HistoryFilters, since: date, until: date):
    rows = CallRollup.objects.filter(day__gte=since, day__lte=until)
    if workspace.is_personal:
        rows = rows.filter(Q(workspace=workspace) | Q(workspace__isnull=True), user=user)
    else:
        rows = rows.filter(workspace=workspace)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.resourcetype:
        rows = rows.filter(action_key__endswith=f":{filters.resourcetype}")
    if filters.action:
        rows = rows.filter(action_key__startswith=f"{filters.action}:")
    if not filters.automatic:
        rows = rows.filter(automatic=False)
    return rows.values_list("day", "status", "action_key", "count", "durations", "errors")


def _sampled_rows(*, user, workspace: Workspace, filters: HistoryFilters, since: date, until: date):
    """The newest matching calls themselves, shaped like roll-up rows (one call each)."""
    calls = call_log_history(user=user, workspace=workspace,
                             filters=HistoryFilters(**{**filters.__dict__, "since": since, "until": until}))
    for started_at, status, keys, duration, code, codes in calls.values_list(
            "started_at", "status", "action_keys", "duration_ms", "errorcode", "action_errorcodes")[:SAMPLE]:
        errors = Counter(str(c) for c in [code, *(codes or [])] if c and c != 97)
        durations = {str(_bucket(duration)): 1} if duration is not None else {}
        yield timezone.localdate(started_at), status, (keys or "").split()[0] if (keys or "").split() else "", 1, \
            durations, errors


def history_overview(*, user, workspace: Workspace | None, filters: HistoryFilters) -> Overview | None:
    if workspace is None:
        return None
    since, until = _window(filters)
    # The roll-ups count by day, status and action; other filters need the calls themselves.
    sampled = bool(filters.q or filters.member or filters.credential is not None or filters.origin)
    source = _sampled_rows if sampled else _rollup_rows
    days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
    index = {day: i for i, day in enumerate(days)}
    per_day: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    errors: Counter = Counter()
    histograms: dict[str, Counter] = defaultdict(Counter)
    total = 0
    for day, status, action_key, count, durations, row_errors in source(user=user, workspace=workspace,
                                                                        filters=filters, since=since, until=until):
        per_day[status][index[day]] += count
        total += count
        errors.update({int(k): v for k, v in row_errors.items()})
        histograms[action_key].update({int(k): v for k, v in durations.items()})
    order = [s for s, _ in CallLog.Status.choices]
    overview = Overview(
        days=days, per_day={s: per_day[s] for s in order if s in per_day}, total=total, sampled=sampled,
        errors=[(code, n, explain(code).message) for code, n in errors.most_common(8)],
        durations=sorted(((key.partition(":")[0], key.partition(":")[2], sum(h.values()), _quantile(h, 0.5),
                           _quantile(h, 0.95)) for key, h in histograms.items() if h),
                         key=lambda row: -row[2])[:12],
    )
    if sampled:
        overview.notes.append(f"With these filters the overview counts the newest {SAMPLE:,} matching calls at most.")
    return overview


# The chart's colours follow app.css's tokens for each theme (an <img> cannot read the page's variables).
THEMES = {
    "light": {"text": "#1b1f24", "muted": "#555e69", "grid": "#d0d7de",
              "status": {"ok": "#1a7236", "api_error": "#b3202a", "transport_error": "#e07b00",
                         "format_error": "#8250df", "interrupted": "#8a5a00", "pending": "#0b5cc2"}},
    "dark": {"text": "#e6edf3", "muted": "#a0aab5", "grid": "#343b45",
             "status": {"ok": "#4cc46a", "api_error": "#ff6b63", "transport_error": "#f0a040",
                        "format_error": "#b392f0", "interrupted": "#e0a83a", "pending": "#6cb6ff"}},
}


def calls_per_day_svg(overview: Overview, theme: str) -> str:
    """Calls per day stacked by status, as SVG (pygal, with its scripts left out)."""
    import pygal
    from pygal.style import Style

    palette = THEMES.get(theme, THEMES["light"])
    statuses = list(overview.per_day)
    style = Style(background="transparent", plot_background="transparent", foreground=palette["text"],
                  foreground_strong=palette["text"], foreground_subtle=palette["grid"], guide_stroke_color=palette["grid"],
                  major_guide_stroke_color=palette["grid"], opacity="1", opacity_hover="0.85", transition="0s",
                  font_family="system-ui, sans-serif", label_font_size=11, major_label_font_size=11,
                  legend_font_size=12,
                  colors=tuple(palette["status"].get(s, palette["muted"]) for s in statuses) or (palette["grid"],))
    chart = pygal.StackedBar(style=style, js=[], disable_xml_declaration=True, width=900, height=280,
                             show_legend=False, truncate_label=-1,  # the page shows the legend
                             show_minor_x_labels=False, x_label_rotation=0, margin=10, spacing=6,
                             min_scale=3, max_scale=6, print_values=False, show_y_guides=True,
                             include_x_axis=True)
    step = max(1, len(overview.days) // 10)
    chart.x_labels = [d.strftime("%-d %b") for d in overview.days]
    chart.x_labels_major = chart.x_labels[::step]
    labels = dict(CallLog.Status.choices)
    for status in statuses:
        chart.add(labels.get(status, status), overview.per_day[status])
    if not statuses:
        chart.add(labels["ok"], [0] * len(overview.days))
    return chart.render(is_unicode=True)
