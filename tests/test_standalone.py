"""The repository stands alone: nothing in it reads, runs or sends a reader to a
file outside it.

Two checks. A copy of the checkout (the files ``git`` tracks, and the new ones it
does not ignore: what a clone of this state holds) is put alone in a temporary
folder and its parsing tests, which read the corpora, run there: a test that
looked beside the repository (a ``shared`` folder, say) finds nothing and fails.
And every file that tests, benches, the Makefile, CI and the documentation are
made of is read for a path that leaves the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def checkout_files() -> list[str]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing tells which files the repository holds")
    done = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return [name for name in done.stdout.decode().split("\0") if name]


@pytest.mark.timeout(300)
def test_the_corpus_tests_pass_in_a_copy_with_nothing_beside_it(tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    copy = alone / "leavebot"
    for name in checkout_files():
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert sorted(p.name for p in alone.iterdir()) == ["leavebot"]
    assert (copy / "tests" / "corpus" / "leave-dev.jsonl").is_file()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "COV_"))
    }
    # The copy's own code first: its tests, corpora and package, not this checkout's.
    env["PYTHONPATH"] = str(copy)
    # Every test file that reads a corpus, this one aside, and the compiled parser's, which
    # needs the build `make` makes beside the sources (a bare copy has none, so it runs as Python).
    apart = (Path(__file__).name, "test_compiled_parser.py")
    reading = sorted(
        f"tests/{path.name}"
        for path in (copy / "tests").glob("test_*.py")
        if "corpus" in path.read_text(encoding="utf-8") and path.name not in apart
    )
    assert "tests/test_parsing_rules.py" in reading
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *reading],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    tail = done.stdout[-4000:] + done.stderr[-2000:]
    assert done.returncode == 0, tail
    assert re.search(r"\d+ passed", done.stdout), tail
    assert "skipped" not in done.stdout.splitlines()[-1], tail


# What the repository's own files may not name: a folder beside it (``../x``, a
# ``".."`` path part, three ``parent`` hops up from a file in tests/ or bench/), the
# project's shared folder, this machine's work folders, or the design documents that
# live outside the repository.
OUTSIDE = [
    (re.compile(r"""(?:^|[\s"'(=])\.\./"""), "a path that climbs out (../)"),
    (re.compile(r"""["']\.\.["']"""), 'a ".." path part'),
    (re.compile(r"\.parent\.parent\.parent"), "three parent hops from a file in the repository"),
    (re.compile(r"\b(?:ROOT|REPO)\.parent\b"), "the folder that holds the repository"),
    (re.compile(r"\bshared/(?:corpus|spec|DESIGN)"), "the shared folder"),
    (re.compile(r"/work/"), "a folder of this machine"),
    (re.compile(r"\bspec/parsing\.md|\bDESIGN\.md"), "a document outside the repository"),
]


def scanned_files() -> list[Path]:
    files = [ROOT / "Makefile", ROOT / ".ci" / "run", ROOT / "README.md"]
    for folder, pattern in (("tests", "*.py"), ("bench", "*.py"), ("docs", "*.md")):
        files += sorted((ROOT / folder).rglob(pattern))
    # tests/corpus/README.md is left out: it records where each corpus was copied from.
    return [f for f in files if f.name != Path(__file__).name]


def test_no_test_bench_build_or_doc_file_points_outside_the_repository() -> None:
    found = []
    for path in scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, what in OUTSIDE:
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {what}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_scan_finds_what_it_looks_for() -> None:
    """Each pattern catches the way a file could leave the repository."""
    leaving = [
        'CORPUS = ROOT.parent / "shared" / "corpus"',
        'open("../shared/corpus/leave-dev.jsonl")',
        'ROOT / ".." / "shared"',
        "HERE = Path(__file__).resolve().parent.parent.parent",
        "see /work/shared/DESIGN.md",
        "the contract (spec/parsing.md)",
        "read shared/corpus/dates-en.jsonl",
    ]
    missed = [line for line in leaving if not any(p.search(line) for p, _ in OUTSIDE)]
    assert missed == []
    # An attack string in a URL is not a path of ours.
    assert not any(p.search('"/admin/static/../app.py",') for p, _ in OUTSIDE)


def test_no_file_of_the_checkout_is_a_link_leaving_it() -> None:
    """A link to a folder beside the checkout (a ``.venv`` of another worktree, say) would
    make a clone fail where the original works."""
    root = ROOT.resolve()
    leaving = [
        name
        for name in checkout_files()
        if (ROOT / name).is_symlink() and not (ROOT / name).resolve().is_relative_to(root)
    ]
    assert leaving == []
