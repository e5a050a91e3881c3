"""The models passed between pipeline stages.

Every stage is a pure function from some of these to others, so a stage can be tested on a
hand-made input and its output cached by content. Models are frozen: a stage that wants a
different value builds a new one, it never edits its input.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

Number = Union[int, float]
Kind = Literal["quantity", "date", "time", "place", "name"]
Status = Literal["agree", "compatible", "updated", "conflict", "single_source"]
KINDS: tuple[str, ...] = ("quantity", "date", "time", "place", "name")
STATUSES: tuple[str, ...] = ("agree", "compatible", "updated", "conflict", "single_source")
T = TypeVar("T")


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Model(BaseModel):
    """A frozen pydantic model whose instances share their set of explicitly set field names.

    Pydantic gives every instance a set of the fields it was given: a few hundred bytes, more than
    the instance's own fields. Instances that were given the same fields share one set here; it is
    never changed in place (a frozen model refuses assignment, `model_copy` copies the set before
    adding). The types a story holds by the hundred thousand are records instead (see `record`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        _share_fields_set(self)

    def __setstate__(self, state: dict[Any, Any]) -> None:  # unpickled from a worker process
        super().__setstate__(state)
        _share_fields_set(self)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _share_fields_set(model: BaseModel) -> None:
    given = model.__pydantic_fields_set__
    shared = _FIELDS_SETS.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(model, "__pydantic_fields_set__", shared)


def record(cls: type[T]) -> type[T]:
    """A small type the story holds by the hundred thousand (sentences, values, claims): a frozen
    pydantic dataclass with slots. It validates from and dumps to the same JSON as a Model, faster,
    in a fraction of the memory: no dictionary and no set of given fields an instance (a sentence
    takes 72 bytes instead of 264: a build of 10,000 articles held 719 MiB after analysis, now
    467). Fields are keyword-only, as models' are. A copy with changes is `dataclasses.replace`."""
    return dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))(cls)


# --- reading and normalising -------------------------------------------------------------


class Problem(Model):
    """Something wrong with the input, located so an editor can go and fix it."""

    path: str = Field(description="File path as the user gave it (relative to the working folder).")
    line: int | None = Field(default=None, description="1-based line in that file, when known.")
    message: str = Field(description="What is wrong, in a sentence.")
    hint: str = Field(default="", description="What to do about it.")
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" {self.hint}" if self.hint else ""
        # One problem, one line: a control character quoted from the input is shown escaped.
        return CONTROL.sub(lambda m: repr(m.group())[1:-1], f"{where}: {self.severity}: {self.message}{hint}")


class ArticleMeta(Model):
    """What a Document keeps of its article: everything but the body, which its normalised text
    replaces (a second copy of every article's text would stay in memory to the end of a build)."""

    id: str = Field(description="URL slug: the file name without extension.")
    source: str = Field(description="Path of the corpus file, for messages.")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    body_line: int = Field(default=1, description="1-based line of the file on which the body starts.")


class Article(ArticleMeta):
    """One article as the corpus holds it: metadata plus the body as published."""

    body: str

    def meta(self) -> ArticleMeta:
        """The article without its body, as its Document keeps it."""
        return ArticleMeta(**{name: getattr(self, name) for name in self.model_fields_set if name != "body"})


@record
class Sentence:
    index: int
    start: int = Field(description="Offset of the first character in Document.text.")
    end: int = Field(description="Offset just past the last character in Document.text.")
    text: str
    paragraph: int


@record
class Removal:
    """Text normalisation dropped, kept so the article page can show it."""

    text: str
    reason: str = Field(description="Why, in a few words: 'boilerplate', 'duplicate caption', ...")


class Document(Model):
    """An article after normalisation: clean text cut into sentences with offsets."""

    article: ArticleMeta
    text: str = Field(description="Normalised body; paragraphs separated by a blank line.")
    sentences: tuple[Sentence, ...]
    removed: tuple[Removal, ...] = ()
    headline: str = Field(description="The title, or the lead sentence shortened when there is no title.")


# --- values ------------------------------------------------------------------------------


@record
class QuantityValue:
    kind: Literal["quantity"] = "quantity"
    display: str = Field(description="The words as the source wrote them: 'more than 1000'.")
    low: Number | None = Field(description="Lower bound; None when open (unbounded).")
    high: Number | None = Field(description="Upper bound; None when open (unbounded).")
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = Field(default=False, description="Hedged ('about', 'some') or vague ('hundreds').")
    unit: str | None = Field(default=None, description="'USD', '%', 'degree', ...; None for a plain count.")


@record
class DateValue:
    kind: Literal["date"] = "date"
    display: str
    earliest: date | None = Field(description="First day it may mean; None when unresolved.")
    latest: date | None = Field(description="Last day it may mean; None when unresolved.")
    weekday: int | None = Field(
        default=None, description="0 = Monday, when the text names a weekday: an unresolved 'Monday' still compares."
    )


@record
class TimeValue:
    kind: Literal["time"] = "time"
    display: str
    earliest: str = Field(description="'HH:MM', 24 h.")
    latest: str = Field(description="'HH:MM', 24 h.")
    timezone: str | None = None
    approximate: bool = False


@record
class PlaceValue:
    kind: Literal["place"] = "place"
    display: str
    name: str = Field(description="Canonical name from the gazetteer.")
    country: str | None = Field(description="ISO 3166 alpha-2.")
    lineage: tuple[str, ...] = Field(
        description="Keys from the broadest place down to this one ('SY', 'SY/170654'): "
        "one lineage a prefix of another means one place lies inside the other."
    )


@record
class NameValue:
    kind: Literal["name"] = "name"
    display: str = Field(description="The spelling the source used.")
    canonical: str = Field(description="One spelling for all variants, so variants agree.")
    category: Literal["person", "organisation", "operation", "rank", "title", "other"] = "other"
    lineage: tuple[str, ...] = Field(
        default=(),
        description="Broader-to-narrower canonical keys ('general', 'major general'); "
        "a prefix is a less precise but compatible value.",
    )


Value = Annotated[
    Union[QuantityValue, DateValue, TimeValue, PlaceValue, NameValue], Field(discriminator="kind")
]


# --- claims and facts --------------------------------------------------------------------


@record
class Mention:
    """A value found in a sentence, before we know what the sentence says it is about."""

    sentence: int
    start: int = Field(description="Offset in the sentence text.")
    end: int
    value: Value
    noun: str | None = Field(default=None, description="For a quantity: the counted noun as written.")
    about: str | None = Field(
        default=None,
        description="Canonical entity the value directly qualifies: the person a rank belongs to, "
        "the role a person's name fills ('NHS spokesman').",
    )
    claim: bool = Field(
        default=True,
        description="False for a mere reference (a name or place that other claims use as context, "
        "not a value the sentence asserts).",
    )


@record
class Subject:
    """What a claim is about, read from its sentence; alignment looks only at this, never at values."""

    event: str | None = Field(default=None, description="Lemma of the event word: 'kill', 'train'.")
    holder: str | None = Field(default=None, description="The entity the value directly qualifies (Mention.about).")
    focus: str | None = Field(
        default=None, description="The person or organisation nearest the event word: who was killed, who paid."
    )
    noun: str | None = Field(default=None, description="Lemma of the counted or governing noun.")
    noun_class: str | None = Field(default=None, description="Coarse class of the noun: 'person', 'money', ...")
    entities: tuple[str, ...] = Field(default=(), description="Canonical names and places in the sentence.")
    labels: tuple[tuple[str, str], ...] = Field(
        default=(), description="(entity, the words the source used for it), for titles a reader can read."
    )
    anchors: tuple[str, ...] = Field(default=(), description="Other dates and names that pin the event.")
    terms: tuple[str, ...] = Field(default=(), description="Content lemmas near the value, nearest first.")
    context: tuple[str, ...] = Field(default=(), description="Content lemmas of the sentence before.")


@record
class Frame:
    """What a value is about, read from its sentence's parse (`frames.py`): alignment compares frames."""

    predicate: str | None = Field(default=None, description="Lemma of the verb or event noun the value hangs on.")
    event: str | None = Field(default=None, description="Its event class ('kill', 'say'), when the lexicon knows it.")
    agent: str | None = Field(default=None, description="Who did it, or who said it: a canonical name or a noun.")
    patient: str | None = Field(default=None, description="To whom or what it happened.")
    noun: str | None = Field(default=None, description="For a count: the counted nouns' lemmas, '+'-joined, sorted.")
    state: str | None = Field(default=None, description="Which of them are counted: 'aboard', 'dead', 'alive', ...")
    group: bool = Field(default=False, description="The size of a group ('all 175 passengers'), not an event's count.")
    firm: bool = Field(default=False, description="The predicate stands near the value in its own clause.")
    clause: tuple[str, ...] = Field(default=(), description="Content lemmas of the predicate's clause, nearest first.")
    entities: tuple[str, ...] = Field(default=(), description="Names and places in the predicate's clause.")
    at: int = Field(default=-1, description="The predicate's token in the sentence's parse; -1 for none.")
    modal: bool = Field(default=False, description="A modal verb ('might have been killed'): what may be, not what is.")
    relation: str | None = Field(default=None, description="For a place: the preposition it stands after ('from', 'in').")
    earlier: bool = Field(default=False, description=(
        "A date on the same predicate puts the event a month or more before the article: 'in 2020, a quake "
        "killed 117'. Such a value answers a question about that earlier event only."))
    previous: bool = Field(default=False, description=(
        "For a count: the sentence gives it as an earlier figure than its article's ('had previously put the "
        "toll at 11,300', 'up from 176'), whether or not the article's date places it."))


@record
class AsOf:
    """When a figure was true, as far as its article tells; never guessed (`asof.py`)."""

    day: date
    time: str | None = Field(default=None, description="'HH:MM', 24 h, local as stated; None: some time that day.")
    source: Literal["published", "sentence", "earlier", "editor"] = Field(description=(
        "Where it comes from: the article's publication date, words of the sentence ('as of 12:13 p.m.'), an "
        "earlier figure the article quotes ('previously put at'), or the editor's facts.yaml."))
    words: str | None = Field(default=None, description="The sentence's words that date the figure.")

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort key and interval in minutes: (start, end, order). An earlier figure stands just before
        the time it is quoted at; a day without a time covers the whole day."""
        base = self.day.toordinal() * 1440
        if self.time is None:
            start, end = base, base + 1439
        else:
            start = end = base + int(self.time[:2]) * 60 + int(self.time[3:])
        if self.source == "earlier":
            start = end = start - 1
        return start, end, 0 if self.source == "earlier" else 1


@record
class Claim:
    id: str = Field(description="Stable id: '<article>-<sentence>-<start>'.")
    article: str
    sentence: int
    quote: str = Field(description="The sentence the value stands in.")
    span: tuple[int, int] = Field(description="Offsets of the value's words in the quote.")
    value: Value
    subject: Subject
    frame: Frame = Field(default_factory=Frame)
    attribution: str | None = Field(default=None, description="'according to the Wall Street Journal'.")
    hedges: tuple[str, ...] = Field(default=(), description="'alleged', 'reportedly', ...")
    as_of: AsOf | None = Field(default=None, description="When the value was true; None when the article does not say.")
    corrected: Value | None = Field(default=None, description="The editor's correction, when facts.yaml has one.")

    @property
    def effective_value(self) -> Value:
        return self.corrected or self.value


class Step(Model):
    """One stage of a figure that changed over time: claims that agree or are compatible at their time."""

    value: Value = Field(description="The most precise value of the stage.")
    claims: tuple[str, ...] = Field(description="Ids of the claims that state it, earliest first.")
    first: AsOf
    last: AsOf


class Verdict(Model):
    status: Status
    summary: str = Field(description="One line a reader sees: how the sources agree or differ.")
    steps: tuple[Step, ...] = Field(default=(), description=(
        "For an `updated` fact: its stages in time order; the last one is the current value."))

    @property
    def current(self) -> Value | None:
        return self.steps[-1].value if self.steps else None


@record
class Origin:
    """One independent origin of a fact's claims (`origins.py`): who the figure comes from."""

    key: str = Field(description="What makes origins one: 'agency:Reuters', 'cited:<name>', 'article:<id>'.")
    name: str = Field(description="The origin as a reader names it: 'National Fire Agency', 'Yonhap', an outlet.")
    kind: Literal["cited", "credit", "reprint", "article"] = Field(description=(
        "How it was found: the claim's sentence cites it, the article credits an agency, the article is "
        "a reprint group's text, or the article is its own origin."))
    claims: tuple[str, ...] = Field(description="Ids of the fact's claims that trace to it, in claim order.")
    articles: tuple[str, ...] = Field(description="Ids of their articles, in claim order.")


@record
class ArticleOrigin:
    """Where an article's text comes from (`origins.py`)."""

    article: str
    credit: str | None = Field(default=None, description="The news agency its credit line names, if any.")
    first: str | None = Field(default=None, description=(
        "The id of its reprint group's origin (earliest) article, itself when it is that one; None when no "
        "other article has its text. A group is not listed in each of its articles: a thousand members "
        "listed a thousand times filled 800 MB at 10,000 articles."))
    group_size: int = Field(default=0, description="How many articles its reprint group holds; 0 without one.")
    name: str = Field(description="Its origin as a reader names it: the agency credited, the group's origin "
                      "article's outlet, or its own.")
    kind: Literal["credit", "reprint", "article"] = "article"
    key: str = Field(description="Origin key: 'agency:<name>' or 'article:<id of the group origin or itself>'.")


class Fact(Model):
    id: str = Field(description="URL slug, stable as articles come and go.")
    title: str = Field(description="The question the fact answers.")
    kind: Kind
    claims: tuple[Claim, ...] = Field(description="At most one claim per article, in article order.")
    verdict: Verdict | None = None
    curated: bool = Field(default=False, description="Defined in facts.yaml rather than found automatically.")
    pinned: bool = False
    aliases: tuple[str, ...] = Field(default=(), description="Former ids, kept so old URLs redirect.")
    grounds: str = Field(default="", description="Why its claims were grouped, in one line (`grounds.py`).")
    over_time: bool | None = Field(default=None, description=(
        "Whether differences may be read as changes over time (`updated`): the editor's yes or no; None: "
        "decided from the claims (`changes.may_change`)."))
    origins: tuple[Origin, ...] = Field(default=(), description=(
        "Its claims' independent origins, in order of their first claim (`origins.trace`)."))


class Story(Model):
    """Everything the site is rendered from."""

    title: str
    summary: str | None = None
    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...] = ()
    origins: tuple[ArticleOrigin, ...] = Field(default=(), description=(
        "Each article's credit, reprint group and origin, in documents' order (`origins.trace`)."))
    once_paged: frozenset[str] = Field(default=frozenset(), description=(
        "Ids of facts that had a page of their own in an earlier build (the id lock keeps them): one "
        "that has none now keeps a redirect at its old address, so that links to it still work."))
    former_addresses: tuple[str, ...] = Field(default=(), description=(
        "The site folders the story's pages lived in before ('' the site's root; the id lock keeps them): "
        "when the story has moved, its old addresses redirect to the new ones."))
