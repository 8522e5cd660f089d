"""Presentation helpers too hot for template loops: a module has up to a thousand fields."""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@lru_cache(maxsize=64)
def _escaped_fields(fields: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """(name, item before the checked flag, item after it) per field, escaped once per configuration."""
    return tuple(
        (
            name,
            f'<li data-search="{escape(label.lower())} {escape(name.lower())} {escape(kind)}"><label>'
            f'<input type="checkbox" name="{{name}}" value="{escape(name)}"',
            f'> <span class="field-label">{escape(label)}</span> <code>{escape(name)}</code> '
            f'<span class="type-badge">{escape(kind)}</span></label></li>',
        )
        for name, label, kind in fields
    )


def _field_key(dv) -> tuple[tuple[str, str, str], ...]:
    return tuple((f.name, f.label, f.type) for f in dv.field_list)


@register.simple_tag
def field_checkboxes(dv) -> SafeString:
    """The field picker's items: label, technical name and type, checked when chosen for `data`."""
    input_name = f"{dv.draft.index}-data"
    chosen = dv.selected_names
    return mark_safe("\n".join(  # every piece is escaped in _escaped_fields
        before.replace("{name}", input_name, 1) + (" checked" if name in chosen else "") + after
        for name, before, after in _escaped_fields(_field_key(dv))
    ))


@lru_cache(maxsize=64)
def _datalist_options(fields: tuple[tuple[str, str, str], ...]) -> str:
    return "".join(f'<option value="{escape(name)}">{escape(label)}</option>' for name, label, _ in fields)


@register.simple_tag
def field_options(dv) -> SafeString:
    """<option>s of every field, for the datalist behind filter and sort inputs; for a create/modify only
    the fields that can be written."""
    fields = getattr(dv, "option_fields", dv.field_list)
    return mark_safe(_datalist_options(tuple((f.name, f.label, f.type) for f in fields)))


@register.filter
def json_error_line(error: str) -> int | None:
    """The line of a JSON editor error ("line L, column C: …"), for the mark next to the text."""
    head, _, _ = (error or "").partition(",")
    number = head.removeprefix("line ").strip()
    return int(number) if number.isdigit() else None


@register.filter
def editor_rows(text: str) -> int:
    """Rows of the JSON editor: it grows with its content (CSS caps the height, then it scrolls)."""
    return min(max((text or "").count("\n") + 2, 8), 40)
