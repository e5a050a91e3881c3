"""Fact ids stay put as articles come and go; a vanished id redirects, and no id is ever reused."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from factcompare.cli import main
from factcompare.ids import IdLock, lock_of, read_lock, stabilise, write_lock
from factcompare.models import Claim, Fact, QuantityValue, Subject


def claim(cid: str) -> Claim:
    article = cid.split("-")[0]
    return Claim(id=cid, article=article, sentence=0, quote="12 people", span=(0, 2),
                 value=QuantityValue(display="12", low=12, high=12), subject=Subject())


def fact(fid: str, *claim_ids: str, curated: bool = False) -> Fact:
    return Fact(id=fid, title="?", kind="quantity", claims=tuple(claim(c) for c in claim_ids), curated=curated)


def test_a_fact_keeps_its_id_when_a_new_article_changes_its_automatic_name():
    lock = IdLock(facts={"people-killed-factory": ("a-0-0", "b-0-0")})
    facts = stabilise([fact("people-killed-fire-factory", "a-0-0", "b-0-0", "c-0-0")], lock)
    assert [f.id for f in facts] == ["people-killed-factory"]


def test_ids_go_to_the_fact_sharing_most_claims_whatever_the_order():
    lock = IdLock(facts={"toll": ("a-0-0", "b-0-0", "c-0-0"), "injured": ("a-1-0",)})
    new = [fact("x", "a-1-0", "b-0-0"), fact("y", "a-0-0", "c-0-0", "d-0-0")]
    assert [f.id for f in stabilise(new, lock)] == ["injured", "toll"]
    assert [f.id for f in stabilise(list(reversed(new)), lock)] == ["toll", "injured"]


def test_a_new_fact_never_takes_an_id_another_fact_held():
    lock = IdLock(facts={"toll": ("a-0-0",)}, retired=("toll-2",))
    facts = stabilise([fact("toll", "z-0-0")], lock)  # same automatic name, other claims
    assert [f.id for f in facts] == ["toll-3"]


def test_a_vanished_id_redirects_to_the_fact_that_took_its_claims():
    lock = IdLock(facts={"toll": ("a-0-0", "b-0-0"), "toll-b": ("c-0-0",)})
    facts = stabilise([fact("merged", "a-0-0", "b-0-0", "c-0-0")], lock)
    assert facts[0].id == "toll" and facts[0].aliases == ("toll-b",)
    after = lock_of(facts, lock)
    assert after.facts == {"toll": ("a-0-0", "b-0-0", "c-0-0")} and after.retired == ("toll-b",)


def test_curated_ids_are_the_editors_and_are_never_taken():
    lock = IdLock(facts={"death-toll": ("a-0-0",)})
    facts = stabilise([fact("death-toll", "b-0-0", curated=True), fact("auto", "a-0-0")], lock)
    assert [f.id for f in facts] == ["death-toll", "auto"]


def test_lock_round_trips_and_a_broken_lock_is_a_warning(tmp_path):
    path = tmp_path / "facts.lock.json"
    lock = IdLock(facts={"b": ("x-1-2",), "a": ("y-0-0",)}, retired=("c",))
    write_lock(path, lock)
    assert list(json.loads(path.read_text())["facts"]) == ["a", "b"]
    assert read_lock(path) == (lock, [])
    path.write_text("{not json")
    broken, problems = read_lock(path)
    assert broken == IdLock()
    assert problems[0].severity == "warning" and "Delete it" in problems[0].hint


def test_the_lock_holds_a_fact_a_line_and_an_unchanged_lock_is_not_written_again(tmp_path):
    path = tmp_path / "facts.lock.json"
    lock = IdLock(facts={"toll": ("a-0-0", "b-0-0"), "lone": ("c-0-0",)}, retired=("old",), paged=("toll",))
    write_lock(path, lock)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ['"lone": ["c-0-0"],', '"toll": ["a-0-0", "b-0-0"]']
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    write_lock(path, lock)
    assert path.stat().st_mtime_ns == before - 10**9 and read_lock(path) == (lock, [])
    assert [p.name for p in tmp_path.iterdir()] == ["facts.lock.json"]


def test_the_lock_keeps_every_id_that_ever_had_a_page(tmp_path):
    first = lock_of([fact("toll", "a-0-0", "b-0-0"), fact("lone", "c-0-0")], IdLock(), paged=["toll", "lone"])
    second = lock_of([fact("toll", "a-0-0", "b-0-0"), fact("lone", "c-0-0")], first, paged=["toll"])
    assert first.paged == second.paged == ("lone", "toll")
    path = tmp_path / "facts.lock.json"
    path.write_text(json.dumps({"facts": {"toll": ["a-0-0"]}}))  # a lock written before ids had pages
    assert read_lock(path) == (IdLock(facts={"toll": ("a-0-0",)}), [])


def test_a_build_records_the_facts_with_pages_and_passes_them_on(tmp_path):
    from factcompare.pipeline import build_story

    root = Path(__file__).resolve().parent.parent
    corpus = tmp_path / "corpus"
    shutil.copytree(root / "corpus", corpus)
    (corpus / "facts.lock.json").unlink(missing_ok=True)
    assert main(["--executor", "serial", "--no-cache", "--quiet", "--corpus", str(corpus), "--out",
                 str(tmp_path / "site")]) == 0
    lock = json.loads((corpus / "facts.lock.json").read_text())
    published = {f["id"] for f in json.loads((tmp_path / "site" / "facts.json").read_text())["facts"]}
    assert set(lock["paged"]) == published  # a small story: every fact has a page
    assert build_story(corpus).once_paged == published


def test_adding_an_article_to_the_seed_corpus_keeps_every_fact_id(tmp_path):
    root = Path(__file__).resolve().parent.parent
    corpus = tmp_path / "corpus"
    shutil.copytree(root / "corpus", corpus)
    (corpus / "facts.lock.json").unlink(missing_ok=True)
    args = ["--executor", "serial", "--no-cache", "--quiet", "--corpus", str(corpus)]
    assert main([*args, "--out", str(tmp_path / "one")]) == 0
    before = json.loads((tmp_path / "one" / "facts.json").read_text())
    (corpus / "zz-late-report.md").write_text(
        "---\ntitle: Late report\npublished: 2023-12-30\n---\n"
        "Iran's Revolutionary Guards said on Wednesday that the October 7 attack, which killed about 1,200 "
        "people in Israel, was revenge for Soleimani. Razi Mousavi was killed in an Israeli strike in "
        "Damascus on Monday.\n", encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "two")]) == 0
    after = json.loads((tmp_path / "two" / "facts.json").read_text())
    old = {c["article"] + str(c["span"]) + c["quote"]: f["id"] for f in before["facts"] for c in f["claims"]}
    new = {c["article"] + str(c["span"]) + c["quote"]: f["id"] for f in after["facts"] for c in f["claims"]}
    moved = {k: (old[k], new[k]) for k in old if k in new and old[k] != new[k]}
    assert moved == {}
