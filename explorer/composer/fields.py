"""Field configurations for the composer: cached per credential, module and language, loaded once per request.

`FieldLoader` is what one composer request uses: it owns the credential and fetches each module's
configuration (and the agents-log action kinds) at most once, whatever asks for it, within the request's
one deadline. Across requests and processes a lookup is in flight once per cache key: many requests
missing the cache at the same moment make one signed call, the others wait for its answer.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from ..accounts.models import Credential
from ..calls.models import CallLog
from ..calls.services import credential_call
from ..errors import ExplorerError
from ..onoffice.actions import Action, ActionKind
from ..onoffice.errors import ResponseFormatError, explain
from ..onoffice.fields import ModuleFields, parse_field_config
from ..onoffice.responses import ApiResponse, parse_response
from ..onoffice.transport import Deadline

LABEL_LANGUAGE = "DEU"  # labels as the agency sees them in onOffice enterprise


FIELD_CONFIG_TTL = 60 * 60  # docs: the fields call is slow and meant to be cached; an hour keeps it fresh enough
FIELD_CONFIG_RETRY = 60


def field_config_cache_key(*, credential: Credential, module: str, language: str) -> str:
    # New secrets or another endpoint can mean another client with another configuration.
    version = f"{credential.api_url}|{credential.secrets_set_at.timestamp():.0f}"
    return f"fieldcfg:{credential.pk}:{hashlib.sha256(version.encode()).hexdigest()[:12]}:{module}:{language}"


# Decoded configurations of this process, by the token the cache holds for them: a 1,000-field module
# costs milliseconds to unpickle on every request, a token lookup almost nothing.
_decoded_configs: dict[str, object] = {}
_DECODED_MAX = 64


def _cached_config(key: str):
    token = cache.get(key)
    if token is None:
        return None
    value = _decoded_configs.get(token)
    if value is None:
        value = cache.get(f"{key}:{token}")
        if value is None:
            return None
        if len(_decoded_configs) >= _DECODED_MAX:
            _decoded_configs.clear()
        _decoded_configs[token] = value
    return value


def _cache_config(key: str, value) -> None:
    token = secrets.token_hex(8)
    cache.set(f"{key}:{token}", value, FIELD_CONFIG_TTL)
    cache.set(key, token, FIELD_CONFIG_TTL)


def field_config_cached(*, credential: Credential, module: str, language: str) -> ModuleFields | None:
    return _cached_config(field_config_cache_key(credential=credential, module=module, language=language))


FLIGHT_POLL = 0.05  # seconds between looks of a waiting request for the answer another one is fetching


def _single_flight(key: str, fetch: Callable[[], object], deadline: Deadline):
    """fetch() once per key however many requests miss at the same moment, through the cache (so across
    processes too): whoever adds the lock key fetches and stores; the others poll for what it stored
    while it holds the lock and their deadline lasts, then fetch themselves (an answer the API marks
    uncacheable is not stored; a winner that died leaves a lock that expires with its deadline)."""
    lock = f"{key}:lock"
    if cache.add(lock, 1, timeout=math.ceil(max(deadline.remaining(), 0)) + 2):
        try:
            return fetch()
        finally:
            cache.delete(lock)
    while deadline.remaining() > FLIGHT_POLL and cache.get(lock) is not None:
        time.sleep(FLIGHT_POLL)
        cached = _cached_config(key)
        if cached is not None:
            return cached
    known = _known(key)
    return known if known is not None else fetch()


def _known(key: str):
    """What the cache knows for a key: the stored value, or the remembered failure raised; else None."""
    cached = _cached_config(key)
    if cached is not None:
        return cached
    failure = cache.get(f"{key}:failed")
    if failure is not None:
        raise ExplorerError(*failure)
    return None


def _request_deadline(deadline: Deadline | None) -> Deadline:
    return deadline if deadline is not None else Deadline(settings.ONOFFICE_DEADLINE)


def field_config_fetch(*, user, credential: Credential, module: str, language: str = "DEU",
                       refresh: bool = False, workspace=None, deadline: Deadline | None = None) -> ModuleFields:
    """The field configuration of one module, through the signing service; cacheable answers are cached.

    A failure is remembered for a minute, so a broken credential does not cost a signed call (and a log
    row) on every change in the composer; `refresh` asks again at once. `deadline` is the request's.
    """
    deadline = _request_deadline(deadline)
    key = field_config_cache_key(credential=credential, module=module, language=language)

    def fetch() -> ModuleFields:
        try:
            module_fields, cacheable = _field_config_load(user=user, credential=credential, module=module,
                                                          language=language, workspace=workspace, deadline=deadline)
        except ExplorerError as exc:
            if not exc.extra.get("deadline"):  # nothing was sent when the request's time was already gone
                cache.set(f"{key}:failed", (exc.message, exc.extra), FIELD_CONFIG_RETRY)
            raise
        if cacheable:
            _cache_config(key, module_fields)
        return module_fields

    if refresh:
        return fetch()
    known = _known(key)
    return known if known is not None else _single_flight(key, fetch, deadline)


def _shown_response(outcome) -> ApiResponse | None:
    """The answer parsed from its scrubbed body: what is cached and shown holds no echoed secret."""
    if outcome.response is None:
        return None
    if outcome.body == outcome.exchange.body:
        return outcome.response
    try:
        return parse_response(outcome.body, expected_results=len(outcome.response.results))
    except ResponseFormatError:
        return None


def _field_config_load(*, user, credential: Credential, module: str, language: str, workspace, deadline):
    action = Action(kind=ActionKind.GET, resourcetype="fields", identifier="field-configuration",
                    # Filters and dependencies too: the field browser shows them (a few KB more, once an hour).
                    parameters={"labels": True, "language": language, "modules": [module],
                                "showfieldfilters": True, "showfielddependencies": True})
    try:
        outcome = credential_call(user=user, credential=credential, actions=[action], origin=CallLog.Origin.FIELDS,
                                  workspace=workspace, deadline=deadline)
    except ExplorerError as exc:
        if exc.extra.get("deadline"):
            raise ExplorerError(f"The field configuration could not be loaded in time: {exc.message}",
                                extra=exc.extra) from None
        raise
    response = _shown_response(outcome)
    if response is None:
        if getattr(outcome.exchange.error, "kind", "") == "deadline":
            raise ExplorerError(f"The field configuration could not be loaded in time: {outcome.log.error_text}")
        raise ExplorerError(f"The field configuration could not be loaded: {outcome.log.error_text}")
    failed = next((r for r in response.results if not r.ok), None)
    if failed is not None or not response.results:
        code = failed.errorcode if failed else response.errorcode
        explanation = explain(code, failed.message if failed else response.message,
                              clock_skew=outcome.exchange.clock_skew, hmac_version=credential.hmac_version)
        raise ExplorerError(f"The field configuration could not be loaded: error {code}: {explanation.message}",
                            extra={"hint": explanation.hint})
    result = response.results[0]
    return parse_field_config(result).get(module) or ModuleFields(module=module, label=module, fields={}), \
        result.cacheable


@dataclass(frozen=True)
class ActionKindChoice:
    key: str
    label: str
    types: tuple[tuple[str, str], ...]


def action_kinds_fetch(*, user, credential: Credential, language: str = "DEU", workspace=None,
                       deadline: Deadline | None = None) -> list[ActionKindChoice]:
    """Kinds of action with their types (actionkindtypes), for the agents-log pickers; cached like fields.

    A failure gives an empty list: the pickers fall back to free text, which the API accepts as well.
    It is remembered for a minute like a failed field configuration, so a stalled endpoint does not use
    up the time of every send.
    """
    deadline = _request_deadline(deadline)
    key = field_config_cache_key(credential=credential, module="actionkindtypes", language=language)
    def load():
        return _action_kinds_load(user=user, credential=credential, language=language, workspace=workspace,
                                  deadline=deadline, key=key)

    try:
        known = _known(key)
        return known if known is not None else _single_flight(key, load, deadline)
    except ExplorerError:  # a remembered or a new failure
        return []


def _action_kinds_load(*, user, credential: Credential, language: str, workspace, deadline, key: str):
    action = Action(kind=ActionKind.GET, resourcetype="actionkindtypes", identifier="action-kinds",
                    parameters={"lang": language})
    outcome = credential_call(user=user, credential=credential, actions=[action], origin=CallLog.Origin.FIELDS,
                              workspace=workspace, deadline=deadline)
    response = _shown_response(outcome)
    if not outcome.ok or response is None:
        cache.set(f"{key}:failed", ("The kinds of action could not be loaded.", {}), FIELD_CONFIG_RETRY)
        return []
    result = response.results[0]
    choices = []
    for record in result.records:
        elements = record.elements if isinstance(record.elements, dict) else {}
        types = elements.get("types") if isinstance(elements.get("types"), dict) else {}
        kind_key = str(elements.get("key") or record.id)
        choices.append(ActionKindChoice(key=kind_key, label=str(elements.get("label") or kind_key),
                                        types=tuple((str(k), str(v)) for k, v in types.items())))
    if result.cacheable:
        _cache_config(key, choices)
    return choices


def module_field_types(module_fields: ModuleFields | None) -> dict[str, str]:
    return {name: f.type for name, f in module_fields.fields.items()} if module_fields else {}


class FieldLoader:
    """One request's field configurations for one credential: each module fetched at most once.

    `refresh_index` names the action whose "Refresh fields" button was pressed: its module is read again.
    `workspace` is a callable, because the workspace only labels the log row of a fetch and is looked up
    only then.
    """

    def __init__(self, *, user, credential: Credential | None, workspace: Callable[[], object],
                 refresh_index: str = "", deadline: Deadline | None = None):
        self.user = user
        self.credential = credential
        # One budget for every signed call of this request, shared with its send (composer_submit).
        self.deadline = _request_deadline(deadline)
        self._workspace = workspace
        self._refresh_index = refresh_index
        self._fields: dict[str, ModuleFields] = {}
        self.errors: dict[str, str] = {}
        self._action_kinds: list[ActionKindChoice] | None = None

    def module_fields(self, module: str | None, index: int) -> ModuleFields | None:
        if module is None or self.credential is None:
            return None
        if module not in self._fields and module not in self.errors:
            refreshing = self._refresh_index == str(index)
            cached = None if refreshing else field_config_cached(credential=self.credential, module=module,
                                                                 language=LABEL_LANGUAGE)
            try:
                self._fields[module] = cached or field_config_fetch(
                    user=self.user, credential=self.credential, module=module, language=LABEL_LANGUAGE,
                    refresh=refreshing, workspace=self._workspace(), deadline=self.deadline)
            except ExplorerError as exc:
                self.errors[module] = " ".join(filter(None, (exc.message, exc.extra.get("hint"))))
        return self._fields.get(module)

    def field_types(self, modules: dict[int, str]) -> dict[int, dict[str, str]]:
        """{field: type} per action index, for the modules of a query."""
        return {i: module_field_types(self.module_fields(module, i)) for i, module in modules.items()}

    def action_kinds(self) -> list[ActionKindChoice]:
        if self._action_kinds is None:
            self._action_kinds = [] if self.credential is None else action_kinds_fetch(
                user=self.user, credential=self.credential, language=LABEL_LANGUAGE, workspace=self._workspace(),
                deadline=self.deadline)
        return self._action_kinds
