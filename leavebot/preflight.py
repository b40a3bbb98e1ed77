"""Start-up checks of the outside services: what they will refuse, found before a leave needs it.

A process checks the services its actors use once, in the background, when it
has started (:func:`start_checks`), logs what it found (``service_check.*``)
and keeps it in ``service_checks``, where ``leave-bot health`` shows it;
``leave-bot health --check`` runs the checks again, now.

* **Harvest** (worker): the company settings (``GET /v2/company``: entries by
  duration or by start and end times); the token's user (``GET /v2/users/me``):
  leavebot logs time *for other people*, which takes an administrator (or a
  manager with the ``time_and_expenses_manager`` role, for the people they
  manage) -- anyone else gets 403 on every entry; the leave project (missing,
  archived), its tasks for vacation and sick leave, and the registered people
  who are not assigned to it (Harvest answers 422 for them).
* **LLM** (bot): one real request with the parameters the parser sends. A
  reasoning model answers 400 to a ``temperature`` it does not take; that is
  an **error** (set ``LLM_TEMPERATURE``), not a silent fall back to asking
  people for dates. A wrong key is an error too; an unreachable endpoint a
  warning.

A check never stops a process: the findings are the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

import anyio
import structlog

from leavebot.config import RuntimeConfig
from leavebot.db import Database
from leavebot.errors import ConfigError
from leavebot.queries import Q
from leavebot.settings import Settings

log = structlog.get_logger(__name__)

Level = Literal["ok", "info", "warning", "error"]
Status = Literal["ok", "warning", "error"]
CHECK_TIMEOUT_S = 60.0
MAX_NAMES = 10


@dataclass(frozen=True)
class Finding:
    """One thing a check found: ``code`` for machines, ``text`` for people."""

    level: Level
    code: str
    text: str


def status_of(findings: list[Finding]) -> Status:
    if any(f.level == "error" for f in findings):
        return "error"
    if any(f.level == "warning" for f in findings):
        return "warning"
    return "ok"


# -------------------------------------------------------------------- Harvest


async def check_harvest(
    settings: Settings, config: RuntimeConfig, people: list[tuple[str, int]]
) -> list[Finding]:
    """What Harvest will refuse: rights, project, tasks, assignments (``people``: name, id)."""
    from leavebot.harvest import HarvestClient, HarvestError

    try:
        client = HarvestClient.from_settings(settings)
    except ConfigError as exc:
        return [Finding("info", "harvest_not_set_up", f"Harvest is not set up: {exc}")]
    findings: list[Finding] = []
    async with client:
        try:
            company = await client.company()
            if company.get("wants_timestamp_timers"):
                text = (
                    "the account tracks time by start and end times: entries are made"
                    " from 9:00 with an end (never a running timer)"
                )
            else:
                text = "the account tracks time by duration: entries are made with hours"
            findings.append(Finding("info", "harvest_time_form", text))
            findings += _rights(await client.me())
            project_id = config.harvest_project_id
            if project_id is None:
                findings.append(
                    Finding("warning", "harvest_project_unset", "harvest_project_id is not set")
                )
                return findings
            project = await client.project(project_id)
            if project is None:
                findings.append(
                    Finding(
                        "warning",
                        "harvest_project_missing",
                        f"the leave project {project_id} does not exist in Harvest (or the"
                        " token cannot see it): every entry will fail",
                    )
                )
                return findings
            name = f"{project.get('name') or project_id} ({project_id})"
            if project.get("is_active") is False:
                findings.append(
                    Finding("warning", "harvest_project_archived", f"project {name} is archived")
                )
            tasks = {
                (a.get("task") or {}).get("id")
                for a in await client.task_assignments(project_id)
                if a.get("is_active", True)
            }
            for key in ("harvest_task_vacation", "harvest_task_sick"):
                task_id = getattr(config, key)
                if task_id is None:
                    findings.append(Finding("warning", "harvest_task_unset", f"{key} is not set"))
                elif task_id not in tasks:
                    findings.append(
                        Finding(
                            "warning",
                            "harvest_task_not_in_project",
                            f"{key} {task_id} is not a task of project {name}",
                        )
                    )
            assigned = {
                (a.get("user") or {}).get("id")
                for a in await client.user_assignments(project_id)
                if a.get("is_active", True)
            }
            missing = sorted(person for person, user_id in people if user_id not in assigned)
            if missing:
                shown = ", ".join(missing[:MAX_NAMES])
                more = f" and {len(missing) - MAX_NAMES} more" if len(missing) > MAX_NAMES else ""
                findings.append(
                    Finding(
                        "warning",
                        "harvest_people_not_assigned",
                        f"not assigned to project {name}, so their leave cannot be logged:"
                        f" {shown}{more}",
                    )
                )
        except HarvestError as exc:
            findings.append(Finding("warning", "harvest_unreachable", f"Harvest {exc.sentence}"))
    return findings


def _rights(me: dict[str, Any]) -> list[Finding]:
    """Whether the token's user may log time for other people."""
    roles = set(me.get("access_roles") or [])
    who = f"{me.get('first_name', '')} {me.get('last_name', '')}".strip() or str(me.get("id"))
    if "administrator" in roles:
        return []
    if "manager" in roles and "time_and_expenses_manager" in roles:
        return [
            Finding(
                "warning",
                "harvest_token_manager",
                f"the Harvest token's user ({who}) is a manager: it can log time only for"
                " the people it manages; use an administrator's token",
            )
        ]
    return [
        Finding(
            "warning",
            "harvest_token_cannot_log_for_others",
            f"the Harvest token's user ({who}) cannot log time for other people: every"
            " entry will be refused (403); use an administrator's token",
        )
    ]


# ------------------------------------------------------------------------ LLM


async def check_llm(settings: Settings) -> list[Finding]:
    """One real request with the parser's parameters: does the model take them?"""
    from leavebot.domain import WorkCalendar
    from leavebot.parsing.llm import LLMConfig, LLMFailure, parse_llm

    try:
        llm = LLMConfig.from_env()
    except ValueError as exc:
        return [Finding("error", "llm_settings_invalid", f"the LLM settings are invalid: {exc}")]
    if llm is None:
        return [Finding("info", "llm_not_set_up", "no OPENAI_API_KEY: the rules parser alone")]
    sent = ", ".join(f"{k}={v}" for k, v in llm.request_options().items()) or "none"
    now = dt.datetime.now(dt.UTC)
    answer = await parse_llm("off tomorrow", now, WorkCalendar(), llm)
    if not isinstance(answer, LLMFailure):
        return [Finding("ok", "llm_ok", f"model {llm.model} answers (optional parameters: {sent})")]
    if answer.kind == "parameter":
        return [
            Finding(
                "error",
                "llm_parameter_refused",
                f"model {llm.model} refuses a parameter leavebot sends ({answer.detail}); set"
                " LLM_TEMPERATURE=none (or a value the model takes)",
            )
        ]
    if answer.kind == "http" and answer.detail.startswith(("HTTP 401", "HTTP 403", "HTTP 404")):
        return [
            Finding(
                "error",
                "llm_refused",
                f"model {llm.model}: {answer.detail} (check OPENAI_API_KEY, LLM_MODEL)",
            )
        ]
    return [Finding("warning", f"llm_{answer.kind}", f"model {llm.model}: {answer.detail}")]


# ----------------------------------------------------------------- running them

SERVICES: dict[str, tuple[str, ...]] = {
    "all": ("llm", "harvest"),
    "bot": ("llm",),
    "worker": ("harvest",),
    "web": (),
}


async def run_check(service: str, settings: Settings, db: Database) -> list[Finding]:
    if service == "llm":
        return await check_llm(settings)
    from leavebot.config import load_config

    config = await load_config(db)
    people = [
        (str(r["display_name"]), int(r["harvest_user_id"]))
        for r in await db.fetch(Q.users_with_harvest)
    ]
    return await check_harvest(settings, config, people)


async def check_and_record(service: str, settings: Settings, db: Database, process: str) -> Status:
    """Run one service's check, log and keep what it found; its status."""
    try:
        with anyio.fail_after(CHECK_TIMEOUT_S):
            findings = await run_check(service, settings, db)
    except TimeoutError:
        findings = [Finding("warning", "check_timeout", f"no answer in {CHECK_TIMEOUT_S:g} s")]
    status = status_of(findings)
    for finding in findings:
        if finding.level == "error":
            log.error(
                "service_check.error", service=service, code=finding.code, detail=finding.text
            )
        elif finding.level == "warning":
            log.warning(
                "service_check.warning", service=service, code=finding.code, detail=finding.text
            )
    log.info("service_check.done", service=service, status=status, findings=len(findings))
    await db.execute(
        Q.service_check_record, service, process, status, [asdict(f) for f in findings]
    )
    return status


async def start_checks(role: str, settings: Settings, db: Database) -> None:
    """The checks of a process's services, once at start (never raising)."""
    for service in SERVICES.get(role, ()):
        try:
            await check_and_record(service, settings, db, role)
        except Exception as exc:  # a check never takes a process down
            log.warning("service_check.failed", service=service, error=repr(exc)[:300])
