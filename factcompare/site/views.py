"""One typed context model per page kind, built from the Story by pure functions.

Templates read only these models (plus MkDocs' `page` and `config`), so what a template may use is
documented here, field by field, and a test checks every `view.…` a template names exists. Every
link in a view is already relative to the page it is built for (see `urls.Links`).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..compare import format_number, short_value
from ..origins import independence_line
from ..models import (
    ArticleOrigin,
    Claim,
    DateValue,
    Document,
    Fact,
    NameValue,
    PlaceValue,
    QuantityValue,
    Removal,
    Story,
    TimeValue,
    Value,
)
from .charts import CHART_ROWS, interval_chart
from .jsontext import encode
from .timeline import as_of_line, since, timeline_chart, undated, with_year
from .urls import Links, fact_address, to_card

log = logging.getLogger(__name__)


class View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- pieces shared by several pages -------------------------------------------------------


class StatusView(View):
    key: str = Field(description="Machine key: agree, compatible, updated, conflict, single_source; CSS class s-<key>.")
    label: str = Field(description="The status in one or two words: 'Conflict'.")
    symbol: str = Field(description="A one-character shape cue shown beside the colour, so colour is not the only cue.")
    meaning: str = Field(description="What the status means, in a sentence.")


STATUS_VIEWS: dict[str, StatusView] = {
    s.key: s
    for s in (
        StatusView(key="conflict", label="Conflict", symbol="≠",
                   meaning="At least two sources state values that cannot both be true."),
        StatusView(key="updated", label="Updated", symbol="↻",
                   meaning="The figure changed over time: later reports replace earlier ones, and sources that "
                           "wrote at the same time agree."),
        StatusView(key="compatible", label="Compatible", symbol="≈",
                   meaning="The sources can all be right, but differ in precision or bound."),
        StatusView(key="agree", label="Agree", symbol="=", meaning="Every source states the same value."),
        StatusView(key="single_source", label="One source", symbol="○", meaning="Only one source mentions it."),
    )
}
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_VIEWS)
# A story with more articles than this is "big": lists that grow with the number of articles or of
# facts (the matrix's source columns, "not mentioned by", an article's unmentioned facts) would make
# every page weigh as much as the whole story, so they are cut to a count and the first few.
# A big story's fact that one source alone states (and no editor defined) gets no page of its own: it
# is most of a big story's facts, has nothing to compare, and its page would only repeat the one
# sentence. Its address is its entry on that source's page (see `fact_url`).
BIG_STORY = 60
SILENT_SHOWN = 40  # in a big story, the first this many facts of an article's "not mentioned" list
# A fact page's weight is bounded whatever the number of claims (under 150 KB of HTML): at most
# GROUPS_SHOWN value groups with GROUP_CARDS_SHOWN full cards and SOURCES_LISTED one-line entries
# each, at most OTHER_VALUES_SHOWN further values counted, a chart of at most CHART_ROWS rows. Every
# claim stays in facts/<id>.json, which the page links to.
GROUP_CARDS_SHOWN = 5  # a value group shows this many source cards; the next are listed in <details>
SOURCES_LISTED = 20  # a value group lists this many more sources, one line each; the rest are counted
GROUPS_SHOWN = 6  # value groups with cards; a fact with more shows its most stated values
OTHER_VALUES_SHOWN = 40  # values beyond GROUPS_SHOWN listed with their number of sources
KIND_LABELS = {"quantity": "Number", "date": "Date", "time": "Time", "place": "Place", "name": "Name"}


class SiteView(View):
    """What every page's frame (header, footer, head links) needs."""

    site_name: str = Field(description="config.site_name.")
    story_title: str = Field(description="Story.title: what the page's story is about (the site name on a page "
                             "of no story).")
    root: str = Field(description="Prefix from this page to the site root: '' on the home page, '../../' on a fact page.")
    home_href: str = Field(description="Link to the story's home page (the site's home on a page of no story).")
    site_home_href: str = Field(description="Link to the site's home page: the list of stories, or in a site of "
                                "one story its home page.")
    many: bool = Field(default=False, description="The site holds many stories.")
    in_story: bool = Field(default=True, description="The page belongs to a story (not the list of stories, "
                           "method or about in a site of many).")
    feed_href: str = Field(description="Link to the Atom feed of the page's story (of the site on a page of no story).")
    method_href: str = Field(description="Link to the method page.")
    about_href: str = Field(description="Link to the about page.")
    css_href: str = Field(description="Link to the stylesheet.")
    js_href: str = Field(description="Link to the (optional, progressive) script.")
    search_href: str = Field(description="Link to search.json, read by the script's search box.")
    data_href: str = Field(description="Link to the story's facts.json (stories.json on a page of no story).")
    lang: str = Field(description="Language of the page, for <html lang>.")


class ArticleRef(View):
    """An article as other pages refer to it."""

    id: str = Field(description="Article id (URL slug).")
    label: str = Field(description="Outlet, or the title when the outlet is unknown: the source's name on screen.")
    title: str = Field(description="Article.title, or Document.headline when there is no title.")
    outlet: str | None = Field(description="Article.outlet, never invented.")
    author: str | None = Field(description="Article.author.")
    published: str | None = Field(description="Publication date, ISO.")
    published_text: str | None = Field(description="Publication date for people: '14 Mar 2024'.")
    url: str | None = Field(description="The original article's address, http(s) only.")
    href: str = Field(description="Link to the article's page on this site.")
    claims: int = Field(description="How many of the site's facts this article states a value for.")


class ValueView(View):
    display: str = Field(description="The words as the source wrote them.")
    normalised: str = Field(description="The normalised value, short: '1,000+', '~500', '25 Dec 2023', 'Dhaka'.")
    detail: str = Field(description="How the value was read, in words: 'more than 1,000, no upper bound'.")


class SourceCard(View):
    """One source's claim on a fact page."""

    article: ArticleRef = Field(description='The article the claim comes from.')
    anchor: str = Field(description="Element id of the card: 'source-<article id>'.")
    claim_id: str = Field(description="Claim.id.")
    before: str = Field(description="The sentence up to the value.")
    marked: str = Field(description="The value's words, shown in <mark>.")
    after: str = Field(description="The sentence after the value.")
    value: ValueView = Field(description='The value as the source wrote it, and how it was read.')
    corrected: ValueView | None = Field(description="The editor's correction, when there is one.")
    attribution: str | None = Field(description="Who the source says said it: 'according to the fire service'.")
    hedges: tuple[str, ...] = Field(description="Hedging words around the value: 'alleged', 'reportedly'.")
    as_of: str | None = Field(default=None, description="When the figure was true and how that is known: 'As of 29 "
                              "Dec, 12:13 — from the sentence: “As of 12:13 p.m.”'; None when the article does not say.")
    current: bool = Field(default=False, description="The claim is in the current stage of an updated fact.")
    sentence_href: str = Field(description="Link to the sentence on the article page (articles/<id>/#s-<n>).")
    origin: str | None = Field(default=None, description="The independent origin the claim counts for: the source "
                               "its sentence cites, else the agency its article credits, its reprint group's origin "
                               "or the article itself.")
    origin_how: str | None = Field(default=None, description="How the origin was found, in words: 'cited in the "
                                   "sentence', 'credit line', 'reprint group', 'the article itself'.")
    credit: str | None = Field(default=None, description="The news agency the article's credit line names.")
    reprint: str | None = Field(default=None, description="The article's reprint group in words: 'Same text as "
                                "Yonhap (earliest) and 1 other article'; None when no other article has its text.")


class SourceEntry(View):
    """A source listed on one line, inside the fold of a large value group."""

    article: ArticleRef = Field(description="The article the claim comes from.")
    anchor: str = Field(description="Element id of the line: 'source-<article id>'.")
    display: str = Field(description="The value's words as this source wrote them.")
    sentence_href: str = Field(description="Link to the sentence on the article page.")


class SourceGroup(View):
    normalised: str = Field(description="The value every source in the group states.")
    count: int = Field(description="How many sources state this value.")
    cards: tuple[SourceCard, ...] = Field(description="Full cards of the first sources, always visible.")
    listed: tuple[SourceEntry, ...] = Field(default=(), description="The next sources, one line each, in <details>.")
    unlisted: int = Field(default=0, description="Sources neither shown nor listed: they are in the fact's JSON.")


class ValueCount(View):
    normalised: str = Field(description="A value some sources state.")
    count: int = Field(description="How many sources state it.")


class CurrentView(View):
    """The current value of a figure that changed over time (an `updated` fact)."""

    value: str = Field(description="The latest stage's value, short: '179'.")
    since: str = Field(description="When that stage began: 'since 30 Dec', 'since 29 Dec, 12:13'.")


class FactRef(View):
    """A fact as other pages refer to it."""

    id: str = Field(description='Fact id (URL slug).')
    title: str = Field(description="The question the fact answers.")
    href: str = Field(description="Link to the fact page.")
    status: StatusView = Field(description="The fact's status.")
    kind: str = Field(description='Value kind: quantity, date, time, place or name.')


# --- home ----------------------------------------------------------------------------------


class StatusCount(View):
    status: StatusView = Field(description='The status counted.')
    count: int = Field(description='How many facts have it.')
    filter_id: str = Field(description="Id of the :target element that filters the matrix to this status.")


class MatrixCell(View):
    article_id: str = Field(description="The column's article id.")
    display: str | None = Field(description="The value as this source wrote it; None when it does not mention the fact.")
    href: str | None = Field(description="Link to this source's card on the fact page.")
    corrected: bool = Field(description="An editor corrected this source's value.")
    current: bool = Field(default=False, description="The claim is in the current stage of an updated fact.")
    reprint_copy: bool = Field(default=False, description="The column is a reprint of another column's article: hidden when "
                       "the matrix collapses reprint groups.")


class MatrixRow(View):
    fact: FactRef = Field(description='The fact of this row.')
    cells: tuple[MatrixCell, ...] = Field(description="One per column, in the order of HomeView.columns.")
    sources: int = Field(default=0, description="How many sources state a value for the fact.")
    current: CurrentView | None = Field(default=None, description="The current value of an updated fact.")


class HomeView(View):
    title: str = Field(description="Story.title.")
    summary: str | None = Field(description="Story.summary: the editor's paragraph about the story, if any.")
    counts: tuple[StatusCount, ...] = Field(description="Facts per status, in STATUS_ORDER, zero counts included.")
    total_facts: int = Field(description='Number of facts on the site.')
    columns: tuple[ArticleRef, ...] = Field(description="The matrix's source columns, in story order.")
    rows: tuple[MatrixRow, ...] = Field(description="The matrix's fact rows, in Story.facts order.")
    articles: tuple[ArticleRef, ...] = Field(description="Every article, in story order.")
    compact: bool = Field(default=False, description="A big story: no source columns, one-source facts only counted.")
    single_hidden: int = Field(default=0, description="One-source facts left out of a compact matrix.")
    copies: tuple[str, ...] = Field(default=(), description="Ids of the columns that reprint another column's "
                                    "article (every reprint group member but its origin): a collapsed matrix hides them.")
    reprints_of: dict[str, int] = Field(default_factory=dict, description="Column id of each reprint group's origin "
                                        "-> how many columns reprint it.")


# --- fact page ----------------------------------------------------------------------------


class FactView(View):
    fact: FactRef = Field(description='The fact itself.')
    kind_label: str = Field(description="'Number', 'Date', 'Time', 'Place' or 'Name'.")
    summary: str = Field(description="Verdict.summary: how the sources agree or differ, in one line.")
    grounds: str = Field(default="", description="Fact.grounds: why these claims were grouped, in one line.")
    description: str = Field(description="Status, current value (of an updated fact) and summary, for <meta "
                             "name=description> and Open Graph.")
    current: CurrentView | None = Field(default=None, description="The current value of an updated fact.")
    chart_svg: str | None = Field(description="Static SVG of each source's interval (quantities and dates), or None; "
                                  "None for an updated fact with a timeline.")
    timeline_svg: str | None = Field(default=None, description="Static SVG of an updated count over time, or None.")
    timeline_undated: tuple[str, ...] = Field(default=(), description="Sources with no as-of time, not drawn on the "
                                              "timeline: 'Source (value)'.")
    chart_by_value: bool = Field(default=False, description="The chart has a row per value, not per source (many claims).")
    groups: tuple[SourceGroup, ...] = Field(description="Sources grouped by normalised value, in order of first "
                                            "mention; the GROUPS_SHOWN most stated when there are more.")
    other_values: tuple[ValueCount, ...] = Field(default=(), description="Values beyond the groups shown, most "
                                                 "stated first (the first OTHER_VALUES_SHOWN).")
    other_values_total: int = Field(default=0, description="How many values are beyond the groups shown.")
    other_sources: int = Field(default=0, description="How many sources state those values.")
    grouped: bool = Field(description="Show group headings: many claims and some share a value.")
    cards: int = Field(description="Number of sources stating a value (cards, lines and counted ones).")
    silent: tuple[ArticleRef, ...] = Field(description="Articles that do not mention this fact (none listed in a big story: only counted).")
    silent_total: int = Field(default=0, description="How many articles do not mention this fact.")
    corrections: tuple[str, ...] = Field(description="Labels of the sources whose value an editor corrected.")
    curated: bool = Field(description="Defined by the editor in facts.yaml.")
    json_ld: str = Field(description="schema.org Claim JSON-LD, already safe to put inside <script>.")
    independence: str = Field(default="", description="'3 articles, 2 independent origins (National Fire Agency; "
                              "Yonhap)': how many independent origins the sources trace to.")
    origins: tuple[str, ...] = Field(default=(), description="The fact's independent origins' names, in order of "
                                     "their first claim.")
    json_href: str = Field(description="Link to facts/<id>.json.")
    canonical_url: str | None = Field(description="Absolute address of the page when site_url is set, for og:url.")


# --- article page -------------------------------------------------------------------------


class Segment(View):
    text: str = Field(description='The text of this piece of the sentence.')
    fact: FactRef | None = Field(description="The fact this piece of text is a value of; None for plain text.")
    href: str | None = Field(description="Link to this article's card on the fact page.")


class SentenceView(View):
    index: int = Field(description='Sentence.index within the document.')
    anchor: str = Field(description="Element id: 's-<index>'.")
    segments: tuple[Segment, ...] = Field(description='The sentence cut into plain text and linked values.')


class ParagraphView(View):
    sentences: tuple[SentenceView, ...] = Field(description="The paragraph's sentences, in order.")


class ArticleView(View):
    article: ArticleRef = Field(description="The article's metadata.")
    language: str | None = Field(description='Article.language, for a lang attribute on the text.')
    paragraphs: tuple[ParagraphView, ...] = Field(description="The normalised text, sentence by sentence.")
    facts: tuple[FactRef, ...] = Field(description="Facts this article states a value for, in story order; "
                                       "the element id of each entry is 'fact-<id>'.")
    without_page: int = Field(default=0, description="How many of them have no page of their own (see BIG_STORY); "
                              "their entries link to the sentence.")
    silent: tuple[FactRef, ...] = Field(description="Facts of the story this article does not mention (the first SILENT_SHOWN in a big story).")
    silent_total: int = Field(default=0, description="How many facts of the story this article does not mention.")
    removed: tuple[Removal, ...] = Field(description="What normalisation removed, shown collapsed.")


class NotFoundView(View):
    home_href: str = Field(description="Absolute home address when site_url is set, else './' (fixed by the script).")


# --- builders ------------------------------------------------------------------------------


def fact_status(fact: Fact) -> str:
    """The fact's status; a fact the pipeline left without a verdict shows as single-source or conflict-free."""
    if fact.verdict is not None:
        return fact.verdict.status
    log.warning("fact %s has no verdict; showing it as %s", fact.id,
                "single_source" if len(fact.claims) <= 1 else "compatible")
    return "single_source" if len({c.article for c in fact.claims}) <= 1 else "compatible"


def fact_summary(fact: Fact) -> str:
    return fact.verdict.summary if fact.verdict is not None else ""


def _updated(fact: Fact) -> bool:
    return fact.verdict is not None and fact.verdict.status == "updated" and bool(fact.verdict.steps)


def current_view(fact: Fact) -> CurrentView | None:
    """The current value of an updated fact (its latest stage's), or None for any other fact."""
    if not _updated(fact):
        return None
    assert fact.verdict is not None
    last = fact.verdict.steps[-1]
    return CurrentView(value=short_value(last.value), since=since(last, with_year(fact.claims)))


def current_claims(fact: Fact) -> frozenset[str]:
    """Ids of the claims in an updated fact's current stage (none for any other fact)."""
    return frozenset(fact.verdict.steps[-1].claims) if _updated(fact) and fact.verdict else frozenset()


def fact_description(fact: Fact, status: StatusView) -> str:
    """The line a link preview shows: the status, an updated fact's current value first, the summary."""
    current = current_view(fact)
    now = f" Current value: {current.value} ({current.since})." if current else ""
    return f"{status.label}.{now} {fact_summary(fact)}".strip()


def article_title(doc: Document) -> str:
    return doc.article.title or doc.headline


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links: a corpus 'javascript:' URL must not run in a reader's browser."""
    if url and url.split(":", 1)[0].lower() in ("http", "https"):
        return url
    return None


def human_date(d: date | None) -> str | None:
    return f"{d.day} {d.strftime('%b %Y')}" if d else None


def claim_counts(story: Story) -> dict[str, int]:
    """Facts per article; computed once per story (every fact and article page asks)."""
    return _index(story).counts


class _StoryIndex:
    """Lookups every page needs, built once per Story rather than once per page.

    The reference caches (`article_refs`, `fact_refs`) hold one model per (item, link): pages of one
    folder link to the same address, so a story of n articles and m facts keeps at most a few times
    n + m of them, and they go away with the index when the next story is rendered.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.docs = {doc.article.id: doc for doc in story.documents}
        self.facts = {fact.id: fact for fact in story.facts}
        self.doc_ids = Counter(doc.article.id for doc in story.documents)
        self.big = len(story.documents) > BIG_STORY
        # Per article: the facts citing it in story order, each with the article's claims in claim order.
        self.facts_of: dict[str, list[tuple[Fact, list[Claim]]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.widely_reported: list[Fact] = []  # facts two or more articles state, in story order
        self.unpaged: dict[str, str] = {}  # fact id -> its one source, for the facts without a page
        for fact in story.facts:
            by_article: dict[str, list[Claim]] = {}
            for c in fact.claims:
                by_article.setdefault(c.article, []).append(c)
            for article in sorted(by_article):
                self.facts_of[article].append((fact, by_article[article]))
                self.counts[article] += 1
            if len(by_article) > 1:
                self.widely_reported.append(fact)
            elif self.big and by_article and not fact.curated:
                self.unpaged[fact.id] = next(iter(by_article))
        self.article_refs: dict[tuple[str, int, str], ArticleRef] = {}
        self.fact_refs: dict[tuple[str, str], FactRef] = {}
        self.layouts: dict[str, _Layout] = {}  # by fact id: what each fact page shows (see `_layout`)
        self.origins: dict[str, ArticleOrigin] = {o.article: o for o in story.origins}


_LAST_INDEX: list[_StoryIndex] = []


def _index(story: Story) -> _StoryIndex:
    """The index of the story last asked about (the story object itself, not an equal copy)."""
    if not _LAST_INDEX or _LAST_INDEX[0].story is not story:
        _LAST_INDEX[:] = [_StoryIndex(story)]
    return _LAST_INDEX[0]


def is_big(story: Story) -> bool:
    return len(story.documents) > BIG_STORY


def has_page(story: Story, fact: Fact) -> bool:
    """Whether the fact has a page (and a facts/<id>.json) of its own: see BIG_STORY."""
    return fact.id not in _index(story).unpaged


def fact_url(story: Story, fact: Fact, directory_urls: bool = True) -> str:
    """The fact's address from the site root: its page, or its entry on its one source's page."""
    return fact_address(fact.id, _index(story).unpaged.get(fact.id), directory_urls)


def _fact_href(index: _StoryIndex, fact: Fact, links: Links) -> str:
    """`fact_url` as a link from the page of `links`."""
    home = index.unpaged.get(fact.id)
    return links.fact(fact.id) if home is None else links.fact_entry(home, fact.id)


def _label(doc: Document) -> str:
    return doc.article.outlet or article_title(doc)


def article_ref(doc: Document, links: Links, claims: int = 0) -> ArticleRef:
    a = doc.article
    return ArticleRef(
        id=a.id, label=_label(doc), title=article_title(doc), outlet=a.outlet, author=a.author,
        published=a.published.isoformat() if a.published else None, published_text=human_date(a.published),
        url=safe_url(a.url), href=links.article(a.id), claims=claims,
    )


def _article_ref(index: _StoryIndex, doc: Document, links: Links, claims: int) -> ArticleRef:
    """`article_ref`, made once per address it is linked at (every fact page links an article alike)."""
    href = links.article(doc.article.id)
    key = (doc.article.id, claims, href)
    ref = index.article_refs.get(key)
    if ref is None or index.docs.get(doc.article.id) is not doc:
        ref = index.article_refs[key] = article_ref(doc, links, claims)
    return ref


def fact_ref(fact: Fact, links: Links, href: str | None = None) -> FactRef:
    """A link to the fact's page, or to `href`."""
    return FactRef(id=fact.id, title=fact.title, href=href or links.fact(fact.id),
                   status=STATUS_VIEWS[fact_status(fact)], kind=fact.kind)


def _fact_ref(index: _StoryIndex, fact: Fact, links: Links) -> FactRef:
    """`fact_ref` to the fact's address, made once per address it is linked at (every article page
    links a fact alike). A fact without a page is linked from its one source's page alone: its
    reference is made each time rather than kept (64,000 of them at 10,000 articles, 30 MB)."""
    href = _fact_href(index, fact, links)
    if fact.id in index.unpaged:
        return fact_ref(fact, links, href)
    key = (fact.id, href)
    ref = index.fact_refs.get(key)
    if ref is None or index.facts.get(fact.id) is not fact:
        ref = index.fact_refs[key] = fact_ref(fact, links, href)
    return ref


def value_detail(v: Value) -> str:
    """How a value was read, in words a reader checks against the quote."""
    if isinstance(v, QuantityValue):
        unit = f" {v.unit}" if v.unit else ""
        lo = format_number(v.low) if v.low is not None else None
        hi = format_number(v.high) if v.high is not None else None
        if lo is not None and lo == hi:
            text = f"{'about ' if v.approximate else 'exactly '}{lo}{unit}"
        elif lo is not None and hi is None:
            text = f"{'more than' if not v.low_inclusive else 'at least'} {lo}{unit}, no upper bound"
        elif lo is None and hi is not None:
            text = f"{'less than' if not v.high_inclusive else 'at most'} {hi}{unit}, no lower bound"
        elif lo is not None and hi is not None:
            text = f"between {lo} and {hi}{unit}"
        else:
            text = "no number could be read"
        return text + (", approximate" if v.approximate and lo != hi else "")
    if isinstance(v, DateValue):
        if v.earliest is None or v.latest is None:
            weekday = ""
            if v.weekday is not None:
                weekday = f"; a {date(2024, 1, 1 + v.weekday).strftime('%A')}"
            return f"not resolved to a day (no publication date to count from){weekday}"
        if v.earliest == v.latest:
            return f"{v.earliest.strftime('%A')} {v.earliest.day} {v.earliest.strftime('%B %Y')}"
        return f"a day from {v.earliest.isoformat()} to {v.latest.isoformat()}"
    if isinstance(v, TimeValue):
        zone = f" {v.timezone}" if v.timezone else ""
        span = v.earliest if v.earliest == v.latest else f"between {v.earliest} and {v.latest}"
        return f"{span}{zone} (24 h){', approximate' if v.approximate else ''}"
    if isinstance(v, PlaceValue):
        return f"{v.name}, {v.country}" if v.country and v.country != v.name else v.name
    if isinstance(v, NameValue):
        return v.canonical + (f" ({v.category})" if v.category != "other" else "")
    raise TypeError(type(v))


def value_view(v: Value) -> ValueView:
    return ValueView(display=v.display, normalised=short_value(v), detail=value_detail(v))


def split_quote(claim: Claim) -> tuple[str, str, str]:
    """The quote cut around the value's span; a span outside the quote highlights nothing."""
    start, end = claim.span
    if not 0 <= start <= end <= len(claim.quote):
        log.warning("claim %s: span %s lies outside its quote", claim.id, claim.span)
        return claim.quote, "", ""
    return claim.quote[:start], claim.quote[start:end], claim.quote[end:]


def json_ld(fact: Fact, docs: dict[str, Document], canonical_url: str | None,
            shown: set[str] | None = None) -> str:
    """schema.org Claim with each source as an `appearance`, escaped for an HTML <script> element.

    With `shown` (claim ids), only the claims the page shows as cards appear: a fact of a thousand
    sources would otherwise carry a thousand appearances in its <head>."""
    appearances = []
    for c in fact.claims:
        doc = docs.get(c.article)
        if doc is None or (shown is not None and c.id not in shown):
            continue
        work: dict[str, object] = {"@type": "CreativeWork", "headline": article_title(doc)}
        if safe_url(doc.article.url):
            work["url"] = doc.article.url
        if doc.article.outlet:
            work["publisher"] = {"@type": "Organization", "name": doc.article.outlet}
        if doc.article.author:
            work["author"] = {"@type": "Person", "name": doc.article.author}
        if doc.article.published:
            work["datePublished"] = doc.article.published.isoformat()
        work["text"] = c.quote
        appearances.append(work)
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "Claim", "name": fact.title,
                               "description": fact_summary(fact), "appearance": appearances}
    if fact.origins:  # who the figure comes from, each independent origin once (the first JSON_LD_ORIGINS)
        data["citation"] = [o.name for o in fact.origins[:JSON_LD_ORIGINS]]
    if canonical_url:
        data["url"] = canonical_url
    text = encode(data, indent=" ")  # json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # '<' is the only character that can end a <script> element early; JSON allows it escaped.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: A fact's JSON-LD names at most this many origins (a fact of a thousand sources may have hundreds).
JSON_LD_ORIGINS = 40
ORIGIN_HOW = {"cited": "cited in the sentence", "credit": "the article's credit line",
              "reprint": "the earliest article of its reprint group", "article": "the article itself"}


def reprint_line(index: _StoryIndex, source: ArticleOrigin | None) -> str | None:
    """The article's reprint group in words, or None when no other article has its text."""
    if source is None or source.first is None:
        return None
    first = index.docs.get(source.first)
    first_label = _label(first) if first is not None else source.first
    others = source.group_size - 1
    if source.article == source.first:
        return f"Reprinted by {others} other article{'' if others == 1 else 's'} of this story (this is the earliest)"
    rest = others - 1
    more = f" and {rest} other article{'' if rest == 1 else 's'}" if rest else ""
    return f"Same text as {first_label} (the earliest){more}"


def home_view(story: Story, links: Links) -> HomeView:
    counts = claim_counts(story)
    articles = tuple(article_ref(doc, links, counts[doc.article.id]) for doc in story.documents)
    if is_big(story):
        return _compact_home(story, links, articles)
    columns = articles
    index = _index(story)
    copies = tuple(a.id for a in columns if (o := index.origins.get(a.id)) and o.first not in (None, a.id))
    reprints_of: dict[str, int] = {}
    for a in columns:
        o = index.origins.get(a.id)
        if o and o.first == a.id:
            reprints_of[a.id] = o.group_size - 1
    copy_set = set(copies)
    rows = []
    for fact in story.facts:
        by_article = {c.article: c for c in fact.claims}
        anchored = anchored_sources(story, fact)
        latest = current_claims(fact)
        cells = tuple(
            MatrixCell(
                article_id=col.id,
                display=by_article[col.id].value.display if col.id in by_article else None,
                href=links.fact(fact.id, col.id if col.id in anchored else None) if col.id in by_article else None,
                corrected=col.id in by_article and by_article[col.id].corrected is not None,
                current=col.id in by_article and by_article[col.id].id in latest,
                reprint_copy=col.id in copy_set,
            )
            for col in columns
        )
        rows.append(MatrixRow(fact=fact_ref(fact, links), cells=cells, current=current_view(fact)))
    return HomeView(
        title=story.title,
        summary=story.summary,
        counts=_status_counts(story),
        total_facts=len(story.facts), columns=columns, rows=tuple(rows), articles=columns,
        copies=copies, reprints_of=reprints_of,
    )


def _status_counts(story: Story) -> tuple[StatusCount, ...]:
    per_status: dict[str, int] = defaultdict(int)
    for fact in story.facts:
        per_status[fact_status(fact)] += 1
    return tuple(StatusCount(status=STATUS_VIEWS[s], count=per_status[s], filter_id=f"only-{s}") for s in STATUS_ORDER)


def _compact_home(story: Story, links: Links, articles: tuple[ArticleRef, ...]) -> HomeView:
    """A big story's home: one row per fact two or more sources state, with how many; no source columns."""
    rows = []
    single = 0
    for fact in story.facts:
        sources = len({c.article for c in fact.claims})
        if sources < 2:
            single += 1
            continue
        rows.append(MatrixRow(fact=fact_ref(fact, links), cells=(), sources=sources, current=current_view(fact)))
    return HomeView(title=story.title, summary=story.summary, counts=_status_counts(story),
                    total_facts=len(story.facts), columns=(), rows=tuple(rows), articles=articles,
                    compact=True, single_hidden=single)


class _Layout:
    """Which of a fact's claims its page shows as cards, lists on one line, or only counts."""

    def __init__(self, groups: list[tuple[str, list[Claim]]], others: list[tuple[str, list[Claim]]]) -> None:
        self.groups = [(key, *_fold(claims)) for key, claims in groups]
        self.others = others
        self.anchored = frozenset(c.article for _, cards, listed, _ in self.groups for c in (*cards, *listed))


def _fold(claims: list[Claim]) -> tuple[list[Claim], list[Claim], int]:
    """A value group: the first GROUP_CARDS_SHOWN claims as cards, the next SOURCES_LISTED as lines,
    the rest counted. Folding away a single claim saves nothing, so it stays a card."""
    if len(claims) - GROUP_CARDS_SHOWN <= 1:
        return claims, [], 0
    listed = claims[GROUP_CARDS_SHOWN:GROUP_CARDS_SHOWN + SOURCES_LISTED]
    return claims[:GROUP_CARDS_SHOWN], listed, len(claims) - GROUP_CARDS_SHOWN - len(listed)


def _layout(index: _StoryIndex, fact: Fact) -> _Layout:
    layout = index.layouts.get(fact.id)
    if layout is not None and index.facts.get(fact.id) is fact:
        return layout
    by_value: dict[str, list[Claim]] = {}
    for c in fact.claims:
        if c.article not in index.docs:
            log.warning("fact %s cites article %s, which the story does not have", fact.id, c.article)
            continue
        by_value.setdefault(short_value(c.effective_value), []).append(c)
    groups = list(by_value.items())
    others: list[tuple[str, list[Claim]]] = []
    if len(groups) > GROUPS_SHOWN:  # the most stated values get cards, in order of first mention
        ranked = sorted(range(len(groups)), key=lambda i: (-len(groups[i][1]), i))
        keep = sorted(ranked[:GROUPS_SHOWN])
        others = [groups[i] for i in ranked[GROUPS_SHOWN:]]
        groups = [groups[i] for i in keep]
    layout = _Layout(groups, others)
    if index.facts.get(fact.id) is fact:
        index.layouts[fact.id] = layout
    return layout


def is_anchored(index: _StoryIndex, fact: Fact, article: str) -> bool:
    """`article in anchored_sources(...)`, without laying out a fact too small to fold anything."""
    if len(fact.claims) <= GROUP_CARDS_SHOWN + 1 and GROUP_CARDS_SHOWN + 1 <= GROUPS_SHOWN:
        return article in index.docs  # every claim is a card (_fold keeps them, no group is left out)
    return article in _layout(index, fact).anchored


def anchored_sources(story: Story, fact: Fact) -> frozenset[str]:
    """Articles whose claim has an element `#source-<article id>` on the fact page: a link to another
    source's claim goes to the page itself, not to an anchor that is not there."""
    return _layout(_index(story), fact).anchored


def fact_view(story: Story, fact: Fact, links: Links, canonical_url: str | None = None) -> FactView:
    index = _index(story)
    docs = index.docs
    counts = index.counts
    status = STATUS_VIEWS[fact_status(fact)]
    layout = _layout(index, fact)
    latest = current_claims(fact)
    year = with_year(fact.claims)
    # A figure's time says when it was true; a day's or a place's is only its article's date, on the card already.
    dated = fact.kind == "quantity" or _updated(fact)

    origin_of = {cid: o for o in fact.origins for cid in o.claims}

    def card(c: Claim) -> SourceCard:
        before, marked, after = split_quote(c)
        origin = origin_of.get(c.id)
        source = index.origins.get(c.article)
        return SourceCard(
            origin=origin.name if origin else None, origin_how=ORIGIN_HOW[origin.kind] if origin else None,
            credit=source.credit if source else None, reprint=reprint_line(index, source),
            article=_article_ref(index, docs[c.article], links, counts[c.article]), anchor=f"source-{c.article}",
            claim_id=c.id, before=before, marked=marked, after=after, value=value_view(c.value),
            corrected=value_view(c.corrected) if c.corrected else None, attribution=c.attribution,
            hedges=c.hedges, as_of=as_of_line(c.as_of, year) if dated else None, current=c.id in latest,
            sentence_href=links.article(c.article, c.sentence),
        )

    def entry(c: Claim) -> SourceEntry:
        return SourceEntry(article=_article_ref(index, docs[c.article], links, counts[c.article]),
                           anchor=f"source-{c.article}", display=c.value.display,
                           sentence_href=links.article(c.article, c.sentence))

    groups = []
    for key, carded, listed, unlisted in layout.groups:
        groups.append(SourceGroup(normalised=key, count=len(carded) + len(listed) + unlisted,
                                  cards=tuple(card(c) for c in carded), listed=tuple(entry(c) for c in listed),
                                  unlisted=unlisted))
    shown_cards = [c for g in groups for c in g.cards]
    total = sum(g.count for g in groups) + sum(len(claims) for _, claims in layout.others)
    cited = {c.article for c in fact.claims}
    labels = {c.article: _label(docs[c.article]) for c in fact.claims if c.article in docs}
    silent_total = len(story.documents) - sum(index.doc_ids[a] for a in cited)
    # A big story's fact page counts the silent sources and points to the list of all sources: naming
    # a few hundred of them helps no reader, was half of every page's weight, and tied every fact page
    # to the whole article list (one article added, every page rendered again).
    shown_docs = [] if index.big else [doc for doc in story.documents if doc.article.id not in cited]
    timeline = timeline_chart(fact, labels)
    return FactView(
        fact=fact_ref(fact, links), kind_label=KIND_LABELS[fact.kind], summary=fact_summary(fact),
        grounds=fact.grounds, description=fact_description(fact, status), current=current_view(fact),
        chart_svg=None if timeline else interval_chart(fact, labels), chart_by_value=len(fact.claims) > CHART_ROWS,
        timeline_svg=timeline, timeline_undated=undated(fact, labels) if timeline else (),
        groups=tuple(groups),
        other_values=tuple(ValueCount(normalised=k, count=len(v)) for k, v in layout.others[:OTHER_VALUES_SHOWN]),
        other_values_total=len(layout.others), other_sources=sum(len(v) for _, v in layout.others),
        grouped=total > 3 and len(groups) + len(layout.others) < total, cards=total,
        silent=tuple(_article_ref(index, doc, links, counts[doc.article.id]) for doc in shown_docs),
        silent_total=silent_total,
        corrections=tuple(labels[c.article] for c in fact.claims if c.corrected and c.article in labels),
        curated=fact.curated, json_ld=json_ld(fact, docs, canonical_url, {c.claim_id for c in shown_cards}),
        independence=independence_line(fact) if fact.origins else "", origins=tuple(o.name for o in fact.origins),
        json_href=links.story_file(f"facts/{fact.id}.json"), canonical_url=canonical_url,
    )


def sentence_segments(text: str, claims: list[tuple[Claim, Fact]], links: Links,
                      index: _StoryIndex | None = None) -> tuple[Segment, ...]:
    """The sentence cut into plain text and linked values; overlapping spans keep the first."""
    segments: list[Segment] = []
    pos = 0
    for c, fact in sorted(claims, key=lambda cf: (cf[0].span[0], cf[0].span[1], cf[1].id)):
        start, end = c.span
        if c.quote != text:
            found = text.find(c.quote[start:end])
            if found < 0:
                continue
            start, end = found, found + (end - start)
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            segments.append(Segment(text=text[pos:start], fact=None, href=None))
        # Without the story's index (a caller of this function alone) every claim is taken as anchored.
        anchored = index is None or is_anchored(index, fact, c.article)
        source = c.article if anchored else None
        if index is None:
            ref, href = fact_ref(fact, links), links.fact(fact.id, source)
        else:  # to this source's card when the fact has a page; a fact without one is an entry, with no cards
            ref = _fact_ref(index, fact, links)
            href = to_card(ref.href, None if fact.id in index.unpaged else source)
        segments.append(Segment(text=text[start:end], fact=ref, href=href))
        pos = end
    if pos < len(text) or not segments:
        segments.append(Segment(text=text[pos:], fact=None, href=None))
    return tuple(segments)


def article_view(story: Story, doc: Document, links: Links) -> ArticleView:
    index = _index(story)
    aid = doc.article.id
    by_sentence: dict[int, list[tuple[Claim, Fact]]] = defaultdict(list)
    mentioned: list[FactRef] = []
    mentioned_ids: set[str] = set()
    for fact, own in index.facts_of.get(aid, []):
        for c in own:
            by_sentence[c.sentence].append((c, fact))
        if own:
            # A fact without a page is this entry: it links to the sentence that states it.
            mentioned.append(_fact_ref(index, fact, links) if fact.id not in index.unpaged
                             else fact_ref(fact, links, links.article(aid, own[0].sentence)))
            mentioned_ids.add(fact.id)
    paragraphs: dict[int, list[SentenceView]] = {}
    for s in doc.sentences:
        claims = by_sentence.get(s.index)
        segments = (sentence_segments(s.text, claims, links, index) if claims
                    else (Segment(text=s.text, fact=None, href=None),))
        paragraphs.setdefault(s.paragraph, []).append(SentenceView(index=s.index, anchor=f"s-{s.index}",
                                                                   segments=segments))
    return ArticleView(
        article=article_ref(doc, links, len(mentioned)), language=doc.article.language,
        paragraphs=tuple(ParagraphView(sentences=tuple(v)) for _, v in sorted(paragraphs.items())),
        facts=tuple(mentioned),
        without_page=sum(1 for f in mentioned if f.id in index.unpaged),
        silent=_silent_facts(story, mentioned_ids, links),
        silent_total=len(story.facts) - len(mentioned_ids),
        removed=doc.removed,
    )


def _silent_facts(story: Story, mentioned: set[str], links: Links) -> tuple[FactRef, ...]:
    """Facts the article does not mention; in a big story only the first SILENT_SHOWN of those that
    two or more other sources state (the ones a reader would notice missing)."""
    index = _index(story)
    if not index.big:
        return tuple(_fact_ref(index, f, links) for f in story.facts if f.id not in mentioned)
    out = []
    for f in index.widely_reported:
        if f.id not in mentioned:
            out.append(_fact_ref(index, f, links))
            if len(out) == SILENT_SHOWN:
                break
    return tuple(out)


def site_view(site_name: str, story: Story | None, links: Links, lang: str = "en", many: bool = False) -> SiteView:
    """The frame of a page of `story`, or of no story (None: the list of stories, the method and about
    pages of a site of many)."""
    in_story = story is not None or not many
    return SiteView(
        site_name=site_name, story_title=story.title if story is not None else site_name, root=links.root,
        home_href=links.home() if in_story else links.site_home(), site_home_href=links.site_home(), many=many,
        in_story=story is not None, method_href=links.page("method"), about_href=links.page("about"),
        css_href=links.to("assets/factcompare.css"), js_href=links.to("assets/factcompare.js"),
        search_href=links.to("search.json"),
        data_href=links.story_file("facts.json") if in_story else links.to("stories.json"),
        feed_href=links.story_file("feed.xml") if in_story else links.to("feed.xml"), lang=lang,
    )
