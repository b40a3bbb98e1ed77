"""The parser's regular expressions, rewritten so the engine tries fewer branches.

Owns ``trie_compile``, which every pattern of the rules parser is compiled with. The
patterns are long alternations of words (``_WEAK`` has hundreds of branches), most
behind ``\\b`` or a lookbehind. Python's engine tests the branches of an alternation
one by one at every position it tries; it skips a branch cheaply only when the
branch starts with a plain character or a character class, and enters every other
branch (one that starts with ``\\b``, a lookaround or a group) to fail it there.
Half of the parser's time went to the engine (``bench/parse.py``), most of it so.

``trie_compile`` parses the pattern with the standard library's own parser, rewrites
each alternation so that its branches start with a character, and compiles the result:

- a branch that starts with a group of alternatives is spread into one branch per
  alternative (``(?:pto|leave) left`` into ``pto left|leave left``), while the copies
  stay small (``_SPREAD_BUDGET``);
- a ``\\b`` or lookaround before a branch's first character is said after it,
  looking back over that character: ``\\bleave`` becomes ``l(?<!\\wl)eave``,
  ``(?<!my\\s)day`` becomes ``d(?<!my\\sd)ay`` and ``(?=X)d`` becomes ``d(?<=(?=X)d)``;
- branches that start with the same character (or the same class) are joined behind
  it, recursively (a trie), where no branch between them could start with that
  character, so that the first branch that matches at a position is the same as before;
- a case-blind part (``(?i:hi|hey|...)``, the greetings before a subject) is written
  with its letters' cases spelt out (``[hH][iI]``), which the engine skips on where it
  cannot skip on a case-blind letter; the characters each letter matches are the
  engine's own (``_CASE_VARIANTS``: ``i`` is ``İ`` and ``ı`` too, ``s`` is ``ſ``).

Each step keeps what the pattern matches, where, and its groups: a branch is spread
or reordered only where none of it captures, and the order in which the engine tries
the readings at a position is unchanged. ``tests/test_tries.py`` checks it: every
pattern of the parser against its original on the corpora's texts, the rewritten
code against the original where nothing is rewritten, and generated patterns
against generated texts.

It reads the standard library's private parser (``re._parser``, Python 3.11 on);
where that is missing, ``trie_compile`` is ``re.compile``.

The rewriting takes about 0.3 s of the parser's import; the parser's build (``make``, through
``leavebot.parsing.compiled.build``) writes every rewritten source to ``tries.json``
(``write_rewrites``), and ``trie_compile`` compiles a pattern from there when that file was
written by this very ``tries.py`` on this Python version, found by the exact source and flags
it was rewritten from; any other pattern is rewritten as before. The file is not committed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any

try:
    _P: Any = importlib.import_module("re._parser")
    _C: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a Python without the 3.11 layout
    _P = _C = None

Item = tuple[Any, Any]

# A branch is spread while the copies of what follows its group stay within this many
# parse nodes in all; past it the group stays (its own branches still become a trie).
# Measured with callgrind over a quarter of bench/parse.py's messages (compiled parser):
# 400 gave 1,535M instructions, 2,000 1,463M (-4.7%), 10,000 1,449M; the import took
# 0.86 s, 1.05 s and 1.4 s.
_SPREAD_BUDGET = 2000
_WORD_CHAR = re.compile(r"\w")

# The characters other than ASCII that Python's engine matches to an ASCII letter when
# case-blind (found over all of Unicode by ``tests/test_tries.py``).
_CASE_CANDIDATES = (
    *(0xDF, 0x130, 0x131, 0x17F, 0x1F0, 0x212A, 0x1E96, 0x1E97, 0x1E98, 0x1E99, 0x1E9A),
    *(0x1E9E, 0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06),
)


def _case_variants(letter: int, in_class: bool) -> list[int]:
    """What a case-blind ``letter`` matches, alone or in a class, as the engine decides."""
    pattern = re.compile(f"[{chr(letter)}]" if in_class else chr(letter), re.IGNORECASE)
    candidates = {ord(chr(letter).lower()), ord(chr(letter).upper()), *_CASE_CANDIDATES}
    return sorted(c for c in candidates if pattern.fullmatch(chr(c)))


_CASE_VARIANTS: dict[tuple[int, bool], list[int]] = {
    (c, in_class): _case_variants(c, in_class)
    for c in range(ord("a"), ord("z") + 1)
    for in_class in (False, True)
}


# Every pattern compiled here, by the source and flags it was compiled from (the tests
# compare each with its original); one entry a pattern, however often it is asked for (the
# gate's keyword patterns are compiled again when an admin changes the trigger words).
COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}

# The rewritten sources the build wrote (the module docstring)
REWRITES_FILE = Path(__file__).with_name("tries.json")


def _stamp() -> str:
    """What a rewrites file must have been written by: this source, this Python."""
    here = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"{here} python {sys.version_info[0]}.{sys.version_info[1]}"


def _key(source: str, flags: int) -> str:
    return f"{flags}:{source}"


def _load_rewrites() -> dict[str, Any]:
    """The rewrites of ``REWRITES_FILE``; none when it is missing, unreadable or stale."""
    try:
        data = json.loads(REWRITES_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != _stamp():
        return {}
    rewrites = data.get("rewrites")
    return rewrites if isinstance(rewrites, dict) else {}


_REWRITES: dict[str, Any] = _load_rewrites() if _P is not None else {}


def write_rewrites() -> int:
    """Write every pattern compiled so far, rewritten, to ``REWRITES_FILE``; how many."""
    rewrites = {_key(source, flags): list(rewrite(source, flags)) for source, flags in COMPILED}
    payload = {"stamp": _stamp(), "rewrites": rewrites}
    REWRITES_FILE.write_text(json.dumps(payload), encoding="utf-8")
    return len(rewrites)


def trie_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, its alternations rewritten (the module docstring)."""
    pattern = COMPILED.get((source, flags))
    if pattern is None:
        if _P is None:
            pattern = re.compile(source, flags)
        else:
            written = _REWRITES.get(_key(source, flags))
            pattern = (
                re.compile(written[0], written[1])
                if written is not None
                else re.compile(*rewrite(source, flags))
            )
        COMPILED[(source, flags)] = pattern
    return pattern


def rewrite(source: str, flags: int = 0) -> tuple[str, int]:
    """The rewritten pattern's source and flags; the same when nothing is rewritten.

    The source is written without ``re.VERBOSE`` (its spaces are characters to match)
    and with the flags the pattern set inline (``(?i)`` at its start) in the flags.
    """
    if source.count("|") < 2:
        return source, flags  # no alternation of three branches: nothing to rewrite
    tree = _P.parse(source, flags)
    items: list[Item] = list(tree.data)
    if not _has_wide_branch(items):
        return source, flags
    flags = (flags | tree.state.flags) & ~re.VERBOSE
    caseless = bool(flags & re.IGNORECASE) or "(?i" in source
    rewriter = _Rewriter(tree.state, caseless)
    if flags & re.IGNORECASE and (spelt := rewriter.uncased(items)) is not None:
        items, flags = spelt, flags & ~re.IGNORECASE
    names = {gid: name for name, gid in tree.state.groupdict.items()}
    return _Writer(names).seq(rewriter.items(items)), flags


def serialize(source: str, flags: int = 0) -> tuple[str, int]:
    """The pattern written back from its parse, unrewritten, and its flags (for the tests)."""
    tree = _P.parse(source, flags)
    names = {gid: name for name, gid in tree.state.groupdict.items()}
    return _Writer(names).seq(list(tree.data)), (flags | tree.state.flags) & ~re.VERBOSE


def _children(op: Any, av: Any) -> list[list[Item]]:
    if op is _C.BRANCH:
        return [list(b.data) for b in av[1]]
    if op is _C.SUBPATTERN:
        return [list(av[3].data)]
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        return [list(av[2].data)]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [list(av[1].data)]
    if op is _C.ATOMIC_GROUP:
        return [list(av.data)]
    if op is _C.GROUPREF_EXISTS:
        return [list(av[1].data)] + ([list(av[2].data)] if av[2] else [])
    return []


def _has_wide_branch(items: list[Item]) -> bool:
    """Whether an alternation of more than two branches is anywhere in ``items``."""
    for op, av in items:
        if op is _C.BRANCH and len(av[1]) > 2:
            return True
        if any(_has_wide_branch(child) for child in _children(op, av)):
            return True
    return False


def _captures(items: list[Item]) -> bool:
    """Whether ``items`` hold a capturing group or refer to one."""
    for op, av in items:
        if op is _C.SUBPATTERN and av[0] is not None:
            return True
        if op in (_C.GROUPREF, _C.GROUPREF_EXISTS):
            return True
        if any(_captures(child) for child in _children(op, av)):
            return True
    return False


def _size(items: list[Item]) -> int:
    return sum(1 + sum(_size(child) for child in _children(op, av)) for op, av in items)


def _one_char(item: Item) -> bool:
    return item[0] in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY)


def _class_chars(item: Item) -> list[int] | None:
    """The characters a literal or a class of literals and small ranges matches."""
    op, av = item
    if op is _C.LITERAL:
        return [av]
    if op is not _C.IN:
        return None
    chars: list[int] = []
    for kind, value in av:
        if kind is _C.LITERAL:
            chars.append(value)
        elif kind is _C.RANGE and value[1] - value[0] <= 64:
            chars.extend(range(value[0], value[1] + 1))
        else:
            return None
    return chars


def _wordness(item: Item) -> bool | None:
    """True when every character ``item`` matches is a word character, False when none is."""
    op, av = item
    if op is _C.IN and len(av) == 1 and av[0][0] is _C.CATEGORY:
        category = av[0][1]
        if category in (_C.CATEGORY_WORD, _C.CATEGORY_DIGIT):
            return True
        if category is _C.CATEGORY_NOT_WORD:
            return False
        return None
    chars = _class_chars(item)
    if chars is None:
        return None
    kinds = {bool(_WORD_CHAR.match(chr(c))) for c in chars}
    return kinds.pop() if len(kinds) == 1 else None


class _Rewriter:
    """Rewrites the alternations of one pattern's parse (the module docstring)."""

    def __init__(self, state: Any, caseless: bool) -> None:
        self.state = state
        self.caseless = caseless

    def sub(self, items: list[Item]) -> Any:
        pattern = _P.SubPattern(self.state)
        pattern.data = list(items)
        return pattern

    def items(self, items: list[Item]) -> list[Item]:
        out: list[Item] = []
        for op, av in items:
            if op is _C.BRANCH:
                out.append((op, (None, self.branch([list(b.data) for b in av[1]]))))
            elif op is _C.SUBPATTERN:
                group, add, drop, body = av
                inner = list(body.data)
                if add & re.IGNORECASE and (spelt := self.uncased(inner)) is not None:
                    inner, add = spelt, add & ~re.IGNORECASE
                out.append((op, (group, add, drop, self.sub(self.items(inner)))))
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                low, high, body = av
                out.append((op, (low, high, self.sub(self.items(list(body.data))))))
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                out.append((op, (av[0], self.sub(self.items(list(av[1].data))))))
            else:
                out.append((op, av))
        return out

    def uncased(self, items: list[Item]) -> list[Item] | None:
        """Case-blind ``items`` with their letters' cases spelt out; None where one cannot
        be (a letter beyond ASCII, a negated class, a reference to a group)."""
        out: list[Item] = []
        for op, av in items:
            if op is _C.LITERAL:
                ch = chr(av)
                if ch.isascii() and ch.isalpha():
                    variants = _CASE_VARIANTS[(ord(ch.lower()), False)]
                    out.append((_C.IN, [(_C.LITERAL, c) for c in variants]))
                elif ch.lower() != ch.upper():
                    return None
                else:
                    out.append((op, av))
            elif op is _C.IN:
                members = self.uncased_class(av)
                if members is None:
                    return None
                out.append((op, members))
            elif op in (_C.AT, _C.ANY):
                out.append((op, av))
            elif op is _C.BRANCH:
                branches = [self.uncased(list(b.data)) for b in av[1]]
                if any(b is None for b in branches):
                    return None
                out.append((op, (None, [self.sub(b) for b in branches if b is not None])))
            elif op is _C.SUBPATTERN:
                group, add, drop, body = av
                inner = list(body.data) if drop & re.IGNORECASE else self.uncased(list(body.data))
                if inner is None:
                    return None
                out.append((op, (group, add & ~re.IGNORECASE, drop, self.sub(inner))))
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                inner = self.uncased(list(av[2].data))
                if inner is None:
                    return None
                out.append((op, (av[0], av[1], self.sub(inner))))
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                inner = self.uncased(list(av[1].data))
                if inner is None:
                    return None
                out.append((op, (av[0], self.sub(inner))))
            else:
                return None
        return out

    @staticmethod
    def uncased_class(members: list[Item]) -> list[Item] | None:
        out: list[Item] = []
        for kind, value in members:
            if kind is _C.CATEGORY:
                out.append((kind, value))
                continue
            if kind is _C.LITERAL:
                chars = [value]
            elif kind is _C.RANGE and value[1] - value[0] <= 64:
                chars = list(range(value[0], value[1] + 1))
            else:
                return None  # a negated class, a wide range
            for c in chars:
                ch = chr(c)
                if ch.isascii() and ch.isalpha():
                    variants = _CASE_VARIANTS[(ord(ch.lower()), True)]
                    out.extend((_C.LITERAL, v) for v in variants)
                elif ch.lower() != ch.upper():
                    return None
                else:
                    out.append((_C.LITERAL, c))
        return out

    def branch(self, alternatives: list[list[Item]]) -> list[Any]:
        """One alternation's branches, each starting with a character where it can, as a trie."""
        spread: list[list[Item]] = []
        for alternative in alternatives:
            spread.extend(self.spread(alternative) if len(alternatives) > 2 else [alternative])
        # entries: (first item, its characters, [rests]) for branches joined behind the same
        # first character or class, or (None, None, [branch]) for a branch left as it is
        entries: list[tuple[Item | None, frozenset[int] | None, list[list[Item]]]] = []
        for alternative in spread:
            chars = None
            if alternative and alternative[0][0] in (_C.LITERAL, _C.IN):
                known = _class_chars(alternative[0])
                chars = frozenset(known) if known is not None else None
            if chars is None:
                entries.append((None, None, [alternative]))
                continue
            target = None
            for _first, first_chars, members in reversed(entries):
                if first_chars == chars:
                    target = members
                    break
                starts = first_chars if first_chars is not None else self.starts(members[0])
                if starts is None or not all(self.disjoint(a, b) for a in starts for b in chars):
                    break
            if target is None:
                entries.append((alternative[0], chars, [alternative[1:]]))
            else:
                target.append(alternative[1:])
        out: list[Any] = []
        for first, _, members in entries:
            if first is None:
                out.append(self.sub(self.items(members[0])))
            elif len(members) == 1:
                out.append(self.sub([first, *self.items(members[0])]))
            else:
                inner = (_C.BRANCH, (None, self.branch(members)))
                out.append(self.sub([first, inner]))
        return out

    def spread(self, alternative: list[Item]) -> list[list[Item]]:
        """The alternative as branches that each start with one character, where they can."""
        k = 0
        while k < len(alternative) and self.zero_width(alternative[k]):
            k += 1
        before, rest = alternative[:k], alternative[k:]
        if not rest:
            return [alternative]
        op, av = rest[0]
        if op is _C.BRANCH and not _captures(rest):
            if (len(av[1]) - 1) * _size(rest[1:]) <= _SPREAD_BUDGET:
                out: list[list[Item]] = []
                for b in av[1]:
                    out.extend(self.spread(before + list(b.data) + rest[1:]))
                return out
            return [alternative]
        if op is _C.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            if not _captures(rest):
                return self.spread(before + list(av[3].data) + rest[1:])
            return [alternative]
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            low, high, body = av
            if len(body.data) == 1 and _one_char(body.data[0]):
                # x{2,5} is x x{1,4}: the same lengths, tried in the same order
                more = (op, (low - 1, high if high == _C.MAXREPEAT else high - 1, body))
                return self.spread([*before, body.data[0], more, *rest[1:]])
            return [alternative]
        if _one_char(rest[0]) and before:
            after = self.after(before, rest[0])
            if after is not None:
                return [[rest[0], *after, *rest[1:]]]
        return [alternative]

    def zero_width(self, item: Item) -> bool:
        op, av = item
        if op is _C.AT:
            return bool(av in (_C.AT_BOUNDARY, _C.AT_NON_BOUNDARY))
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            return not _captures(list(av[1].data))
        return False

    def after(self, before: list[Item], char: Item) -> list[Item] | None:
        """The zero-width tests ``before`` said before ``char``, said after it."""
        out: list[Item] = []
        for op, av in before:
            if op is _C.AT:
                word = _wordness(char)
                if word is None:
                    return None
                # \b before a word character: none behind it; before any other: one behind it
                behind = [(_C.IN, [(_C.CATEGORY, _C.CATEGORY_WORD)]), char]
                wants_word = (av is _C.AT_BOUNDARY) != word
                out.append((_C.ASSERT if wants_word else _C.ASSERT_NOT, (-1, self.sub(behind))))
            elif av[0] == -1:
                out.append((op, (-1, self.sub([*list(av[1].data), char]))))
            else:
                # a lookahead from the character's place: looked for behind, from there
                out.append((_C.ASSERT, (-1, self.sub([(op, av), char]))))
        return out

    def starts(self, items: list[Item]) -> list[int] | None:
        """The characters a match of ``items`` can start with: None when not known."""
        for item in items:
            if self.zero_width(item):
                continue
            return _class_chars(item)
        return None

    def disjoint(self, a: int, b: int) -> bool:
        """Whether characters ``a`` and ``b`` never match the same character."""
        if a == b:
            return False
        if not self.caseless:
            return True
        ca, cb = chr(a), chr(b)
        return ca.isascii() and cb.isascii() and ca.lower() != cb.lower()


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_ANCHORS = {
    "AT_BEGINNING": "^",
    "AT_END": "$",
    "AT_BEGINNING_STRING": r"\A",
    "AT_END_STRING": r"\Z",
    "AT_BOUNDARY": r"\b",
    "AT_NON_BOUNDARY": r"\B",
}
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.ASCII, "a"))
_ESCAPES = {"\n": r"\n", "\t": r"\t", "\r": r"\r", "\f": r"\f", "\v": r"\v"}


def _char(code: int) -> str:
    ch = chr(code)
    if ch.isalnum() or ch == "_" or (code > 127 and ch.isprintable() and not ch.isspace()):
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if code < 32 or code == 127:
        return f"\\x{code:02x}"
    return "\\" + ch


def _flag_letters(flags: int) -> str:
    return "".join(letter for bit, letter in _FLAG_LETTERS if flags & bit)


class _Writer:
    """Writes a parse back as a pattern's source."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names

    def seq(self, items: list[Item]) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def group_of(self, items: list[Item]) -> str:
        """``items`` as one atom, for a repeat to follow."""
        text = self.seq(items)
        if len(items) == 1 and items[0][0] in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY):
            return text
        if len(items) == 1 and items[0][0] in (_C.SUBPATTERN, _C.BRANCH):
            return text  # already in brackets
        return "(?:" + text + ")"

    def item(self, op: Any, av: Any) -> str:
        if op is _C.LITERAL:
            return _char(av)
        if op is _C.NOT_LITERAL:
            return "[^" + _char(av) + "]"
        if op is _C.ANY:
            return "."
        if op is _C.IN:
            return "[" + "".join(self.member(kind, value) for kind, value in av) + "]"
        if op is _C.AT:
            return _ANCHORS[av.name]
        if op is _C.BRANCH:
            return "(?:" + "|".join(self.seq(list(b.data)) for b in av[1]) + ")"
        if op is _C.SUBPATTERN:
            group, add, drop, body = av
            text = self.seq(list(body.data))
            if add or drop:
                scoped = "-" + _flag_letters(drop) if drop else ""
                text = "(?" + _flag_letters(add) + scoped + ":" + text + ")"
                if group is None:
                    return text
            elif group is None:
                return "(?:" + text + ")"
            name = self.names.get(group)
            return (f"(?P<{name}>" if name else "(") + text + ")"
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, high, body = av
            return self.group_of(list(body.data)) + self.count(op, low, high)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            direction, body = av
            positive = op is _C.ASSERT
            head = (
                ("(?=" if positive else "(?!")
                if direction == 1
                else ("(?<=" if positive else "(?<!")
            )
            return head + self.seq(list(body.data)) + ")"
        if op is _C.GROUPREF:
            name = self.names.get(av)
            return f"(?P={name})" if name else f"(?:\\{av})"
        if op is _C.GROUPREF_EXISTS:
            group, yes, no = av
            ref = self.names.get(group, str(group))
            other = "|" + self.seq(list(no.data)) if no else ""
            return f"(?({ref}){self.seq(list(yes.data))}{other})"
        if op is _C.ATOMIC_GROUP:
            return "(?>" + self.seq(list(av.data)) + ")"
        raise ValueError(f"an opcode the writer does not know: {op}")

    def member(self, kind: Any, value: Any) -> str:
        if kind is _C.NEGATE:
            return "^"
        if kind is _C.LITERAL:
            return _char(value)
        if kind is _C.RANGE:
            return _char(value[0]) + "-" + _char(value[1])
        if kind is _C.CATEGORY:
            return _CATEGORIES[value.name]
        raise ValueError(f"a class member the writer does not know: {kind}")

    @staticmethod
    def count(op: Any, low: int, high: int) -> str:
        if (low, high) == (0, _C.MAXREPEAT):
            text = "*"
        elif (low, high) == (1, _C.MAXREPEAT):
            text = "+"
        elif (low, high) == (0, 1):
            text = "?"
        elif high == _C.MAXREPEAT:
            text = f"{{{low},}}"
        elif low == high:
            text = f"{{{low}}}"
        else:
            text = f"{{{low},{high}}}"
        if op is _C.MIN_REPEAT:
            return text + "?"
        if op is _C.POSSESSIVE_REPEAT:
            return text + "+"
        return text
