"""The compiled rules parser: built with mypyc, and used only while it matches its sources.

The rules parser spends its time in many small Python functions and in regex searches.
Compiled to C with mypyc (the code is already ``mypy --strict``), the functions run about
1.4 times as fast; the regex searches are the same (``bench/parse.py``).

``build()`` (``make`` runs it before the tests, the demo and the benches) compiles the
modules of ``MODULES`` into extension modules beside their sources, with one shared library
for them all (``native__mypyc``), and writes ``compiled.json``: the sha256 of each source it
was built from; then, compiled or not, it writes the parser's patterns rewritten into tries
(``tries.json``, read by ``leavebot.parsing.tries`` at import). Nothing of the build is
committed.

Python imports an extension module before a source of the same name, so a build older than
its sources would run the old rules. ``choose()``, which the package's ``__init__`` runs before
any module of the parser is imported, compares the hashes: when a source changed since the
build (or ``LEAVEBOT_PURE_PYTHON=1`` is set), it puts a finder first on ``sys.meta_path`` that
loads every module of ``MODULES`` from its source. All or none: the compiled modules call one
another directly in C, so a changed source beside compiled neighbours would not be called.
``STATUS`` says which was chosen and why.

Without a C compiler or Python's headers the build says why and the parser runs as Python;
the answers are the same either way (``tests/test_compiled_parser.py`` compares them).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Final

PACKAGE: Final = "leavebot.parsing"
HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parent.parent
MANIFEST: Final = HERE / "compiled.json"
# The shared library of the build: ``leavebot/parsing/native__mypyc.<abi>.so``.
GROUP: Final = f"{PACKAGE}.native"
# What ``parse_rules`` runs; not the LLM parser, the CLI or the auto mode, which wait on I/O.
MODULES: Final = (
    "clauses",
    "dates",
    "familiar",
    "lexicon",
    "markup",
    "patterns",
    "portions",
    "rules",
    "taken",
    "tokens",
    "vocabulary",
)
PURE_ENV: Final = "LEAVEBOT_PURE_PYTHON"


def source_hashes() -> dict[str, str]:
    """The sha256 of each module's source, by module name."""
    return {m: hashlib.sha256((HERE / f"{m}.py").read_bytes()).hexdigest() for m in MODULES}


def built_files() -> list[Path]:
    """The extension modules of the build that are on disk."""
    found: list[Path] = []
    for name in (*MODULES, GROUP.rpartition(".")[2] + "__mypyc"):
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = HERE / f"{name}{suffix}"
            if path.exists():
                found.append(path)
    return found


def _manifest() -> dict[str, str] | None:
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict):
        return None
    return {str(k): str(v) for k, v in sources.items()}


def stale_reason() -> str | None:
    """Why the compiled modules must not be used, or None when they are the current sources."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return f"{PURE_ENV} is set"
    if not built_files():
        return "not built (make install builds it)"
    built = _manifest()
    if built is None:
        return "no compiled.json beside the build"
    changed = [m for m, digest in source_hashes().items() if built.get(m) != digest]
    if changed:
        return "changed since the build: " + ", ".join(changed)
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the modules of ``MODULES`` as their ``.py`` sources, never their build."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, HERE / f"{name}.py")


def choose() -> str:
    """Load the parser from its build when that is current, else from its sources.

    Must run before any module of ``MODULES`` is imported; returns the ``STATUS``.
    """
    reason = stale_reason()
    if reason is None:
        return "compiled (mypyc)"
    if built_files() and not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder())
    return f"python: {reason}"


STATUS: str = choose()


def _compiler_missing() -> str | None:
    """Why no extension module can be built here, or None."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.exists():
        return f"no Python headers ({headers})"
    return None


def _remove_build() -> None:
    for path in built_files():
        path.unlink()
    MANIFEST.unlink(missing_ok=True)


def build() -> int:
    """Build the parser with mypyc in place; 0 also when it cannot be built here (it says why).
    Either way, write the patterns rewritten into tries for the import to read (``tries``)."""
    _build_compiled()
    return _write_rewrites()


def _build_compiled() -> None:
    if stale_reason() is None:
        os.utime(MANIFEST)  # up to date: make's target is newer than the sources again
        print("parser: the compiled build is current")
        return
    missing = _compiler_missing()
    if missing is not None:
        print(f"parser: not compiled, {missing}; it runs as Python")
        return
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution
    except ImportError as exc:
        print(f"parser: not compiled, no {exc.name} (the dev extras); it runs as Python")
        return
    _remove_build()
    digests = source_hashes()  # before compiling: a source edited meanwhile reads as changed
    os.chdir(ROOT)  # mypyc names the modules from paths relative to the project
    extensions = mypycify(
        [f"leavebot/parsing/{m}.py" for m in MODULES],
        group_name=GROUP,
        target_dir="build/mypyc",
    )
    dist = Distribution({"name": "leavebot-parser", "ext_modules": extensions})
    command = dist.get_command_obj("build_ext")
    command.inplace = True
    command.build_temp = "build/mypyc/temp"
    dist.run_command("build_ext")
    MANIFEST.write_text(json.dumps({"sources": digests}, indent=1) + "\n", encoding="utf-8")
    print(f"parser: compiled {len(MODULES)} modules with mypyc")


def _write_rewrites() -> int:
    """The patterns rewritten into tries, written for the parser's import to read (``tries``)."""
    importlib.import_module(f"{PACKAGE}.rules")  # compiles every pattern of the parser
    tries = importlib.import_module(f"{PACKAGE}.tries")
    print(f"parser: {tries.write_rewrites()} patterns rewritten into tries.json")
    return 0


if __name__ == "__main__":
    sys.exit(build())
