"""The composer's orchestration: the context a composer page shows, the checks before a send, the send."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..accounts.models import Credential
from ..accounts.selectors import credential_list
from ..calls.models import CallLog
from ..calls.selectors import call_log_list
from ..calls.services import CallOutcome, answer_keep, credential_call
from ..errors import ExplorerError
from ..onoffice.actions import Action, ActionKind
from ..onoffice.snippets import render_snippets
from . import present, state
from .drafts import MAX_ACTIONS
from .fields import LABEL_LANGUAGE, FieldLoader, field_config_cached
from .results import CallResultView, call_result_view


class ConfirmationRequired(ExplorerError):
    """A write action (or a request with flagged problems) needs an explicit go-ahead."""


def composer_context(*, user, data, workspace: Callable[[], object]) -> dict:
    """Everything the composer shows: state from the query, the chosen credential, field configurations,
    per-action checks, the preview of the envelope and the code snippets.

    `workspace` is called only when a signed call is made (its log row is labelled with it).
    """
    credentials = list(credential_list(user=user))
    wanted = data.get("cred", "")
    credential = next((c for c in credentials if str(c.pk) == wanted), None)
    if credential is None and not wanted and credentials:
        credential = credentials[0]
    # A credential id that is not the user's never falls back to another one: nothing is sent with it.
    credential_missing = bool(wanted) and credential is None
    loader = FieldLoader(user=user, credential=credential, workspace=workspace, refresh_index=data.get("refresh", ""))
    composed = state.state_from_query(data, loader.field_types(state.query_modules(data)))
    if credential is not None:
        composed.credential_id = credential.pk
    drafts = [present.DraftView.build(d, loader.module_fields(d.module, d.index), loader.errors.get(d.module or ""))
              for d in composed.drafts]
    if any(dv.action_kind_choice for dv in drafts):
        for dv in drafts:
            dv.action_kinds = loader.action_kinds()
    actions = composed.actions
    # Callables are evaluated by the template only where used: a fragment does not pay for the page.
    return {
        "state": composed,
        "drafts": drafts,
        "credentials": credentials,
        "credential": credential,
        "credential_missing": credential_missing,
        "catalogue": present.catalogue_entries,
        "action_kinds": [k.value for k in ActionKind],
        "max_actions": MAX_ACTIONS,
        "languages": present.LANGUAGES,
        "preview": lambda: present.preview_envelope(actions, credential),
        "snippets": lambda: render_snippets(actions, credential.api_url, credential.hmac_version)
        if credential and actions else {},
        # The composer's own field-configuration reads stay in the history, not in the sidebar.
        "recent_calls": call_log_list(user=user).exclude(origin=CallLog.Origin.FIELDS)[:10],
        "canonical_query": composed.query(),
    }


def composer_submit(*, user, data, workspace: Callable[[], object]) -> dict:
    """The composer's context after a press of Send: the result of the send, or why nothing was sent
    (no credential, invalid state, flagged problems held back, a write awaiting confirmation)."""
    context = composer_context(user=user, data=data, workspace=workspace)
    composed, credential = context["state"], context["credential"]
    problems = [p for dv in context["drafts"] for p in dv.problems if p.severity == "error"]
    if credential is None:
        context["send_error"] = ("Pick one of your credentials: that one does not exist or is not yours."
                                 if context["credential_missing"] else
                                 "Add a credential first: the composer signs with one of your own credentials.")
    elif composed.errors:
        context["send_error"] = " ".join(composed.errors)
    elif problems and data.get("force") != "1":
        context["held_problems"] = problems
    else:
        try:
            outcome = compose_send(user=user, credential=credential, actions=composed.actions,
                                   confirmed=data.get("confirm") == "1", workspace=workspace())
        except ConfirmationRequired as exc:
            context["confirmation"] = exc.message
        except ExplorerError as exc:
            context["send_error"] = exc.message
        else:
            configs = {dv.draft.index: dv.module_fields for dv in context["drafts"]}
            context["call"] = call_result_view(log=outcome.log, body=outcome.exchange.body, field_configs=configs)
    return context


def logged_call_view(*, log: CallLog, body: bytes, pages: dict[int, int]) -> CallResultView:
    """The result view of a call from the history, labelled with field configurations still cached."""
    configs = {}
    for index, action in enumerate(log.actions):
        module = state.module_for(action.get("resourcetype", ""))
        if module and log.credential is not None:
            configs[index] = field_config_cached(credential=log.credential, module=module, language=LABEL_LANGUAGE)
    return call_result_view(log=log, body=body, field_configs=configs, pages=pages)


def compose_check(*, credential: Credential, actions: Sequence[Action], confirmed: bool) -> None:
    """Refuse or hold back a send before anything leaves: read-only credentials never write; writes
    elsewhere than the sandbox need a confirmation that names the credential."""
    writes = [a for a in actions if a.kind.is_write]
    if not writes:
        return
    kinds = ", ".join(sorted({a.kind.value for a in writes}))
    if credential.read_only:
        raise ExplorerError(
            f"“{credential.label}” is read-only: {kinds} actions are refused before sending. "
            "Pick another credential or remove the write actions."
        )
    if credential.endpoint_kind != "sandbox" and not confirmed:
        raise ConfirmationRequired(
            f"This sends {kinds} to the live CRM behind “{credential.label}” ({credential.endpoint_kind.upper()}).",
        )


def compose_send(*, user, credential: Credential, actions: Sequence[Action], confirmed: bool = False,
                 workspace=None) -> CallOutcome:
    """Send composed actions with the user's credential and keep the answer for paging through it."""
    compose_check(credential=credential, actions=actions, confirmed=confirmed)
    outcome = credential_call(user=user, credential=credential, actions=actions, origin=CallLog.Origin.UI,
                              workspace=workspace)
    answer_keep(outcome)
    return outcome
