"""Origins (factcompare/origins.py): credit lines, cited sources, reprint groups, each fact's independent
origins; and the reprint test story (tests/data/reprints: an agency text, two copies edited as outlets
edit wire copy, one article written independently on the same event) built end to end."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.models import Article, ArticleOrigin, Claim, Fact, QuantityValue, Subject, Verdict
from factcompare.normalise import normalise
from factcompare.origins import (
    AGENCIES,
    SourceNames,
    canonical_agency,
    cited_source,
    credit_of,
    credits,
    fact_origins,
    independence_line,
    qualify,
    reprint_groups,
)

REPRINTS = Path(__file__).parent / "data" / "reprints"
WIRE = "wire-warehouse-fire-busan"
COPIES = ("daily-busan-twelve-dead-in-warehouse-blaze", "times-warehouse-fire-safety-review")
INDEPENDENT = "herald-survivors-describe-smoke"


def doc(id: str, body: str, outlet: str | None = None, published: date | None = None):
    return normalise(Article(id=id, source=f"{id}.md", title=id, outlet=outlet, published=published, body=body))


# --- credit lines ------------------------------------------------------------------------------


@pytest.mark.parametrize("line, agency", [
    ("(AP)", "Associated Press"),
    ("Source: Qatar News Agency", "Qatar News Agency"),
    ("via Reuters", "Reuters"),
    ("— AFP", "Agence France-Presse"),
    ("SEOUL (Yonhap) -- The toll rose.", "Yonhap"),
    ("BEIJING, Jan. 3 (Xinhua) — Rescuers worked through the night.", "Xinhua"),
    ("(Reuters) -On Thursday, the fifth day of the search", "Reuters"),
    ("Source: Libya News Agency", "Libya News Agency"),
    ("Source: Kurdistan Press Agency", "Kurdistan Press Agency"),  # not in the table: the words say agency
    ("A photo of the site. (via Tasnim News Agency)", None),  # a caption's photo credit
    ("The AP reported that 12 people died in the fire on Tuesday night.", None),  # a sentence, not a credit
    ("(The end)", None),
    ("", None),
])
def test_credit_lines(line, agency):
    assert credit_of(line) == agency


def test_an_article_credits_its_dateline_agency_and_a_credit_line_but_not_a_caption_credit():
    body = "SEOUL (Yonhap) -- A fire killed 12 people on Tuesday, officials said.\n\nMore text follows here."
    assert credits(doc("a", body)) == ("Yonhap",)
    caption = "First paragraph says things at length here.\n\nA photo of the site. (via Tasnim News Agency)\n\nEnd."
    assert credits(doc("b", caption)) == ()
    assert credits(doc("c", "First paragraph says things at length.\n\nSecond paragraph here.\n\n(AP)")) == (
        "Associated Press",)
    assert credits(doc("d", "Text of the story, long enough to be a paragraph.", outlet="Reuters")) == ("Reuters",)


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_credit_parsing_never_crashes_and_names_only_agencies(text):
    found = credit_of(text)
    assert found is None or canonical_agency(found) == found


@given(st.sampled_from(sorted(f for forms in AGENCIES.values() for f in forms)),
       st.sampled_from(["({})", "Source: {}", "via {}", "— {}", "SEOUL ({}) -- Text."]))
def test_a_credit_line_of_any_known_agency_reads_back_as_that_agency(form, template):
    agency = credit_of(template.format(form))
    assert agency == canonical_agency(form)
    assert canonical_agency(agency) == agency  # idempotent: a canonical name is its own canonical


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_canonical_agency_is_idempotent(text):
    once = canonical_agency(text)
    assert once is None or canonical_agency(once) == once


# --- cited sources -----------------------------------------------------------------------------


@pytest.mark.parametrize("phrase, source", [
    ("according to the National Fire Agency", "National Fire Agency"),
    ("the interior ministry said", "Interior Ministry"),
    ("Libya's interior ministry said", "Interior Ministry"),
    ("Interior Ministry spokesman Tarek al-Kharraz said", "Interior Ministry"),
    ("The Wall Street Journal reported", "Wall Street Journal"),
    ("according to the Ministry of Health in Gaza", "Ministry of Health"),
    ("Jeju Air CEO Kim E-bae told reporters", "Jeju Air"),
    ("Rear Admiral John Mauger said", "John Mauger"),
    ("the health minister Othman Abduljaleel said", "Othman Abduljaleel"),
    ("the AP news agency reported", "Associated Press"),
    ("Iran's state-run ISNA news agency reported", "ISNA"),
    ("police said", "Police"),
    ("the Red Crescent said", "Red Crescent"),
    ("the IRGC spokesperson stated", "IRGC"),
    ("he said", None), ("He also said", None), ("officials said", None), ("a spokesman said", None),
    ("176 were confirmed", None), ("According to her", None),
    ("A spokesperson for the US coastguard said", "US Coastguard"),
    ("reportedly", None), ("the company said", "~company"), ("in a statement to Iran's state-run ISNA news agency", None),
    (None, None), ("", None),
])
def test_cited_sources(phrase, source):
    assert cited_source(phrase) == source


@given(st.text(max_size=120))
@settings(max_examples=300, deadline=None)
def test_cited_source_never_crashes(text):
    found = cited_source(text)
    assert found is None or found.strip() == found and found


def test_source_names_join_a_surname_an_acronym_and_the_editors_aliases():
    names = SourceNames(["Othman Abduljaleel", "Islamic Revolutionary Guard Corps", "Interior Ministry"],
                        aliases=(("Home Office", "Interior Ministry"),))
    assert names.canonical("Abduljaleel") == "Othman Abduljaleel"
    assert names.canonical("IRGC") == "Islamic Revolutionary Guard Corps"
    assert names.canonical("Home Office") == "Interior Ministry"
    assert names.canonical("interior ministry") == "Interior Ministry"
    assert names.canonical("Red Crescent") == "Red Crescent"
    # a bare 'the ministry' is the story's one ministry, and no one when it names none or several
    assert names.canonical(cited_source("according to the ministry")) == "Interior Ministry"
    assert names.canonical(cited_source("the company said")) is None
    assert SourceNames(["Interior Ministry", "Health Ministry"]).canonical("~ministry") is None


# --- reprint groups ----------------------------------------------------------------------------


def _story_docs(folder: Path, names: tuple[str, ...] | None = None):
    from factcompare.corpus import read_corpus

    articles, problems = read_corpus(folder)
    assert not [p for p in problems if p.severity == "error"]
    return [normalise(a) for a in articles if names is None or a.id in names]


def test_the_copies_of_one_wire_text_are_grouped_and_the_independent_article_is_not():
    groups = reprint_groups(_story_docs(REPRINTS))
    assert groups == [(WIRE, *sorted(COPIES))]  # the agency's own article first: earliest, and the agency's


def test_two_copies_are_grouped_without_their_wire_text():
    groups = reprint_groups(_story_docs(REPRINTS, (*COPIES, INDEPENDENT)))
    assert groups == [tuple(COPIES)]


def test_different_texts_on_one_event_are_not_grouped():
    a = doc("a", "A fire at a warehouse in Busan killed 12 workers on Tuesday, the fire agency said. "
                 "The blaze began on the third floor where workers were sorting parcels at the time. "
                 "Firefighters needed five hours to put it out, officials said after the fire.")
    b = doc("b", "Twelve people died when fire swept through a parcel centre in Busan's Gangseo district. "
                 "Survivors said thick smoke filled the stairwell within minutes of the first alarm. "
                 "Police questioned the operator about missing sprinklers on Wednesday morning.")
    assert reprint_groups([a, b]) == []


def test_a_group_origin_is_the_earliest_article():
    text = " ".join(f"Sentence number {n} of the wire story tells readers about the flood in town {n}." for n in range(8))
    late = doc("a-late", text, published=date(2024, 1, 3))
    early = doc("z-early", text + " A local sentence is added here by the outlet's desk.", published=date(2024, 1, 2))
    assert reprint_groups([late, early]) == [("z-early", "a-late")]


def test_reprint_detection_stays_fast_at_1000_articles():
    import random
    import time

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]

    def text() -> str:
        return " ".join(" ".join(rng.choice(vocabulary) for _ in range(18)) + "." for _ in range(20))

    docs = [doc(f"a{n:04d}", text()) for n in range(1000)]
    docs.append(doc("copy", docs[3].text.replace("\n\n", " ") + " A local line added at the end of it."))
    start = time.perf_counter()
    groups = reprint_groups(docs)
    elapsed = time.perf_counter() - start
    assert groups == [("a0003", "copy")]
    assert elapsed < 20, f"{elapsed:.1f} s"


# --- per fact ----------------------------------------------------------------------------------


def claim(article: str, n: int, attribution: str | None = None) -> Claim:
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=f"{n} died", span=(0, len(str(n))),
                 value=QuantityValue(display=str(n), low=n, high=n), subject=Subject(), attribution=attribution)


def fact(*claims: Claim, status: str = "agree", summary: str = "All sources agree: 12.") -> Fact:
    return Fact(id="toll", title="How many died?", kind="quantity", claims=claims,
                verdict=Verdict(status=status, summary=summary))


def own(article: str, name: str) -> ArticleOrigin:
    return ArticleOrigin(article=article, name=name, key=f"article:{article}")


def test_an_article_without_attribution_outside_any_group_is_its_own_origin():
    f = fact(claim("a", 12), claim("b", 12))
    origins = fact_origins(f, {"a": own("a", "Daily A"), "b": own("b", "Daily B")}, SourceNames([]))
    assert [(o.name, o.kind, o.articles) for o in origins] == [("Daily A", "article", ("a",)),
                                                               ("Daily B", "article", ("b",))]


def test_claims_citing_one_source_and_a_reprint_group_count_once_each():
    group = ("w", "c1", "c2")
    articles = {a: ArticleOrigin(article=a, first="w", group_size=3, name="Yonhap", kind="credit", key="agency:Yonhap",
                                 credit="Yonhap" if a == "w" else None) for a in group}
    articles["x"] = own("x", "Herald")
    f = fact(claim("w", 12), claim("c1", 12), claim("c2", 12), claim("x", 12, "the interior ministry said"),
             claim("y", 12, "according to the Interior Ministry"))
    origins = fact_origins(f, articles, SourceNames(["Interior Ministry"]))
    assert [(o.name, o.articles) for o in origins] == [("Yonhap", ("w", "c1", "c2")),
                                                       ("Interior Ministry", ("x", "y"))]
    assert independence_line(f.model_copy(update={"origins": origins})) == (
        "5 articles, 2 independent origins (Yonhap; Interior Ministry)")


def test_the_verdict_line_says_all_from_one_origin_and_names_two_conflicting_origins():
    f = fact(claim("a", 12, "the interior ministry said"), claim("b", 12, "the interior ministry said"))
    origins = fact_origins(f, {}, SourceNames([]))
    assert qualify("All 2 sources agree: 12.", "agree", f, origins) == (
        "All 2 sources agree: 12 — all from one origin (Interior Ministry).")
    f = fact(claim("a", 12, "the interior ministry said"), claim("b", 30, "the Red Crescent said"),
             status="conflict")
    origins = fact_origins(f, {}, SourceNames([]))
    assert qualify("Sources conflict: 12 vs 30 cannot both be true.", "conflict", f, origins) == (
        "Sources conflict: 12 vs 30 cannot both be true — Interior Ministry says 12; Red Crescent says 30.")
    # an article that is its own origin is on its card already: the line stays as it was
    f = fact(claim("a", 12), claim("b", 30), status="conflict")
    origins = fact_origins(f, {"a": own("a", "A"), "b": own("b", "B")}, SourceNames([]))
    assert qualify("Sources conflict: 12 vs 30.", "conflict", f, origins) == "Sources conflict: 12 vs 30."


# --- the reprint story, built ----------------------------------------------------------------------


def _build(corpus: Path, out: Path) -> dict:
    from factcompare.cli import main

    assert main(["--corpus", str(corpus), "--out", str(out), "--no-cache", "--executor", "serial", "--quiet"]) == 0
    return json.loads((out / "facts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Two reprints of one wire text and one independent article on the same event."""
    corpus = tmp_path_factory.mktemp("three")
    for name in (*COPIES, INDEPENDENT):
        shutil.copyfile(REPRINTS / f"{name}.md", corpus / f"{name}.md")
    out = tmp_path_factory.mktemp("site") / "site"
    return out, _build(corpus, out)


def test_two_reprints_and_one_independent_article_are_3_articles_of_2_independent_origins(three):
    out, data = three
    toll = next(f for f in data["facts"] if f["kind"] == "quantity" and any(
        "killed 12 workers" in c["quote"] for c in f["claims"]))
    assert len({c["article"] for c in toll["claims"]}) == 3
    assert toll["independent_origins"] == 2
    page = (out / toll["page"] / "index.html").read_text(encoding="utf-8")
    assert "3 articles, 2 independent origins (" in page
    articles = {a["id"]: a for a in data["articles"]}
    assert articles[COPIES[0]]["reprint_of"] is None and articles[COPIES[0]]["reprints"] == len(COPIES) - 1
    assert all(articles[c]["reprint_of"] == COPIES[0] and articles[c]["reprints"] == 0 for c in COPIES[1:])
    assert articles[INDEPENDENT]["reprint_of"] is None and articles[INDEPENDENT]["reprints"] == 0
    assert articles[COPIES[1]]["credit"] == "Yonhap" and articles[COPIES[0]]["origin"] == "Yonhap"


def test_a_fact_only_the_reprints_state_is_all_from_one_origin(three):
    _, data = three
    shared = [f for f in data["facts"] if {c["article"] for c in f["claims"]} == set(COPIES)]
    assert shared
    for f in shared:
        assert f["independent_origins"] == 1 and "all from one origin" in f["summary"]
        assert f["status"] == "agree"


def test_the_reprint_story_site_shows_origins_on_cards_json_ld_and_the_matrix(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "site"
    shutil.copytree(REPRINTS, corpus)  # a build writes its story's id lock: never into the repository
    data = _build(corpus, out)
    for f in data["facts"]:
        page = (out / f["page"] / "index.html").read_text(encoding="utf-8")
        assert f"independent origin{'' if f['independent_origins'] == 1 else 's'} (" in page
        assert f["independent_origins"] == len(f["origins"]) >= 1
        ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert json.loads(ld)["citation"] == [o["name"] for o in f["origins"]]
        for c in f["claims"]:
            assert c["origin"] in {o["name"] for o in f["origins"]}
    toll = next(f for f in data["facts"] if any("killed 12 workers" in c["quote"] for c in f["claims"]))
    page = (out / toll["page"] / "index.html").read_text(encoding="utf-8")
    assert "Same text as Yonhap (the earliest)" in page and "Credited to" in page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="collapse-reprints"' in home and home.count('class="source-col reprint-copy"') == 2
