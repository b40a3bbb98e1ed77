# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The rules parser compiled with mypyc (leavebot/parsing/compiled.py); it runs as Python
# wherever it cannot be built, and never from a build older than its sources.
PARSER_BUILD := leavebot/parsing/compiled.json

.PHONY: demo test lint types pytest bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

$(PARSER_BUILD): $(STAMP) $(wildcard leavebot/parsing/*.py)
	$(BIN)/python -c 'import sys; from leavebot.parsing.compiled import build; sys.exit(build())'

install: $(STAMP) $(PARSER_BUILD)

demo: $(STAMP) $(PARSER_BUILD)
	$(BIN)/leave-bot demo $(DEMO_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check leavebot actors tests bench
	$(BIN)/ruff format --check leavebot actors tests bench

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(PARSER_BUILD)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint types pytest

bench: $(STAMP) $(PARSER_BUILD)
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/parse_cli.py
	$(BIN)/python bench/channel.py
	$(BIN)/python bench/slack.py
	$(BIN)/python bench/digest.py

clean:
	rm -rf $(VENV) .leavebot .pytest_cache .mypy_cache .ruff_cache build $(PARSER_BUILD) leavebot/parsing/tries.json
	rm -f leavebot/parsing/*.so
