"""Models that refuse parameters: the sandbox answers 400 as OpenAI does, the parser sends
only what the configured model takes, and the start-up check makes a refusal an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from leavebot.domain import WorkCalendar
from leavebot.parsing.llm import LLMConfig, LLMFailure, parse_llm
from leavebot.parsing.outcome import Parsed
from leavebot.preflight import check_llm
from leavebot.sandbox.openai import DEFAULT_API_KEY, OpenAISandbox, serve_openai
from leavebot.settings import Settings

pytestmark = pytest.mark.anyio

NOW = dt.datetime.fromisoformat("2026-03-04T10:00:00+05:30")
CAL = WorkCalendar()


@pytest.fixture
async def sandbox() -> AsyncIterator[OpenAISandbox]:
    async with serve_openai() as server:
        yield server


def config(sandbox: OpenAISandbox, **values: Any) -> LLMConfig:
    return LLMConfig.model_validate(
        {"api_key": DEFAULT_API_KEY, "base_url": sandbox.base_url, "max_retries": 0, **values}
    )


def test_the_default_temperature_is_right_for_the_model() -> None:
    key = SecretStr("k")
    assert LLMConfig(api_key=key).temperature == 0.0  # gpt-4o-mini takes it
    for model in ("o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "o3-2025-04-16"):
        assert LLMConfig(api_key=key, model=model).request_options() == {}, model
    assert LLMConfig(api_key=key, model="o3", temperature=1).request_options() == {"temperature": 1}
    assert LLMConfig(api_key=key, model="gpt-4.1").temperature == 0.0
    env = {"OPENAI_API_KEY": "k", "LLM_MODEL": "gpt-4o", "LLM_TEMPERATURE": "none"}
    parsed = LLMConfig.from_env(env)
    assert parsed is not None
    assert parsed.request_options() == {}
    assert (LLMConfig.from_env({**env, "LLM_TEMPERATURE": "0.3"}) or parsed).temperature == 0.3


async def test_the_parser_sends_temperature_only_to_models_that_take_it(
    sandbox: OpenAISandbox,
) -> None:
    result = await parse_llm("off tomorrow", NOW, CAL, config(sandbox))
    assert isinstance(result, Parsed)
    assert sandbox.requests[-1].body["temperature"] == 0
    result = await parse_llm("off tomorrow", NOW, CAL, config(sandbox, model="o3-mini"))
    assert isinstance(result, Parsed)
    assert "temperature" not in sandbox.requests[-1].body
    assert sandbox.requests[-1].model == "o3-mini"


@pytest.mark.parametrize(
    ("model", "code", "message"),
    [
        ("o3-mini", "unsupported_parameter", "Unsupported parameter: 'temperature'"),
        ("o1-mini", "unsupported_parameter", "is not supported with this model"),
        ("gpt-5", "unsupported_value", "Only the default (1) value is supported"),
        ("o3", "unsupported_value", "does not support 0 with this model"),
    ],
)
async def test_a_refused_parameter_is_a_parameter_failure(
    sandbox: OpenAISandbox, model: str, code: str, message: str
) -> None:
    forced = config(sandbox, model=model, temperature=0)
    result = await parse_llm("off tomorrow", NOW, CAL, forced)
    assert isinstance(result, LLMFailure)
    assert result.kind == "parameter"
    assert result.detail.startswith("temperature: HTTP 400")
    assert message in result.detail
    import aiohttp

    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{sandbox.base_url}/chat/completions",
            json={"model": model, "messages": [], "temperature": 0},
            headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"},
        ) as resp,
    ):
        assert resp.status == 400
        error = (await resp.json())["error"]
    assert error["param"] == "temperature"
    assert error["code"] == code
    assert error["type"] == "invalid_request_error"


async def test_the_start_check_makes_a_refused_parameter_an_error(
    sandbox: OpenAISandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", DEFAULT_API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("LLM_MODEL", "o3-mini")
    monkeypatch.setenv("LLM_TEMPERATURE", "0")
    (finding,) = await check_llm(settings)
    assert finding.level == "error"
    assert finding.code == "llm_parameter_refused"
    assert "LLM_TEMPERATURE=none" in finding.text
    assert len(sandbox.requests) == 1  # one call
    monkeypatch.delenv("LLM_TEMPERATURE")  # right for the model: none sent
    (ok,) = await check_llm(settings)
    assert ok.level == "ok"
    assert "optional parameters: none" in ok.text
    monkeypatch.setenv("OPENAI_API_KEY", "wrong")
    (refused,) = await check_llm(settings)
    assert refused.level == "error"
    assert "HTTP 401" in refused.text
    monkeypatch.delenv("OPENAI_API_KEY")
    (nothing,) = await check_llm(settings)
    assert nothing.level == "info"
