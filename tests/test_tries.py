"""The parser's patterns, rewritten into tries, match as their originals (``tries``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leavebot.parsing.rules  # noqa: F401 - compiles every pattern of the parser
from leavebot.parsing import tries

CORPUS = Path(__file__).parent / "corpus"


def _texts() -> list[str]:
    """Corpus messages, as written and lower-cased (most patterns read the lower case)."""
    texts: list[str] = []
    for name, step in (("leave-dev.jsonl", 1), ("leave-own.jsonl", 4), ("leave-written.jsonl", 8)):
        lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::step] if line.strip()]
    return texts + [t.lower() for t in texts]


def _readings(pattern: re.Pattern[str], text: str) -> list[object]:
    """What the parser asks of a pattern: search from the start and from a middle word,
    match at the start, and every match in turn, each with its span and groups."""
    middle = text.find(" ", len(text) // 2) + 1
    out: list[object] = []
    for start in (0, middle):
        m = pattern.search(text, start)
        out.append(m and (m.span(), m.groups()))
    m = pattern.match(text)
    out.append(m and (m.span(), m.groups()))
    out.append([(m.span(), m.groups()) for m in pattern.finditer(text)])
    return out


def test_the_parser_s_patterns_are_rewritten() -> None:
    rewritten = [p for (source, _), p in tries.COMPILED.items() if p.pattern != source]
    assert len(tries.COMPILED) > 150
    # the long alternations are; the small ones are compiled as written
    assert len(rewritten) > 40


def test_every_rewritten_pattern_matches_as_its_original_on_the_corpora() -> None:
    texts = _texts()
    checked = 0
    for (source, flags), pattern in tries.COMPILED.items():
        if pattern.pattern == source:
            continue
        original = re.compile(source, flags)
        for text in texts:
            assert _readings(pattern, text) == _readings(original, text), (source[:80], text)
        checked += 1
    assert checked > 40


def test_every_parser_pattern_writes_back_to_the_same_program() -> None:
    # the writer alone, with nothing rewritten, gives the engine the same program
    parser = pytest.importorskip("re._parser")
    compiler = pytest.importorskip("re._compiler")
    for source, flags in tries.COMPILED:
        written, written_flags = tries.serialize(source, flags)
        before = compiler._code(parser.parse(source, flags), flags)
        after = compiler._code(parser.parse(written, written_flags), written_flags)
        assert before == after, source[:80]


@pytest.mark.parametrize(
    ("source", "flags", "expected"),
    [
        # a \b said after the first character, looking back over it
        (r"\bleave|\bpto|off", 0, r"(?:l(?<![\w]l)eave|p(?<![\w]p)to|off)"),
        # branches with one first character joined behind it
        (r"sick|sore|flu", 0, r"(?:s(?:ick|ore)|flu)"),
        # a group spread into its branches, a lookbehind moved past the first character
        (
            r"(?<!my\s)(?:day|week) off|x|y",
            0,
            r"(?:d(?<!my[\s]d)ay\ off|w(?<!my[\s]w)eek\ off|x|y)",
        ),
        # a lookahead looked for from behind the character it starts at
        (r"(?=ab)a|b|c", 0, r"(?:a(?<=(?=ab)a)|b|c)"),
        # a repeat split into its first character and the rest
        (r"\s+and|x|y", 0, r"(?:[\s][\s]*and|x|y)"),
        # not reordered past a branch that may start with the same character
        (r"ab|[a-c]d|ae", 0, r"(?:ab|[a-c]d|ae)"),
        # case-blind: the cases spelt out ('A' and 'a' one class), the order kept
        (r"ab|Ax|ac", re.IGNORECASE, r"(?:[Aa](?:[Bb]|[Xx]|[Cc]))"),
        (r"(?i:hi|hey)\s+x|y|z", 0, r"(?:(?:[Hh](?:[Iiİı]|[Ee][Yy]))[\s]+x|y|z)"),
        # a letter beyond ASCII: left case-blind
        (r"caf(?i:é|e)|x|y", 0, r"(?:caf(?i:[ée])|x|y)"),
        # a capturing group is never copied: left as written
        (r"(?P<w>a|b)c|d|e", 0, r"(?:(?P<w>[ab])c|d|e)"),
        # two branches or fewer: compiled as written
        (r"\bleave|\bpto", 0, r"\bleave|\bpto"),
    ],
)
def test_rewrites(source: str, flags: int, expected: str) -> None:
    written, _ = tries.rewrite(source, flags)
    assert written == expected
    assert re.compile(written).pattern == expected  # and it compiles


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"ab|A|ac", re.IGNORECASE),  # 'A' matches the 'a' of "ac" first
        (r"ab|(?i:A)|ac", 0),
        (r"\bab|\Ba|\bac|b", 0),
        (r"(?<=a)b|(?<!a)b|bb|ab", 0),
        (r"(?=a)a|(?!a).|a+|b", 0),
        (r"a{2,3}b|a+|ab|b*", 0),
        (r"(?:a|ab)(?:b|)|a|ba", 0),
        (r"\b(?:a|aa|b)\b|a\b|\ba", 0),
        (r"(a)|(b)|(ab)|a", 0),
    ],
)
def test_tricky_patterns_match_as_their_originals_on_every_short_text(
    source: str, flags: int
) -> None:
    texts = [""]
    for _ in range(3):
        texts += [t + c for t in texts for c in "aAbc "]
    original, rewritten = re.compile(source, flags), re.compile(*tries.rewrite(source, flags))
    for text in set(texts):
        assert _readings(rewritten, text) == _readings(original, text), (source, text)


def test_no_character_beyond_the_candidates_matches_an_ascii_letter_case_blind() -> None:
    # what ``_CASE_VARIANTS`` reads from the engine covers every character it matches
    letters = re.compile("[a-z]", re.IGNORECASE)
    alone = re.compile("(?:" + "|".join("abcdefghijklmnopqrstuvwxyz") + ")", re.IGNORECASE)
    found = {
        c for c in range(128, 0x110000) if letters.fullmatch(chr(c)) or alone.fullmatch(chr(c))
    }
    assert found <= set(tries._CASE_CANDIDATES)
    assert tries._CASE_VARIANTS[(ord("k"), True)] == [ord("K"), ord("k"), 0x212A]


_WORDS = st.sampled_from(["a", "b", "ab", "ba", "a b", "b'", "A", "1", "aa"])
_LEAD = st.sampled_from(["", r"\b", r"\B", "(?<!a)", "(?<=b )", "(?<!a)(?<!b)", "(?=ab)", "(?!a)"])
_ATOM = st.one_of(
    _WORDS.map(re.escape),
    st.sampled_from([r"[ab]", r"\s+", r"\w*", r"a{1,3}", r"\d", r"[ab]+?", r" ?", r"\b", "."]),
    st.lists(_WORDS.map(re.escape), min_size=2, max_size=4).map(
        lambda ws: "(?:" + "|".join(ws) + ")"
    ),
)
_BRANCH = st.builds(
    lambda lead, atoms: lead + "".join(atoms), _LEAD, st.lists(_ATOM, min_size=1, max_size=3)
)


@st.composite
def _patterns(draw: st.DrawFn) -> tuple[str, int]:
    branches = draw(st.lists(_BRANCH, min_size=3, max_size=7))
    if draw(st.booleans()):
        k = draw(st.integers(0, len(branches) - 1))
        branches[k] = "(" + branches[k] + ")"  # a capturing group
    source = "|".join(branches)
    wrap = draw(st.sampled_from(["{}", r"\b(?:{})\b", "x?(?:{})+", "(?:{}) ?b", "(?i:{})b"]))
    flags = draw(st.sampled_from([0, re.IGNORECASE]))
    return wrap.format(source), flags


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.lists(st.text("abAB '1x\n", max_size=14), min_size=1, max_size=6))
def test_generated_patterns_match_as_their_originals(
    case: tuple[str, int], texts: list[str]
) -> None:
    source, flags = case
    try:
        original = re.compile(source, flags)
    except re.error:
        return  # a lookbehind of two widths: not a pattern at all
    rewritten = re.compile(*tries.rewrite(source, flags))
    for text in texts:
        assert _readings(rewritten, text) == _readings(original, text)
        for pos in range(len(text) + 1):
            m, n = rewritten.search(text, pos), original.search(text, pos)
            assert (m and (m.span(), m.groups())) == (n and (n.span(), n.groups()))


def test_every_pattern_compiled_is_its_rewrite_whether_or_not_the_build_wrote_it() -> None:
    """A pattern compiled from the rewrites the build wrote (``tries.json``) is the pattern the
    rewriter gives now; one compiled before it was written, or without it, is the same."""
    for (source, flags), pattern in tries.COMPILED.items():
        written, written_flags = tries.rewrite(source, flags)
        assert pattern.pattern == written
        assert pattern.flags == re.compile(written, written_flags).flags


def test_the_rewrites_are_read_only_from_the_file_this_tries_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tries, "REWRITES_FILE", tmp_path / "tries.json")
    assert tries._load_rewrites() == {}  # no file: rewrite each pattern at import
    written = tries.write_rewrites()
    assert written == len(tries.COMPILED) > 150
    loaded = tries._load_rewrites()
    for source, flags in tries.COMPILED:
        assert loaded[tries._key(source, flags)] == list(tries.rewrite(source, flags))
    data = json.loads((tmp_path / "tries.json").read_text(encoding="utf-8"))
    data["stamp"] = "another tries.py python 3.99"  # written by another rewriter or Python
    (tmp_path / "tries.json").write_text(json.dumps(data), encoding="utf-8")
    assert tries._load_rewrites() == {}
    (tmp_path / "tries.json").write_text("{not json", encoding="utf-8")
    assert tries._load_rewrites() == {}


def test_a_pattern_is_compiled_from_the_rewrite_the_build_wrote(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = r"\b(?:alpha|beta|gamma|delta)\b(?# only this test compiles this)"
    monkeypatch.setitem(tries._REWRITES, tries._key(source, 0), [r"\b(?:alpha|beta)\b", 0])
    monkeypatch.delitem(tries.COMPILED, (source, 0), raising=False)
    try:
        assert tries.trie_compile(source).pattern == r"\b(?:alpha|beta)\b"  # read, not rewritten
    finally:
        tries.COMPILED.pop((source, 0), None)
