"""Files an editor may drop in the corpus: common encodings read right, unreadable files named with
what to do (the line when there is one), through the command line and in one run."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from factcompare.cli import main
from factcompare.corpus import SIZE_LIMIT, decode

# (name, text, encoding): an article as a newsroom elsewhere would save it; each must read back exactly.
ENCODED = [
    ("latin-1", "Brand in München\n\nDas Café an der Straße wurde geräumt. Zwölf Menschen wurden verletzt.", "latin-1"),
    ("cp1252", "Fire at the plant\n\n“More than 40 workers died,” the owner said — damage: €13 million.", "cp1252"),
    ("cp1251", "Пожар на заводе\n\nБолее 40 рабочих погибли в результате пожара на фабрике, сообщила полиция.",
     "cp1251"),
    ("iso-8859-2", "Pożar w fabryce\n\nPonad 40 pracowników zginęło w pożarze fabryki w Łodzi, podała policja.",
     "iso-8859-2"),
    ("shift_jis", "工場で火災\n\n火曜日、工場の火災で40人以上の労働者が死亡したと警察が発表した。", "shift_jis"),
    ("utf-16 with BOM", "Flood warning lifted\n\nThe river fell below 4.2 metres on Monday.", "utf-16"),
    ("utf-16-le without BOM", "Brand in München\n\nZwölf Menschen wurden verletzt.", "utf-16-le"),
    ("utf-16-be without BOM", "Brand in München\n\nZwölf Menschen wurden verletzt.", "utf-16-be"),
]


@pytest.mark.parametrize("name, text, encoding", ENCODED, ids=[e[0] for e in ENCODED])
def test_common_encodings_are_read_and_flagged(name: str, text: str, encoding: str) -> None:
    decoded, problems = decode(text.encode(encoding), "corpus/a.txt")
    assert decoded == text
    assert [(p.severity, p.message.split(";")[0]) for p in problems] == [("warning", "the file is not UTF-8")]
    assert problems[0].hint == "Check the accented letters, then save it as UTF-8."


def test_utf8_with_bom_and_crlf_is_plain_text() -> None:
    assert decode("\ufeffTitle\r\n\r\nBody.\r\n".encode("utf-8"), "a.md") == ("Title\n\nBody.\n", [])


def build(folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--corpus", str(folder), "--out", str(out), "--executor", "serial", "--no-cache", *extra])
    return code, err.getvalue()


GOOD = "---\ntitle: Fire at a mill\n---\nAt least 12 workers were killed in a fire on Tuesday.\n"


def test_every_unreadable_file_is_reported_at_once_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "empty.md").write_bytes(b"")
    (folder / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "broken.txt").write_bytes(b"Title\n\nFine line.\n" + bytes(range(0x80, 0x100)))
    with (folder / "enormous.md").open("wb") as f:  # sparse: the size is checked before reading
        f.truncate(SIZE_LIMIT + 1)
    out = tmp_path / "site"
    code, err = build(folder, out)
    assert code == 1
    assert err.splitlines() == [
        f"{folder}/broken.txt:4: error: the text cannot be decoded: it is neither UTF-8 nor a known encoding. "
        "Open it in an editor and save it as UTF-8.",
        f"{folder}/empty.md:1: error: the article has no text. Paste the article text below the metadata, or "
        "delete the file.",
        f"{folder}/enormous.md: error: the file is too large for an article ({SIZE_LIMIT + 1:,} bytes; the limit is "
        f"{SIZE_LIMIT:,}). Keep only the article text in it.",
        f"{folder}/picture.md:3: error: this is not a text file (it contains binary data). Only .md and .txt "
        "articles belong in the corpus folder: move it elsewhere.",
        f"Build failed (4 errors); {out}/ was left as it was.",
    ]
    assert not out.exists()
