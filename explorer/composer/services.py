"""The composer's orchestration: the context a composer page shows, the checks before a send, the send."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from django.conf import settings

from ..accounts.models import Credential
from ..accounts.selectors import credential_list, workspace_variable_values
from ..calls.models import CallLog
from ..calls.selectors import call_log_last_credential_id, call_log_list
from ..calls.services import CallOutcome, answer_keep, credential_call
from ..errors import ExplorerError
from ..onoffice.actions import Action, ActionKind
from ..onoffice.snippets import render_snippets
from ..onoffice.transport import Deadline
from ..storage import nul_safe
from . import present, state, variables
from .drafts import MAX_ACTIONS
from .fields import LABEL_LANGUAGE, FieldLoader, field_config_cached
from .models import TourDismissal, VariableMemory
from .results import CallResultView, call_result_view


class ConfirmationRequired(ExplorerError):
    """A write action (or a request with flagged problems) needs an explicit go-ahead."""


def composer_context(*, user, data, workspace: Callable[[], object], deadline: Deadline | None = None) -> dict:
    """Everything the composer shows: state from the query, the chosen credential, field configurations,
    per-action checks, variables, the preview of the envelope and the code snippets.

    `workspace` is called only when needed (a signed call's log row, the credential last used there,
    the workspace's variables), and at most once. `deadline` bounds every signed call the request makes
    (ONOFFICE_DEADLINE from now when not given).
    """
    workspace = cache(workspace)
    deadline = deadline if deadline is not None else Deadline(settings.ONOFFICE_DEADLINE)
    credentials = list(credential_list(user=user))
    credential, credential_note = _credential_pick(user=user, credentials=credentials, data=data, workspace=workspace)
    loader = FieldLoader(user=user, credential=credential, workspace=workspace, refresh_index=data.get("refresh", ""),
                         deadline=deadline)
    composed = state.state_from_query(data, loader.field_types(state.query_modules(data)))
    if credential is not None:
        composed.credential_id = credential.pk
    drafts = [present.DraftView.build(d, loader.module_fields(d.module, d.index), loader.errors.get(d.module or ""))
              for d in composed.drafts]
    if any(dv.action_kind_choice for dv in drafts):
        for dv in drafts:
            dv.action_kinds = loader.action_kinds()
    inputs = _variable_inputs(user=user, data=data, actions=composed.actions, workspace=workspace)
    actions = inputs.resolved
    saved_id = data.get("saved", "")
    # Callables are evaluated by the template only where used: a fragment does not pay for the page.
    return {
        "state": composed,
        "drafts": drafts,
        "credentials": credentials,
        "credential": credential,
        "credential_note": credential_note,
        "catalogue": present.catalogue_entries,
        "action_kinds": [k.value for k in ActionKind],
        "max_actions": MAX_ACTIONS,
        "languages": present.LANGUAGES,
        "variables": inputs,
        "saved_id": int(saved_id) if saved_id.isdigit() else None,
        "preview": lambda: present.preview_envelope(actions, credential),
        "snippets": lambda: render_snippets(actions, credential.api_url, credential.hmac_version)
        if credential and actions else {},
        # The composer's own field-configuration reads stay in the history, not in the sidebar.
        "recent_calls": call_log_list(user=user).exclude(origin=CallLog.Origin.FIELDS)[:10],
        "canonical_query": composed.query(**({"kind": credential.endpoint_kind} if credential else {})),
        "show_tour": lambda: not TourDismissal.objects.filter(user=user).exists(),
    }


def _credential_pick(*, user, credentials: list[Credential], data, workspace) -> tuple[Credential | None, str]:
    """The credential asked for, if it is the user's; else the one last used in this workspace, else the
    first of the endpoint kind the request was made for (`kind`), else the first. Says why when it picked."""
    wanted = data.get("cred", "")
    chosen = next((c for c in credentials if str(c.pk) == wanted), None)
    if chosen is not None or not credentials:
        return chosen, ""
    last_id = call_log_last_credential_id(user=user, workspace=workspace())
    kind = data.get("kind", "")
    chosen = next((c for c in credentials if c.pk == last_id), None)
    reason = "the one you last used in this workspace"
    if chosen is None:
        chosen = next((c for c in credentials if kind and c.endpoint_kind == kind), None)
        reason = f"your first credential for the {kind.upper()} endpoint"
    if chosen is None:
        chosen, reason = credentials[0], "your first credential"
    if wanted:
        return chosen, (f"This request was shared with a credential that is not yours: it runs with your "
                        f"“{chosen.label}” ({reason}).")
    return chosen, f"Runs with your credential “{chosen.label}” ({reason})." if len(credentials) > 1 else ""


@dataclass
class VariableInputs:
    """The `{{variables}}` of the composed actions, their values, and the actions with the values filled in."""

    names: list[str]
    values: dict[str, str]
    malformed: list[str]
    resolved: list[Action]
    memory_key: str

    @property
    def missing(self) -> list[str]:
        return [name for name in self.names if not self.values.get(name, "")]

    @property
    def items(self) -> list[tuple[str, str]]:
        return [(name, self.values.get(name, "")) for name in self.names]

    @property
    def problem(self) -> str:
        """Why the send is held back, or ""."""
        if self.malformed:
            return ("Not a variable: " + ", ".join(self.malformed) + ". Write variables as {{name}}: letters, "
                    "digits, _ . - and no spaces.")
        if self.missing:
            return "Fill in the variables first: " + ", ".join(self.missing) + "."
        return ""


def _variable_inputs(*, user, data, actions: list[Action], workspace) -> VariableInputs:
    as_dicts = [{"resourceid": a.resourceid, "identifier": a.identifier, "parameters": a.parameters} for a in actions]
    names = variables.variables_in(as_dicts)
    saved_id = data.get("saved", "")
    key = f"saved:{saved_id}" if saved_id.isdigit() else ""
    values = {name: data[f"var-{name}"].strip() for name in names if f"var-{name}" in data}
    if len(values) < len(names):
        # Defaults for what the form does not carry yet: the user's last values, then the workspace's.
        memory = VariableMemory.objects.filter(user=user, key=key).values_list("values", flat=True).first() or {}
        defaults = workspace_variable_values(user=user, workspace=workspace()) | memory
        values |= {name: str(defaults.get(name, "")) for name in names if name not in values}
    resolved = [replace(a, resourceid=variables.substitute(a.resourceid, values),
                        identifier=variables.substitute(a.identifier, values),
                        parameters=variables.substitute(a.parameters, values)) for a in actions]
    return VariableInputs(names=names, values=values, malformed=variables.malformed_in(as_dicts),
                          resolved=resolved, memory_key=key)


def composer_submit(*, user, data, workspace: Callable[[], object]) -> dict:
    """The composer's context after a press of Send: the result of the send, or why nothing was sent
    (no credential, invalid state, flagged problems held back, a write awaiting confirmation)."""
    workspace = cache(workspace)
    # One deadline for the whole press of Send: the field configuration, the action kinds and the send.
    deadline = Deadline(settings.ONOFFICE_DEADLINE)
    context = composer_context(user=user, data=data, workspace=workspace, deadline=deadline)
    composed, credential, inputs = context["state"], context["credential"], context["variables"]
    problems = [p for dv in context["drafts"] for p in dv.problems if p.severity == "error"]
    if credential is None:
        context["send_error"] = "Add a credential first: the composer signs with one of your own credentials."
    elif composed.errors:
        context["send_error"] = " ".join(composed.errors)
    elif inputs.problem:
        context["send_error"] = inputs.problem
    elif problems and data.get("force") != "1":
        context["held_problems"] = problems
    else:
        try:
            outcome = compose_send(user=user, credential=credential, actions=inputs.resolved,
                                   confirmed=data.get("confirm") == "1", workspace=workspace(),
                                   origin=CallLog.Origin.SAVED if context["saved_id"] else CallLog.Origin.UI,
                                   deadline=deadline)
        except ConfirmationRequired as exc:
            context["confirmation"] = exc.message
        except ExplorerError as exc:
            context["send_error"] = exc.message
            if exc.extra.get("deadline"):  # say which step used the time up
                details = dict.fromkeys(dv.fields_error for dv in context["drafts"] if dv.fields_error)
                context["send_error"] = " ".join([exc.message, *details])
        else:
            if inputs.names:
                VariableMemory.objects.update_or_create(user=user, key=inputs.memory_key,
                                                        defaults={"values": nul_safe(inputs.values)})
            configs = {dv.draft.index: dv.module_fields for dv in context["drafts"]}
            context["call"] = call_result_view(log=outcome.log, body=outcome.body, field_configs=configs)
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
                 workspace=None, origin: str = CallLog.Origin.UI, deadline: Deadline | None = None) -> CallOutcome:
    """Send composed actions with the user's credential and keep the answer for paging through it.

    `deadline` is what is left of the send's time after loading the field configuration."""
    compose_check(credential=credential, actions=actions, confirmed=confirmed)
    if deadline is not None and deadline.expired:
        raise ExplorerError(f"Nothing was sent: the {deadline.seconds:g} s one send may take ran out while the field "
                            "configuration was loading. Sending again does not wait for it a second time (a loaded "
                            "configuration is cached, one that failed is skipped for a minute).",
                            extra={"deadline": True})
    outcome = credential_call(user=user, credential=credential, actions=actions, origin=origin, workspace=workspace,
                              deadline=deadline)
    answer_keep(outcome)
    return outcome


def tour_dismiss(*, user) -> None:
    TourDismissal.objects.get_or_create(user=user)
