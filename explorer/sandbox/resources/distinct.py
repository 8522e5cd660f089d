"""Values in use (`distinctValues` get) and contact forms (`contactaddress` do).

Neither call has an apidoc page; both follow onOffice's WordPress plugin (github.com/onOffice-Web-Org/
oo-wp-plugin): distinctValues as plugin/Field/DistinctFieldsHandler.php sends it (`language`, `module`,
`field`, `filter`, optionally `filterid` and `georangesearch`) and as its fixtures answer it
(tests/resources/Field/ApiResponseDistinctFieldsHandler*.json: one record, id 0, elements = key ->
label of the values the module's records actually hold); contactaddress as plugin/FormPostContact.php
sends it, answered with the usual success record.
"""

from __future__ import annotations

import re
from collections import Counter

from explorer.onoffice.actions import ActionKind

from .. import store
from ..fieldconfig import ADDRESS, ADDRESS_PSEUDO_FIELDS, ESTATE, SEARCHCRITERIA_SELECTS, Field
from ..geo import georange
from ..protocol import ApiError, Context
from ..query import apply_conditions, compile_filter
from .common import as_id, as_object, language, success
from .records import address_unknown, estate_unknown, saved_filter, visible_estate, visible_estates
from .registry import handles

_CRITERIA_FIELDS = {name: Field(name, "multiselect", (name, name), values=values)
                    for name, values in SEARCHCRITERIA_SELECTS.items()}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _criteria_unknown(name: str) -> ApiError:
    return ApiError(75, name)


@handles("distinctValues", ActionKind.GET)
def distinct_values_get(ctx: Context):
    params = ctx.params
    lang = language(params, "language")
    module = params.get("module")
    if module in (None, ""):
        raise ApiError(167, "module")
    name = params.get("field")
    if name in (None, ""):
        raise ApiError(167, "field")
    if not isinstance(name, str):
        raise ApiError(227, "field")
    if module == "estate":
        fields, unknown = ESTATE, estate_unknown
        rows = visible_estates(ctx)
        conditions = saved_filter(params, "estate", ESTATE, estate_unknown) + georange(params)
    elif module == "address":
        fields, unknown = ADDRESS, address_unknown
        rows = store.snapshot("address").rows
        conditions = saved_filter(params, "address", ADDRESS, address_unknown)
    elif module == "searchcriteria":
        fields, unknown = _CRITERIA_FIELDS, _criteria_unknown
        rows = [r["values"] for r in store.snapshot("searchcriteria").rows]
        conditions = []
    else:
        raise ApiError(163)
    field = fields.get(name)
    if field is None:
        raise unknown(name)
    conditions += compile_filter(params.get("filter"), fields, unknown_field=unknown)
    rows = apply_conditions(rows, conditions)
    # Most frequent first (ties in the field's own order): the order the plugin's fixtures suggest.
    counts = Counter()
    for row in rows:
        value = row.get(name)
        for key in value if isinstance(value, list) else [value]:
            if key not in (None, ""):
                counts[key if isinstance(key, str) else _text(key)] += 1
    order = list(field.values) if field.values else sorted(counts)
    keys = sorted(counts, key=lambda k: (-counts[k], order.index(k) if k in order else len(order), k))
    elements = {key: (field.value_label(key, lang) or key) if field.values else key for key in keys}
    return [{"id": 0, "type": "", "elements": elements}], None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_TEXT_PARAMETERS = ("message", "subject", "referrer", "formtype", "estateurl")


@handles("contactaddress", ActionKind.DO)
def contactaddress_do(ctx: Context):
    """Checks a contact request as enterprise would before mailing it; the sandbox sends no e-mail."""
    params = ctx.params
    address = as_object(params.get("addressdata"), "addressdata")
    for name in address:
        if name not in ADDRESS and name not in ADDRESS_PSEUDO_FIELDS:
            raise ApiError(75, name)
    if params.get("estateid") not in (None, ""):
        estate_id = as_id(params["estateid"], error=ApiError(65))
        if visible_estate(ctx, estate_id) is None:
            raise ApiError(293)
    for name in _TEXT_PARAMETERS:
        if params.get(name) is not None and not isinstance(params[name], str):
            raise ApiError(227, name)
    estate_fields = params.get("estatedata")
    if estate_fields is not None:
        if not isinstance(estate_fields, list):
            raise ApiError(74)
        for name in estate_fields:
            if not isinstance(name, str) or name not in ESTATE:
                raise estate_unknown(name)
    recipient = params.get("recipient")
    if recipient not in (None, "") and (not isinstance(recipient, str) or not _EMAIL.match(recipient)):
        raise ApiError(146)
    return success(""), None
