"""What an automatic fact is called: a question in the sources' words, and an id made of it.

A fact's title asks what its claims answer ("How many people were killed? (October 7, Israel)"),
from the subjects of its claims, never their values; its id is a slug of the title, unique in the
story. Ids are kept stable across builds by the id lock, not here.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from unidecode import unidecode

from .alignscore import GENERIC_NOUNS, MONEY_UNITS, ClaimFields
from .lexicon import EVENT_NOUNS, NOUN_CLASS_WORDS, REMAINS_NOUNS, TIME_UNITS, is_age
from .models import Claim, NameValue, QuantityValue

PARTICIPLES = {
    "kill": "killed", "injure": "injured", "abduct": "abducted", "release": "released", "rescue": "rescued",
    "train": "trained", "attack": "attacked", "arrest": "arrested", "sentence": "sentenced",
    "displace": "displaced", "destroy": "destroyed", "pay": "paid", "earn": "earned", "vote": "voted",
    "protest": "protesting", "infect": "infected", "employ": "employed", "build": "built",
    "enrich": "enriched", "measure": "", "announce": "", "say": "", "disaster": "",
    "bribe": "paid in bribes", "ceremony": "",
}


def _top(values: Iterable[str | None]) -> str | None:
    """The most frequent value given (empty ones aside), the first in alphabetical order on a tie."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if len(counts) < 2:
        return next(iter(counts), None)
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


_ISO_DATE = re.compile(r"\d{4}-")
#: Units of measure by the words a question counts them in; "meter" spellings where a source writes them.
UNIT_WORDS = {
    "m": "metres", "km": "kilometres", "cm": "centimetres", "mm": "millimetres", "ft": "feet", "mile": "miles",
    "inch": "inches", "yard": "yards", "km2": "square kilometres", "sq mi": "square miles", "kg": "kilograms",
    "tonne": "tonnes", "lb": "pounds", "g": "grams", "oz": "ounces", "acre": "acres", "hectare": "hectares",
    "knot": "knots", "litre": "litres", "gallon": "gallons", "barrel": "barrels", "degree": "degrees",
    "degree C": "degrees Celsius", "degree F": "degrees Fahrenheit", "km/h": "kilometres an hour",
    "mph": "miles an hour",
}
#: Units of time, and the longer ones a duration is also given in.
DURATION_UNITS = TIME_UNITS | {"decade", "century"}
#: Nouns that are their own plural: "How many crew?", not "How many crews?".
INVARIANT_PLURALS = frozenset({"crew", "police", "personnel", "staff", "cattle", "livestock", "militia", "clergy",
                               "aircraft", "sheep", "deer", "fish", "series", "species", "offspring"})
#: Plurals not made with an s.
IRREGULAR_PLURALS = {"foot": "feet", "man": "men", "woman": "women", "child": "children", "person": "people",
                     "tooth": "teeth", "mouse": "mice", "gunman": "gunmen", "fisherman": "fishermen"}
#: Words a parse may take for the counted noun that name nothing: "none has been worse in three decades".
PRONOUNS = frozenset({"none", "they", "it", "one", "some", "all", "both", "each", "many", "other", "this", "that",
                      "these", "those", "he", "she", "we", "you", "who", "which"})


def _plural(noun: str) -> str:
    if noun in INVARIANT_PLURALS:
        return noun
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _as_written(words: str, claims: list[Claim]) -> str:
    """Lower-cased words ('nhs spokesman') as a source capitalised them ('NHS spokesman')."""
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words.split()) + r"\b", re.I)
    for c in claims:
        found = pattern.search(c.quote)
        if found:
            written = found.group()
            return written[0].lower() + written[1:] if not written[:2].isupper() else written
    return words


def describe(claims: list[Claim]) -> str:
    """A question for an automatic fact, from what its claims are about, in the sources' words."""
    return describe_positions(ClaimFields(claims), range(len(claims)))


def describe_positions(fields: ClaimFields, members: Sequence[int]) -> str:
    """`describe` of the claims at these positions."""
    claims = [fields.claims[k] for k in members]
    kind = fields.kinds[members[0]]
    labels = {key: label for k in members for key, label in fields.labels[k]}
    event = _top(fields.events[k] for k in members)
    holder = _top(fields.holders[k] for k in members)
    anchor = _top(a for k in members for a in fields.anchors[k] if not _ISO_DATE.match(a))
    anchor = anchor[:1].upper() + anchor[1:] if anchor else None
    entity = _top(e for k in members for e in fields.entities[k] if e in labels and e != (holder or "").lower())
    context = [x for x in (anchor, labels.get(entity or "")) if x]
    suffix = f" ({', '.join(context)})" if context else ""
    verb = PARTICIPLES.get(event or "", "")
    if kind == "quantity":
        value = claims[0].value
        assert isinstance(value, QuantityValue)
        classes = {fields.noun_classes[k] for k in members} - {None}
        noun = _top(fields.nouns[k] for k in members if fields.nouns[k] not in PRONOUNS)
        if value.unit in MONEY_UNITS or classes == {"money"}:
            if noun and noun not in NOUN_CLASS_WORDS:
                return f"How much was the {noun}?{suffix}"  # "a fine of", "bribes worth", "in aid"
            return f"How much money{' was ' + verb if verb else ''}?{suffix}"
        if value.unit == "%":
            return f"What percentage{' was ' + verb if verb else ''}?{suffix}"
        if is_age(value) and holder:
            return f"How old is {labels.get(holder.lower(), holder.title())}?"
        if value.unit in DURATION_UNITS:
            # Of what a source names ("96 hours of oxygen"), not the verb the number hangs on ("went
            # down three minutes later": the noun of a measure without one is its predicate).
            named = noun and noun != value.unit and not all(c.frame.predicate == noun for c in claims)
            return f"How many {_plural(value.unit)}{' of ' + noun if named else ''}?{suffix}"
        if value.unit in UNIT_WORDS:
            words = UNIT_WORDS[value.unit]
            if "metre" in words and any("meter" in c.value.display.lower() for c in claims):
                words = words.replace("metre", "meter")
            return f"How many {words}?{suffix}"
        if value.unit:
            return f"What was the {value.unit}?{suffix}"  # "What was the magnitude?"
        shared = noun if noun and all(fields.nouns[k] == noun for k in members) and noun not in GENERIC_NOUNS else None
        what = _plural(shared) if shared else "people" if classes == {"person"} else (_plural(noun) if noun else "")
        if (shared or noun) in REMAINS_NOUNS:
            verb = ""  # bodies were recovered or found, not "killed"
        if not what:
            return f"How many{' were ' + verb if verb else ''}?{suffix}"
        return f"How many {what}{' were ' + verb if verb else ''}?{suffix}"
    if kind == "name":
        value = claims[0].value
        assert isinstance(value, NameValue)
        if value.category == "rank" and holder:
            return f"What rank does {labels.get(holder.lower(), holder.title())} hold?"
        if holder:
            return f"Who is the {_as_written(holder, claims)}?"
        if value.category == "operation":
            return f"What is the operation called?{suffix}"
        return f"Which name?{suffix}"
    question = {"date": "When", "time": "At what time", "place": "Where"}[kind]
    noun = EVENT_NOUNS.get(event or "")
    who = labels.get((holder or "").lower()) or labels.get(entity or "")
    rest = f" ({', '.join(x for x in (anchor, who) if x)})" if (anchor or who) else ""
    if noun:
        return f"{question} {'were' if noun.endswith('s') else 'was'} the {noun}?{rest}"
    return f"{question}?{rest}"


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: the same words whatever the typography."""
    return re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()


def slugify(text: str, max_words: int = 8) -> str:
    words = [w for w in fold(text).split() if w not in {"how", "many", "what", "when", "where", "who", "was",
                                                         "were", "is", "the", "of", "at", "it", "which"}]
    return "-".join(words[:max_words]) or "fact"


def unique_slug(slug: str, used: set[str], tried: dict[str, int]) -> str:
    """`slug`, or `slug-2`, `slug-3`... the first one not used. `tried` remembers how far each slug's
    numbering has gone (`used` only grows), so a title thousands of facts share costs no more each time."""
    candidate, n = slug, tried.get(slug, 2)
    if n > 2:
        candidate = f"{slug}-{n - 1}"
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    tried[slug] = n
    used.add(candidate)
    return candidate
