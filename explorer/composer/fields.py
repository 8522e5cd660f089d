"""Field configurations for the composer: cached per credential, module and language, loaded once per request.

`FieldLoader` is what one composer request uses: it owns the credential and fetches each module's
configuration (and the agents-log action kinds) at most once, whatever asks for it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from ..accounts.models import Credential
from ..calls.models import CallLog
from ..calls.services import credential_call
from ..errors import ExplorerError
from ..onoffice.actions import Action, ActionKind
from ..onoffice.errors import explain
from ..onoffice.fields import ModuleFields, parse_field_config

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


def field_config_fetch(*, user, credential: Credential, module: str, language: str = "DEU",
                       refresh: bool = False, workspace=None) -> ModuleFields:
    """The field configuration of one module, through the signing service; cacheable answers are cached.

    A failure is remembered for a minute, so a broken credential does not cost a signed call (and a log
    row) on every change in the composer; `refresh` asks again at once.
    """
    key = field_config_cache_key(credential=credential, module=module, language=language)
    if not refresh:
        cached = _cached_config(key)
        if cached is not None:
            return cached
        failure = cache.get(f"{key}:failed")
        if failure is not None:
            raise ExplorerError(*failure)
    try:
        module_fields, cacheable = _field_config_load(user=user, credential=credential, module=module,
                                                      language=language, workspace=workspace)
    except ExplorerError as exc:
        cache.set(f"{key}:failed", (exc.message, exc.extra), FIELD_CONFIG_RETRY)
        raise
    if cacheable:
        _cache_config(key, module_fields)
    return module_fields


def _field_config_load(*, user, credential: Credential, module: str, language: str, workspace):
    action = Action(kind=ActionKind.GET, resourcetype="fields", identifier="field-configuration",
                    parameters={"labels": True, "language": language, "modules": [module]})
    outcome = credential_call(user=user, credential=credential, actions=[action], origin=CallLog.Origin.FIELDS,
                              workspace=workspace)
    response = outcome.response
    if response is None:
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


def action_kinds_fetch(*, user, credential: Credential, language: str = "DEU", workspace=None) -> list[ActionKindChoice]:
    """Kinds of action with their types (actionkindtypes), for the agents-log pickers; cached like fields.

    A failure gives an empty list: the pickers fall back to free text, which the API accepts as well.
    """
    key = field_config_cache_key(credential=credential, module="actionkindtypes", language=language)
    cached = _cached_config(key)
    if cached is not None:
        return cached
    action = Action(kind=ActionKind.GET, resourcetype="actionkindtypes", identifier="action-kinds",
                    parameters={"lang": language})
    outcome = credential_call(user=user, credential=credential, actions=[action], origin=CallLog.Origin.FIELDS,
                              workspace=workspace)
    if not outcome.ok:
        return []
    result = outcome.response.results[0]
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
                 refresh_index: str = ""):
        self.user = user
        self.credential = credential
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
                    refresh=refreshing, workspace=self._workspace())
            except ExplorerError as exc:
                self.errors[module] = " ".join(filter(None, (exc.message, exc.extra.get("hint"))))
        return self._fields.get(module)

    def field_types(self, modules: dict[int, str]) -> dict[int, dict[str, str]]:
        """{field: type} per action index, for the modules of a query."""
        return {i: module_field_types(self.module_fields(module, i)) for i, module in modules.items()}

    def action_kinds(self) -> list[ActionKindChoice]:
        if self._action_kinds is None:
            self._action_kinds = [] if self.credential is None else action_kinds_fetch(
                user=self.user, credential=self.credential, language=LABEL_LANGUAGE, workspace=self._workspace())
        return self._action_kinds
