"""The command line: located errors, no tracebacks, and a failed build never touches the last good site."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcompare import cli

GOOD = "---\ntitle: Fire at a factory\npublished: 2024-05-02\n---\nAt least 12 workers were killed in a fire on Tuesday.\n"


def corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def last_good_site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("last good site")
    return out


def run(*args: str) -> int:
    return cli.main([*args, "--executor", "serial", "--no-cache", "--quiet"])


def test_missing_corpus_folder_is_a_clear_error(tmp_path, capsys):
    assert run("--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "site")) == 1
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'nope'}: no such folder. Pass --corpus DIR with your articles.\n"


def test_bad_input_fails_and_leaves_the_last_good_site(tmp_path, capsys):
    folder = corpus(tmp_path, {"good.md": GOOD, "facts.yaml": "facts:\n  - id: x\n    kind: nonsense\n"})
    out = last_good_site(tmp_path)
    assert run("--corpus", str(folder), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'facts.yaml'}:2: error: facts.0.title: Field required." in err
    assert f"{folder / 'facts.yaml'}:3: error: facts.0.kind:" in err
    assert "Traceback" not in err
    assert err.rstrip().endswith(f"Build failed (2 errors); {out}/ was left as it was.")
    assert (out / "index.html").read_text() == "last good site"


def test_strict_turns_warnings_into_failure(tmp_path, capsys):
    folder = corpus(tmp_path, {"good.md": GOOD, "facts.yaml": "hide: [no-such-fact]\n"})
    out = last_good_site(tmp_path)
    assert run("--corpus", str(folder), "--out", str(out), "--strict") == 1
    assert "warning: hide: no fact has the id 'no-such-fact'" in capsys.readouterr().err
    assert (out / "index.html").read_text() == "last good site"
    assert run("--corpus", str(folder), "--out", str(out)) == 0  # without --strict: built, warning listed
    assert (out / "facts.json").exists()


def test_a_crash_shows_no_traceback_and_keeps_the_site(tmp_path, capsys, monkeypatch):
    folder = corpus(tmp_path, {"good.md": GOOD})
    out = last_good_site(tmp_path)

    def boom(*args, **kwargs):
        raise ValueError("something unexpected")

    monkeypatch.setattr(cli, "build_story", boom)
    assert run("--corpus", str(folder), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert err.startswith("internal error: ValueError: something unexpected. The last good site is untouched.")
    assert "Traceback" not in err
    assert (out / "index.html").read_text() == "last good site"


def test_a_failure_while_rendering_cleans_up_and_keeps_the_site(tmp_path, monkeypatch):
    folder = corpus(tmp_path, {"good.md": GOOD})
    out = last_good_site(tmp_path)

    def broken_build(config):
        Path(config["site_dir"], "half-written.html").write_text("x")
        raise RuntimeError("disk full")

    monkeypatch.setattr("mkdocs.commands.build.build", broken_build)
    assert run("--corpus", str(folder), "--out", str(out)) == 2
    assert (out / "index.html").read_text() == "last good site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_build_prints_a_one_line_summary(tmp_path, capsys):
    folder = corpus(tmp_path, {"good.md": GOOD})
    assert run("--corpus", str(folder), "--out", str(tmp_path / "site")) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"Built {tmp_path / 'site'}/ from {folder}/ as one story, 1 article: ")
    assert ", 0 warnings, in " in out[0]


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["check", "--help"], ["serve", "--help"]])
def test_help_works_for_every_command(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 0
    assert "usage: python build.py" in capsys.readouterr().out


@pytest.mark.parametrize("good", [True, False])
def test_build_py_as_a_program_reports_through_pipes_and_exits_with_its_code(tmp_path, good):
    """build.py leaves without the interpreter's teardown (cli.run): what it prints must still arrive
    whole through pipes, and its exit code must still be the build's."""
    import json
    import subprocess
    import sys

    files = {"good.md": GOOD} if good else {"good.md": GOOD, "facts.yaml": "facts:\n  - id: x\n"}
    folder = corpus(tmp_path, files)
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, str(cli.ROOT / "build.py"), "--corpus", str(folder), "--out", str(out),
                           "--executor", "serial", "--no-cache"], capture_output=True, text=True, timeout=120)
    if good:
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(f"Built {out}/ from {folder}/ as one story, 1 article: 2 facts (2 single source)")
        assert proc.stdout.endswith(" s.\n")
        assert json.loads((out / "facts.json").read_text(encoding="utf-8"))["facts"][0]["claims"]
    else:
        assert proc.returncode == 1
        assert proc.stderr.rstrip().endswith(f"Build failed (2 errors); {out}/ was left as it was.")
        assert not out.exists()


def test_the_old_site_is_deleted_after_the_swap_and_so_are_leftovers(tmp_path):
    """Deleting the old site happens in a process of its own (cli.discard), after the new site is in
    place; an old site a killed build left behind goes with it."""
    import time

    folder = corpus(tmp_path, {"good.md": GOOD})
    out = tmp_path / "site"
    assert run("--corpus", str(folder), "--out", str(out)) == 0
    leftover = tmp_path / ".site.old"
    (leftover / "facts").mkdir(parents=True)
    (leftover / "facts" / "stale.html").write_text("stale")
    assert run("--corpus", str(folder), "--out", str(out)) == 0
    assert (out / "facts.json").is_file() and (out / "index.html").is_file()
    deadline = time.monotonic() + 30
    while any(p.name.startswith(".site.old") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
