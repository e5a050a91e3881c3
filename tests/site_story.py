"""Hand-made Story objects for the site tests: a factory fire, not the seed story.

`tiny_story()` has three articles (one without title or outlet) and facts of every status and every
value kind, one corrected claim, one attribution and hedge, one alias and one removal; `hostile_story()`
puts markup in every text field a source controls. Import the fixtures into a test module with
`from site_story import tiny_story_fixture`.
"""

from __future__ import annotations

from datetime import date

import pytest

from factcompare.compare import judge
from factcompare.models import (
    Article,
    Claim,
    DateValue,
    Document,
    Fact,
    NameValue,
    PlaceValue,
    QuantityValue,
    Removal,
    Sentence,
    Story,
    Subject,
    TimeValue,
    Value,
    Verdict,
)


def document(article: Article, paragraphs: list[list[str]], removed: tuple[Removal, ...] = (),
             headline: str | None = None) -> Document:
    """A Document whose sentence offsets are computed from the paragraphs, as normalise would."""
    text_parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            text_parts.append("\n\n")
            offset += 2
        for s_index, sentence in enumerate(paragraph):
            if s_index:
                text_parts.append(" ")
                offset += 1
            sentences.append(Sentence(index=len(sentences), start=offset, end=offset + len(sentence),
                                      text=sentence, paragraph=p_index))
            text_parts.append(sentence)
            offset += len(sentence)
    return Document(article=article, text="".join(text_parts), sentences=tuple(sentences), removed=removed,
                    headline=headline or article.title or sentences[0].text[:80])


def claim(doc: Document, sentence: int, words: str, value: Value, **extra: object) -> Claim:
    """A claim on the first occurrence of `words` in sentence `sentence` of `doc`."""
    quote = doc.sentences[sentence].text
    start = quote.index(words)
    return Claim(id=f"{doc.article.id}-{sentence}-{start}", article=doc.article.id, sentence=sentence,
                 quote=quote, span=(start, start + len(words)), value=value, subject=Subject(), **extra)  # type: ignore[arg-type]


def q(display: str, low: float | None, high: float | None, *, approximate: bool = False,
      low_inclusive: bool = True, high_inclusive: bool = True, unit: str | None = None) -> QuantityValue:
    return QuantityValue(display=display, low=low, high=high, approximate=approximate,
                         low_inclusive=low_inclusive, high_inclusive=high_inclusive, unit=unit)


def d(display: str, earliest: date | None, latest: date | None, weekday: int | None = None) -> DateValue:
    return DateValue(display=display, earliest=earliest, latest=latest, weekday=weekday)


def build_tiny_story() -> Story:
    herald = Article(id="herald", source="corpus/herald.md", title='Blaze at "Mill & Co" textile factory',
                     outlet="The Herald", author="Ana Ruiz", published=date(2024, 3, 14),
                     url="https://example.org/herald/fire", body="(body)")
    courier = Article(id="courier", source="corpus/courier.md", title="Factory fire: owner questioned",
                      outlet="Daily Courier", published=date(2024, 3, 13), body="(body)")
    anon = Article(id="wire-note", source="corpus/wire-note.txt", body="(body)")

    d1 = document(herald, [
        ["More than 40 workers died in the fire at the textile factory in Dhaka on Tuesday.",
         "The blaze started around 1:30 a.m., according to the fire service."],
        ["About 200 workers were inside, the owner Rahim Khan said.",
         "Officials said the alleged safety breaches would be investigated."],
    ], removed=(Removal(text="Subscribe to our newsletter", reason="boilerplate"),))
    d2 = document(courier, [
        ["At least 45 workers were killed in Tuesday's fire.",
         "The factory employed 350 workers, police said."],
        ["The owner, Rahim Kahn, was questioned on March 12.",
         "Firefighters fought the blaze for six hours."],
    ])
    d3 = document(anon, [
        ["A fire at a factory in Bangladesh killed dozens of workers.",
         "Some 210 people were working the night shift."],
    ])

    facts = (
        Fact(id="death-toll", title="How many workers died?", kind="quantity", curated=True, pinned=True,
             aliases=("deaths",),
             claims=(claim(d1, 0, "More than 40", q("More than 40", 40, None, low_inclusive=False)),
                     claim(d2, 0, "At least 45", q("At least 45", 45, None)),
                     claim(d3, 0, "dozens", q("dozens", 24, 99, approximate=True))),
             verdict=Verdict(status="compatible", summary="Sources differ in precision: 40+ vs 45+ vs 24–99.")),
        Fact(id="workers-inside", title="How many workers were inside?", kind="quantity",
             claims=(claim(d1, 2, "About 200", q("About 200", 200, 200, approximate=True),
                           attribution="the owner Rahim Khan said"),
                     claim(d2, 1, "350", q("350", 350, 350), attribution="police said",
                           corrected=q("350 (corrected: 305)", 305, 305)),
                     claim(d3, 1, "Some 210", q("Some 210", 210, 210, approximate=True))),
             verdict=Verdict(status="conflict", summary="Sources conflict: ~200 vs 305 cannot both be true.")),
        Fact(id="fire-date", title="When did the fire break out?", kind="date",
             claims=(claim(d1, 0, "on Tuesday", d("on Tuesday", date(2024, 3, 12), date(2024, 3, 12), 1)),
                     claim(d2, 0, "Tuesday", d("Tuesday", date(2024, 3, 12), date(2024, 3, 12), 1))),
             verdict=Verdict(status="agree", summary="Sources agree: Tue 12 Mar 2024.")),
        Fact(id="fire-time", title="At what time did the fire start?", kind="time",
             claims=(claim(d1, 1, "around 1:30 a.m.",
                           TimeValue(display="around 1:30 a.m.", earliest="01:15", latest="01:45", approximate=True),
                           attribution="according to the fire service"),),
             verdict=Verdict(status="single_source", summary="Only one source: ~01:30.")),
        Fact(id="fire-place", title="Where was the factory?", kind="place",
             claims=(claim(d1, 0, "Dhaka", PlaceValue(display="Dhaka", name="Dhaka", country="BD",
                                                     lineage=("BD", "BD/1185241"))),
                     claim(d3, 0, "Bangladesh", PlaceValue(display="Bangladesh", name="Bangladesh", country="BD",
                                                          lineage=("BD",)))),
             verdict=Verdict(status="compatible", summary="Sources differ in precision: Dhaka lies in Bangladesh.")),
        Fact(id="factory-owner", title="Who owns the factory?", kind="name",
             claims=(claim(d1, 2, "Rahim Khan", NameValue(display="Rahim Khan", canonical="Rahim Khan",
                                                         category="person"), hedges=("alleged",)),
                     claim(d2, 2, "Rahim Kahn", NameValue(display="Rahim Kahn", canonical="Rahim Khan",
                                                         category="person"))),
             verdict=Verdict(status="agree", summary="Sources agree: Rahim Khan (spelled 2 ways).")),
    )
    return Story(title="Textile factory fire", documents=(d1, d2, d3), facts=facts)


def build_hostile_story() -> Story:
    """Markup in every field a source or an editor controls: it must render as text."""
    evil = "<script>alert('x')</script>"
    art = Article(id="evil", source="corpus/evil.md", title=f"Title {evil} & co", outlet=f"Outlet {evil}",
                  author=f"<b>{evil}</b>", published=date(2024, 1, 2), url="javascript:alert(1)", body="(body)")
    other = Article(id="plain", source="corpus/plain.md", title="Plain </script> report", body="(body)")
    d1 = document(art, [[f"The court fined the firm 5 million {evil} on Monday."]],
                  removed=(Removal(text=f"Ad {evil}", reason="boilerplate"),))
    d2 = document(other, [["The court fined the firm 6 million euros."]])
    fact = Fact(id="fine", title=f"How large was the fine {evil}?", kind="quantity",
                claims=(claim(d1, 0, "5 million", q("5 million", 5e6, 5e6, unit="EUR"), attribution=f"said {evil}"),
                        claim(d2, 0, "6 million", q("6 million", 6e6, 6e6, unit="EUR"))),
                verdict=Verdict(status="conflict", summary=f"Sources conflict {evil}: 5 vs 6 million."))
    return Story(title=f"Court case {evil}", documents=(d1, d2), facts=(fact,))


def quake_story(articles: int, toll_of: dict[int, int] | None = None, outlet_of: dict[int, str] | None = None) -> Story:
    """An earthquake reported by `articles` sources: every article states the death toll (fact
    `quantity-deaths`, formerly `quantity-toll`), the first four the magnitude, each pair of articles a
    number of aftershocks, and each a number of survivors no other source states. `toll_of` and
    `outlet_of` change an article's toll or outlet."""
    toll_of, outlet_of = toll_of or {}, outlet_of or {}
    docs, toll, magnitude, own = [], [], [], []
    aftershocks: dict[int, list[Claim]] = {}
    for i in range(articles):
        n = toll_of.get(i, 120 + i % 3)
        sentences = [f"The earthquake killed {n} people.", f"Rescuers pulled {i + 2} survivors from the rubble."]
        if i < 4:
            sentences.append("The quake had a magnitude of 6.")
        sentences.append(f"There were {i // 2 + 10} aftershocks.")
        article = Article(id=f"quake-{i:03d}", source=f"corpus/quake-{i:03d}.md", title=f"Quake report {i}",
                          outlet=outlet_of.get(i, f"Outlet {i % 7}"), published=date(2024, 2, 1 + i % 5),
                          body=" ".join(sentences))
        doc = document(article, [sentences])
        docs.append(doc)
        toll.append(claim(doc, 0, str(n), q(str(n), n, n)))
        own.append(Fact(id=f"quantity-survivors-{i:03d}", title=f"How many survivors in report {i}?", kind="quantity",
                        claims=(claim(doc, 1, str(i + 2), q(str(i + 2), i + 2, i + 2)),)))
        if i < 4:
            magnitude.append(claim(doc, 2, "6", q("6", 6, 6)))
        shocks = i // 2 + 10
        aftershocks.setdefault(i // 2, []).append(claim(doc, len(sentences) - 1, str(shocks), q(str(shocks), shocks, shocks)))
    facts = [Fact(id="quantity-deaths", title="How many people died?", kind="quantity", claims=tuple(toll),
                  aliases=("quantity-toll",)),
             Fact(id="quantity-magnitude", title="How strong was the quake?", kind="quantity", claims=tuple(magnitude)),
             *own,
             *(Fact(id=f"quantity-aftershocks-{k:03d}", title=f"How many aftershocks in report pair {k}?",
                    kind="quantity", claims=tuple(cs)) for k, cs in aftershocks.items())]
    return Story(title="An earthquake", documents=tuple(docs), facts=tuple(judge(facts)))


@pytest.fixture(name="tiny_story")
def tiny_story_fixture() -> Story:
    return build_tiny_story()


@pytest.fixture(name="hostile_story")
def hostile_story_fixture() -> Story:
    return build_hostile_story()


def forked_children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets one item for each pool of forked children `parallel.fork_map` starts.

    It forks even though the suite's browser tests leave threads running (their web servers, idle):
    the children of these tests only compute, and take no lock those threads could hold.
    """
    from factcompare import parallel

    pools: list[int] = []
    monkeypatch.setattr(parallel, "_other_threads", lambda: False)

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    return pools
