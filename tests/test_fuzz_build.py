"""The whole build on random and hostile input: never a crash, every problem located, markup always text.

Each example writes a small corpus (articles as text or raw bytes, and maybe a facts.yaml) into a
temporary folder and runs the command line on it, as an editor would, into a folder that holds a
"last good site". Whatever the input:

- the exit code is 0 (built) or 1 (the input has errors), never 2 (internal error) nor an exception;
- every problem printed names a file in the corpus, and a line when the problem is in the text;
- a failed build leaves the last good site untouched;
- a successful build escapes every piece of hostile text on every page, writes a facts.json that is
  valid JSON (no NaN or Infinity) in the DESIGN.md contract, and has no broken internal link.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factcompare.cli import main
from factcompare.linkcheck import check_site
from factcompare.models import KINDS, STATUSES

HUGE = b"<<a huge line>>"
MARK = "fz"  # every hostile snippet carries it, so an unescaped one is easy to find
HOSTILE = [
    f"<script>{MARK}()</script>", f"<img src=x onerror={MARK}()>", f"<{MARK}-x>tag</{MARK}-x>",
    f'"><svg onload={MARK}()>', f"</script><script>{MARK}()</script>", f"javascript:{MARK}()",
    f"<!--{MARK}-->", f"]]><{MARK}-x>", "{{ config }}", "{% raw %}", "&amp;&lt;", "\\u003c", "\u202e",
    "\u200b", "\u200f", "\ufeff", "\x00", "\x1b[31m", "\x07", "\x0c", "\u2028", "\u2029", "\x85", "𝟘𝟙𝟚",
    "e\u0301\u0301\u0301", "ﷺ", "\U0001f525" * 3,
]
NUMBERS = [
    "99999999999999999999 people", "1e308 people", "1e309 workers", "-0 workers", "0.000000001 workers",
    "1,2,3,4 people", "10^400 people", "NaN people", "inf people", "nine hundred ninety-nine trillion people",
    "$1e309", "99999999999999999999%", "between 5 and 3 people", "100 to 10 people", "000000 people",
    "1,000,000,000,000,000,000,000,000 dollars", "-5 degrees", "−40 degrees", "½ million people", "0x1F people",
    "dozens of dozens of people", "9" * 400 + " people", "1." + "0" * 300 + "1 people", "12345678901234567890.5%",
]
DATES = [
    "February 30, 2023", "on Monday", "0000-00-00", "9999-12-31", "December 32", "the 31st of February",
    "in the year 10000", "late October 99999", "January 0, 2020", "at 25:99 p.m.", "at 13:75", "around 99:99 a.m. ET",
    "at midnight", "on 31/02/2023", "in January 1", "on Monday, Tuesday and Sunday", "this week last year",
    "in 0001", "on 29 February 2023", "on December 31, 9999", "12:00 a.m. tomorrow", "at 0:00",
]
PLACES = ["in Atlantis", "in Paris, Texas", "in Zzyzx", "in Khān Yūnis", "in Москва", "in 東京", "in Springfield"]
SENTENCES = [
    "At least {n} were killed {d} {p}, {h} said.",
    "{h} More than {n} {d}.",
    "Police said about {n} were rescued {p} {d}.",
    "The {h} fire killed {n} {p}.",
    "{n}",
    "{d} {p} {h}",
]
FRONT_MATTER = [
    "", "---\n", "---\n---\n", "---\n...\n", "---\ntitle: [\n---\n", "---\n- a\n- b\n---\n", "---\n: :\n---\n",
    "---\ntitle: !!python/object/apply:os.system [echo]\n---\n", "---\ntitle: &a [*a]\n---\n",
    "---\ntitle: 1984\npublished: 2023-02-30\n---\n", "---\npublished: 99999-01-01\n---\n",
    "---\npublished: 1e308\n---\n", "---\ntitle: x\ntitle: y\n---\n", "---\n{a: {b: {c: {d: [[[[[]]]]]}}}}\n---\n",
    "---\nurl: javascript:fz()\nlanguage: 7\n---\n", "---\n\x00: \x00\n---\n", "---\n? [a, b]\n: c\n---\n",
    "---\ntitle: " + "[" * 200 + "\n---\n", "---\n" + "a: 1\n" * 500 + "---\n",
]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    pick = draw(st.sampled_from(SENTENCES))
    noise = st.text(max_size=30)
    return pick.format(
        n=draw(st.sampled_from(NUMBERS) | noise), d=draw(st.sampled_from(DATES) | noise),
        p=draw(st.sampled_from(PLACES) | noise), h=draw(st.sampled_from(HOSTILE) | noise))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(FRONT_MATTER))
    fields = draw(st.dictionaries(
        st.sampled_from(["title", "outlet", "author", "published", "url", "language", "tilte", MARK]),
        st.sampled_from(HOSTILE + NUMBERS[:4] + DATES[:4]) | st.text(max_size=20) | st.integers() | st.none(),
        max_size=5))
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n"


@st.composite
def article_text(draw: st.DrawFn) -> str:
    head = draw(front_matter())
    title = draw(st.sampled_from(["", "Title\n\n", f"Blaze {HOSTILE[0]} at mill\n\n", "By Ann Lee\n",
                                  "December 29, 2023\n", "---"]))
    body = " ".join(draw(st.lists(sentence(), max_size=6)))
    if draw(st.integers(0, 9)) == 0:
        body += HUGE.decode()  # a huge line, written out by run_build (so a failing example stays readable)
    return head + title + body


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    text = draw(article_text())
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "cp1252", "utf-16", "bytes", "broken", "nul"]))
    if how == "bytes":
        return draw(st.binary(max_size=300))
    if how in ("latin-1", "cp1252", "utf-16"):
        return text.encode(how, errors="replace")
    data = text.encode("utf-8", errors="replace")
    if how == "broken":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from([b"\xff\xfe\xfd", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"])) + data[at:]
    if how == "nul":
        return data + b"\x00" * draw(st.integers(1, 3))
    return data


_FACT_IDS = ["toll", "fire-date", "Bad Id", "../../escape", "a/b", "", "toll"]
_value = st.sampled_from(HOSTILE + NUMBERS + ["quantity", "date", "nonsense"]) | st.text(max_size=15) | st.integers()


@st.composite
def facts_yaml(draw: st.DrawFn) -> bytes | None:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return None
    if choice == 1:
        return draw(st.binary(max_size=200))
    if choice == 2:
        return draw(st.text(max_size=200)).encode("utf-8", errors="replace")
    fact = st.fixed_dictionaries(
        {"id": st.sampled_from(_FACT_IDS), "title": _value, "kind": st.sampled_from([*KINDS, "nonsense"])},
        optional={"cues": st.fixed_dictionaries({}, optional={
                      "event": st.sampled_from(["kill", "rescue", "nonsense"]),
                      "any": st.lists(st.sampled_from(["killed", "fire", "<b>", ""]), max_size=3),
                      "near": st.lists(st.sampled_from(["people", "workers"]), max_size=2)}),
                  "pin": st.booleans(), "renamed_from": st.lists(st.sampled_from(_FACT_IDS), max_size=2)})
    data = draw(st.fixed_dictionaries({}, optional={
        "story": st.fixed_dictionaries({}, optional={"title": _value, "summary": _value}),
        "aliases": st.dictionaries(st.sampled_from(["Ann Lee", HOSTILE[0]]), st.lists(_value, max_size=2), max_size=2),
        "facts": st.lists(fact, max_size=3),
        "pin": st.lists(st.sampled_from(_FACT_IDS), max_size=2),
        "hide": st.lists(st.sampled_from(_FACT_IDS), max_size=2),
        "merge": st.lists(st.lists(st.sampled_from(_FACT_IDS), max_size=3), max_size=2),
        "rename": st.dictionaries(st.sampled_from(_FACT_IDS), st.sampled_from(_FACT_IDS + ["new-id"]), max_size=2),
        "split": st.lists(st.fixed_dictionaries({"id": st.sampled_from(_FACT_IDS), "title": _value,
                                                 "claims": st.lists(st.text(max_size=12), max_size=2)}), max_size=1),
        "corrections": st.lists(st.fixed_dictionaries({"claim": st.text(max_size=12), "value": st.just(
            {"kind": "quantity", "display": HOSTILE[0], "low": 1, "high": 2})}), max_size=1),
    }))
    if choice == 3:
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    return draw(st.sampled_from([b"facts: [", b"- a\n- b\n", b"facts:\n  - id: x\n    kind: \x00\n", b"? a\n: b\n",
                                 b"rename: {a: [1]}\n", b"facts: &x [*x]\n", b"\xef\xbb\xbf\xef\xbb\xbf", b"---\n---\n",
                                 b"merge: nope\n", b"story: {title: 5}\n", "é: ü\n".encode("latin-1")]))


NAMES = ["a.md", "b.txt", "c.md", "d.markdown", "Bad Name.md", "e.html", ".hidden.md", "README.md", "f.txt", "b.md"]
corpora = st.dictionaries(st.sampled_from(NAMES), file_bytes(), min_size=1, max_size=4)

PROBLEM = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?P<severity>error|warning): (?P<message>.+)$")
WHOLE_FILE = ("is not a URL slug", "is already used by", "too large", "ignored: no reader", "has no articles",
              "cannot read the file")


def run_build(files: dict[str, bytes], facts: bytes | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data.replace(HUGE, b"\nAt least 5 people died " + b"word " * 40_000))
        if facts is not None:
            (folder / "facts.yaml").write_bytes(facts)
        out = Path(tmp) / "site"
        out.mkdir()
        (out / "index.html").write_text("last good site", encoding="utf-8")
        err, std = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
            code = main(["--corpus", str(folder), "--out", str(out), "--executor", "serial", "--no-cache", "--quiet"])
        check_outcome(code, err.getvalue(), folder, out)
        return code


def check_outcome(code: int, err: str, folder: Path, out: Path) -> None:
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        if line.startswith("Build failed ("):
            continue
        m = PROBLEM.match(line)
        assert m, f"unlocated or unexpected output: {line!r}"
        path = Path(m["path"])
        assert path == folder or path.parent == folder, line
        if m["severity"] == "error" and path != folder and not any(w in line for w in WHOLE_FILE):
            assert m["line"], f"an error in a file's text must name the line: {line!r}"
    if code == 1:
        assert (out / "index.html").read_text(encoding="utf-8") == "last good site"
        assert [p.name for p in out.parent.iterdir() if ".building-" in p.name] == []
        return
    check_site_output(out)


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def check_site_output(out: Path) -> None:
    data = json.loads((out / "facts.json").read_text(encoding="utf-8"), parse_constant=_no_constants)
    article_ids = [a["id"] for a in data["articles"]]
    assert article_ids == sorted(set(article_ids))
    for a in data["articles"]:
        assert {"id", "title", "outlet", "author", "published", "url", "page"} <= a.keys()
        assert (out / a["page"] / "index.html").is_file()
    fact_ids = [f["id"] for f in data["facts"]]
    assert len(fact_ids) == len(set(fact_ids))
    for f in data["facts"]:
        assert f["kind"] in KINDS and f["status"] in STATUSES, f
        assert (out / f["page"] / "index.html").is_file() and (out / "facts" / f"{f['id']}.json").is_file()
        assert set(f["silent"]) <= set(article_ids) and f["claims"]
        for c in f["claims"]:
            assert c["article"] in article_ids and isinstance(c["quote"], str) and isinstance(c["value"]["display"], str)
            assert 0 <= c["span"][0] <= c["span"][1] <= len(c["quote"])
        for alias in f["aliases"]:
            assert alias not in fact_ids
    for page in sorted(out.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        for snippet in (f"<script>{MARK}", f"<{MARK}-x", "<img src=x", "<svg onload"):
            assert snippet not in raw, (page, snippet)
        tree = lxml.html.fromstring(raw.encode("utf-8")) if raw.strip() else None
        if tree is None:
            continue
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            assert not el.tag.startswith(MARK), page
            for attr, value in el.attrib.items():
                assert not (attr.startswith("on") and MARK in value), (page, attr, value)
                meta = (el.get("property") or el.get("name") or el.get("http-equiv") or "").lower()
                is_address = attr in ("href", "src", "action") or (
                    attr == "content" and (meta == "refresh" or meta.endswith(("url", "image"))))
                if is_address:  # a meta description may well read 'javascript:...': it is text
                    address = value.strip().lower().split("url=", 1)[-1] if meta == "refresh" else value.strip().lower()
                    assert not address.startswith("javascript:"), (page, attr, value)
            if el.tag == "script" and el.get("type") != "application/ld+json":
                assert MARK not in (el.text or ""), page
    assert check_site(out) == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=corpora, facts=facts_yaml())
def test_random_and_hostile_corpora_never_crash(files: dict[str, bytes], facts: bytes | None) -> None:
    event(f"exit code {run_build(files, facts)}")


# --- a table of hostile cases, each run as it stands -------------------------------------------

GOOD = "---\ntitle: Fire at a mill\npublished: 2024-05-02\n---\nAt least 12 workers were killed in a fire on Tuesday.\n"
CASES: dict[str, tuple[dict[str, bytes | str], str | bytes | None]] = {
    "only dashes": ({"a.md": "---"}, None),
    "only dashes and newline": ({"a.md": "---\n"}, None),
    "empty file": ({"a.md": ""}, None),
    "only whitespace": ({"a.txt": " \n\t\n "}, None),
    "only a BOM": ({"a.md": b"\xef\xbb\xbf"}, None),
    "NUL bytes": ({"a.md": b"Title\n\nAt least 5 people\x00 died."}, None),
    "invalid UTF-8": ({"a.txt": b"Title\n\nAt least 5 people died in \xff\xfe M\xfcnchen."}, None),
    "lone surrogate bytes": ({"a.txt": b"Title\n\nAbout \xed\xa0\x80 300 people."}, None),
    "random binary": ({"a.md": bytes(range(256)) * 4}, None),
    "control characters": ({"a.md": "T\x01i\x02t\x1fle\n\nAt least\x0b 5\x0c people\x1b died\x7f on Monday."}, None),
    "bidi and zero-width": ({"a.md": "\u202eTitle\u202c\n\nAt\u200b least 5\u200d people\u2066 died\u2069 on Monday."},
                            None),
    "huge line": ({"a.txt": "Title\n\nAt least 5 people died. " + "word " * 200_000}, None),
    "huge number": ({"a.md": "T\n\nAt least 99999999999999999999 people were killed. About 1e308 people fled. "
                             "Some " + "9" * 500 + " people were hurt."}, None),
    "overflowing float": ({"a.md": GOOD, "b.md": "T\n\nAbout 1e309 workers were killed. Up to 1e-400 workers died."},
                          None),
    "impossible dates": ({"a.md": "---\npublished: 2023-12-28\n---\nThe fire on February 30, 2023 killed 5. "
                                  "On December 32 and at 25:99 p.m. 3 people died on 0000-00-00."}, None),
    "markup everywhere": ({"a.md": "---\ntitle: \"<script>fz()</script>\"\noutlet: \"<fz-x>\"\nauthor: \"<img src=x "
                                   "onerror=fz()>\"\nurl: \"javascript:fz()\"\n---\nAt least 12 <script>fz()</script> "
                                   "workers were killed <fz-x>in Paris</fz-x> on Tuesday.\n",
                           "b.md": GOOD.replace("12", "14")},
                          "story: {title: '<script>fz()</script>', summary: '<fz-x>x</fz-x>'}\n"
                          "facts:\n  - id: toll\n    title: \"</script><script>fz()</script>\"\n    kind: quantity\n"),
    "front matter not a mapping": ({"a.md": "---\n- 1\n---\nBody."}, None),
    "front matter with python tag": ({"a.md": "---\ntitle: !!python/object/apply:os.system [echo]\n---\nBody."},
                                     None),
    "recursive YAML alias": ({"a.md": "---\ntitle: &a [*a]\n---\nBody."}, None),
    "deeply nested front matter": ({"a.md": "---\ntitle: " + "[" * 5000 + "\n---\nBody."}, None),
    "facts.yaml garbage bytes": ({"a.md": GOOD}, b"\x00\x01\xff\xfe garbage"),
    "facts.yaml is a list": ({"a.md": GOOD}, "- a\n- b\n"),
    "facts.yaml recursive": ({"a.md": GOOD}, "facts: &x [*x]\n"),
    "facts.yaml deep nesting": ({"a.md": GOOD}, "facts: " + "[" * 5000),
    "facts.yaml latin-1": ({"a.md": GOOD}, "story: {title: Brand in München}\n".encode("latin-1")),
    "facts.yaml path escape ids": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                   "    renamed_from: [../../escape, a/b]\n"),
    "facts.yaml split escape id": ({"a.md": GOOD}, "split:\n  - id: ../../x\n    title: T\n    claims: [a-0-0]\n"),
    "facts.yaml rename onto a fact": ({"a.md": GOOD, "b.md": GOOD.replace("Tuesday", "Monday")},
                                      "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                      "  - id: day\n    title: D\n    kind: date\nrename: {toll: day}\n"),
    "facts.yaml rename to itself": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                    "rename: {toll: toll}\n"),
    "facts.yaml renamed_from another fact": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                             "  - id: day\n    title: D\n    kind: date\n"
                                                             "    renamed_from: [toll]\n"),
    "facts.yaml split onto a fact": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                     "split:\n  - id: toll\n    title: T2\n    claims: [a-0-9]\n"),
    "facts.yaml merge of two kinds": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                      "  - id: day\n    title: D\n    kind: date\nmerge:\n  - [toll, day]\n"),
    "facts.yaml merge with itself": ({"a.md": GOOD}, "facts:\n  - id: toll\n    title: T\n    kind: quantity\n"
                                                     "merge: [[toll, toll]]\n"),
    "facts.yaml correction of another kind": ({"a.md": GOOD}, "corrections:\n  - claim: a-0-0\n    value: {kind: date,"
                                                              " display: x}\n"),
    "broken id lock": ({"a.md": GOOD, "facts.lock.json": "{not json"}, None),
    "id lock with strange ids": ({"a.md": GOOD, "facts.lock.json": '{"facts": {"../../x": ["a-0-0"], "<b>": []},'
                                                                    ' "retired": ["a/b"]}'}, None),
    "non-slug and duplicate names": ({"Bad Name.md": GOOD, "a.md": GOOD, "a.txt": GOOD}, None),
    "utf-16 without BOM": ({"a.txt": "Title\n\nAt least 5 people died.".encode("utf-16-le")}, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_case(name: str) -> None:
    files, facts = CASES[name]
    run_build({k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()},
              facts.encode("utf-8") if isinstance(facts, str) else facts)


# What the editor is told for the cases that must fail (1) or build with a warning (0): file, line, what to do.
EXPECTED: dict[str, tuple[int, str]] = {
    "only dashes": (1, "a.md:1: error: front matter starts with --- but has no closing --- line."),
    "empty file": (1, "a.md:1: error: the article has no text."),
    "NUL bytes": (1, "a.md:3: error: this is not a text file (it contains binary data)."),
    "random binary": (1, "a.md:1: error: this is not a text file"),
    "invalid UTF-8": (0, "a.txt:3: warning: the file is not UTF-8; it was read as cp1252."),
    "utf-16 without BOM": (0, "a.txt: warning: the file is not UTF-8; it was read as UTF-16."),
    "front matter with python tag": (1, "a.md:2: error: front matter is not valid YAML: could not determine a "
                                        "constructor for the tag"),
    "deeply nested front matter": (1, "a.md:2: error: front matter is nested too deeply to read."),
    "facts.yaml garbage bytes": (1, "facts.yaml:1: error: this is not a text file (it contains binary data). "
                                    "facts.yaml must be YAML text"),
    "facts.yaml deep nesting": (1, "facts.yaml:1: error: the YAML is nested too deeply to read."),
    "facts.yaml latin-1": (0, "facts.yaml:1: warning: the file is not UTF-8; it was read as cp1252."),
    "facts.yaml path escape ids": (1, "facts.yaml:5: error: facts.0.renamed_from: Value error, fact id '../../escape' "
                                      "is not a URL slug"),
    "facts.yaml split escape id": (1, "facts.yaml:2: error: split.0.id: Value error, fact id '../../x' is not a URL slug"),
    "facts.yaml rename onto a fact": (1, "facts.yaml:8: error: rename: 'day' is already the id of another fact. "
                                         "Choose another id, or merge the two facts with 'merge'."),
    "facts.yaml rename to itself": (0, "facts.yaml:5: warning: rename: 'toll' is renamed to itself. Remove the entry."),
    "facts.yaml renamed_from another fact": (1, "facts.yaml:8: error: day: renamed_from 'toll' is the id of a fact."),
    "facts.yaml split onto a fact": (1, "facts.yaml:6: error: split: 'toll' is already a fact's id."),
    "facts.yaml merge of two kinds": (1, "facts.yaml:9: error: merge: 'toll' is a quantity fact and 'day' a date fact. "
                                         "Only facts of one kind can be merged"),
    "id lock with strange ids": (0, "facts.lock.json: warning: unreadable id lock (Value error, fact id '../../x' is "
                                    "not a URL slug). Delete it"),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_hostile_case_message(name: str, tmp_path: Path) -> None:
    files, facts = CASES[name]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if facts is not None:
        (folder / "facts.yaml").write_bytes(facts.encode("utf-8") if isinstance(facts, str) else facts)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--corpus", str(folder), "--out", str(tmp_path / "site"), "--executor", "serial", "--no-cache"])
    expected_code, message = EXPECTED[name]
    assert code == expected_code, err.getvalue()
    assert f"{folder}/{message}" in err.getvalue()


# --- well-formed articles carrying hostile text: most of them build, so the escaping is exercised -----

_hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), min_size=1, max_size=4).map("".join)


@st.composite
def valid_corpus(draw: st.DrawFn) -> tuple[dict[str, bytes], bytes]:
    files = {}
    for name in draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True)):
        meta = {"title": draw(_hostile_text), "outlet": draw(_hostile_text), "author": draw(_hostile_text),
                "url": draw(st.sampled_from([f"javascript:{MARK}()", "https://example.org/x", f'"><b>{MARK}']))}
        body = " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))
        files[f"{name}.md"] = ("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nPolice said 12 people were "
                               "killed in Paris on Monday. " + body + "\n").encode("utf-8")
    facts = {"story": {"title": draw(_hostile_text), "summary": draw(_hostile_text)},
             "facts": [{"id": "toll", "title": draw(_hostile_text), "kind": "quantity",
                        "cues": {"near": ["killed"]}, "renamed_from": ["old-toll"]}]}
    return files, yaml.safe_dump(facts, allow_unicode=True).encode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(corpus=valid_corpus())
def test_hostile_text_in_well_formed_articles_is_always_escaped(corpus: tuple[dict[str, bytes], bytes]) -> None:
    files, facts = corpus
    event(f"exit code {run_build(files, facts)}")


@settings(max_examples=300)
@given(title=st.text())
def test_generated_front_matter_carries_any_title(title: str) -> None:
    """A title YAML refused would make MkDocs render the whole block as Markdown, markup included."""
    from mkdocs.utils.meta import get_data

    from factcompare.site.plugin import front_matter

    body, meta = get_data(front_matter(title, "fact.html"))
    assert meta == {"title": title, "template": "fact.html"} and body == ""
