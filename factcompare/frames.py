"""What each value is about, read from the sentence's dependency parse: its frame.

A frame is the predicate the value hangs on (the verb or event noun it modifies: killed, attack,
said, crash), that predicate's participants (who did it, to whom, who said it, with relative
pronouns resolved to the noun or name they stand for), and for a count the noun it counts with the
words that say which of them (people *aboard*, bodies *dead*, *all* 175 passengers). The extractors
read what a value is worth; this stage says what it is about. Alignment compares frames, never values.

Word windows cannot see that in "A's attack on B on <date> was retaliation for the killing of X"
the date dates the attack, or that in "X, who was killed in <country> in <year>" the year is X's
death and not the subject's: the tree says both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from .lexicon import (EVENT_CLASSES, FIGURE_VERBS, PERSON_NOUNS, REMAINS_NOUNS, SPEECH_WORDS, STOPWORDS,
                      SURFACE_EVENTS, TIME_UNITS, noun_class)
from .models import DateValue, Frame, Mention, NameValue, PlaceValue, QuantityValue, TimeValue
from .subject import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Verbs that carry no event of their own: the event is in their complement ("were confirmed to have
#: died", "are presumed dead", "remain missing", "is believed killed").
LIGHT_VERBS = frozenset(
    "be confirm presume believe fear report estimate remain become seem appear think say put "
    "have get leave list count number include total".split())
#: Verbs that hand a count's event on to their complement or what they report.
PASSING_VERBS = LIGHT_VERBS | SPEECH_WORDS
#: Verbs whose particle or object says what happened: "went down", "opened fire", "blew up".
PHRASAL_EVENTS = {("go", "down"): "crash", ("open", "fire"): "attack", ("blow", "up"): "attack",
                  ("break", "out"): "fire", ("catch", "fire"): "fire", ("put", "out"): "extinguish",
                  ("lose", "contact"): "missing", ("lose", "touch"): "missing", ("go", "missing"): "missing",
                  ("fall", "communication"): "missing", ("fall", "contact"): "missing",
                  ("give", "way"): "destroy", ("run", "out"): "deplete", ("burst", "through"): "attack",
                  # the parser may tag 'landfall' an adjective: "made landfall on Sunday"
                  ("make", "landfall"): "storm",
                  # a vehicle off its way is an accident: "slid beyond the end of the runway on Sunday"
                  ("slide", "runway"): "crash", ("skid", "runway"): "crash", ("veer", "runway"): "crash",
                  ("skid", "road"): "crash", ("veer", "road"): "crash",
                  # people pulled out of where they would have died were rescued ("pulled two people from the
                  # water"); a body pulled out stays a body (`frame_of` keeps its state)
                  **{("pull", place): "rescue" for place in ("water", "river", "sea", "rubble", "debris", "wreckage")}}
#: Verbs whose object is the event: "issued a warning", "sounded the alarm", "declared a mayday".
ISSUING_VERBS = frozenset({"issue", "declare", "sound", "send", "raise", "lift", "order", "impose"})
#: Verbs that say an event took place, not which: the event is their subject or object.
EVENT_HOLDERS = frozenset({"happen", "occur", "take", "unfold", "put", "place", "set", "begin", "start", "end",
                           "come", "hit", "strike", "be",
                           # sounds: "a bang rang out", "we heard an enormous blast"
                           "ring", "hear",
                           # support verbs: "underwent training", "launched an attack", "made a statement"
                           "undergo", "receive", "conduct", "launch", "stage", "carry", "hold", "make", "give",
                           # verbs of a changing figure: "the death toll climbed to 5,300", "estimated the toll at"
                           "rise", "climb", "reach", "stand", "jump", "increase", "grow", "exceed", "top", "surpass",
                           "estimate", "raise", "revise", "lower", "update", "confirm"})
#: Event classes a subject does not hand to its verb: "the statement noted", "the measure passed".
SUBJECT_EVENTS_NOT = frozenset({"announce", "measure", "say"})
#: Modal verbs: "as many as 20,000 might have been killed" is a fear or an estimate, not a count.
MODALS = frozenset({"might", "could", "may"})
#: What a noun's modifiers say about which of them are counted: the people *aboard* are not the dead.
STATES = {
    "aboard": "aboard", "onboard": "aboard", "board": "aboard",
    "alive": "alive", "survive": "alive", "survivor": "alive", "rescue": "alive",
    "dead": "dead", "die": "dead", "kill": "dead", "death": "dead", "body": "dead", "fatality": "dead", "toll": "dead",
    "missing": "missing", "unaccounted": "missing",
    "injured": "injured", "injure": "injured", "wounded": "injured", "wound": "injured", "hurt": "injured",
    "identify": "identified", "unidentified": "unidentified",
    "remaining": "remaining", "left": "remaining", "remain": "remaining",
    "carry": "aboard", "occupant": "aboard",
    # another set than the main count: "170 other people", "Elsewhere in the country, the storm killed 170"
    "other": "other", "additional": "other", "elsewhere": "other",
    # who live there: "home to 100,000 people", "a population of 100,000", "a city of 100,000 people"
    "home": "resident", "population": "resident", "inhabitant": "resident", "resident": "resident",
}
#: Places whose people a count may be of: "a city of 100,000 people".
SETTLEMENTS = frozenset({"city", "town", "village", "country", "region", "nation", "province", "district", "island"})
#: Nouns that count people and nothing more specific: one counted noun for all of them.
PEOPLE_NOUNS = {"person": "people", "persons": "people", "individual": "people", "people": "people"}
#: Nouns news uses for one store of something: a crew's "96 hours of air" is its oxygen.
SAME_STORE = {"air": "oxygen"}
#: Nouns a count is the figure of: "the number of missing people is reaching 10,000".
FIGURE_NOUNS = frozenset({"number", "toll", "count", "figure", "tally", "total"})
#: The state an event's count is in when no word says it: the killed are dead.
EVENT_STATES = {"kill": "dead", "injure": "injured", "rescue": "alive", "survive": "alive", "identify": "identified"}
#: Nouns that say nothing of whom they count: they meet any counted noun of the same event.
GENERIC_COUNTED = frozenset({"victim", "whom", "who", "one", "other"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
#: A sentence this short that starts with its value is a timeline line or a caption.
TIMELINE_TOKENS = 16
#: How many steps up the tree a value may be from its predicate before its attachment is doubtful.
FIRM_STEPS = 4


#: Verb forms the word lemmatizer, which knows no part of speech, reads as another word ('rose': the flower).
VERB_FORMS = {"rose": "rise"}


def _lemma(token: "Token") -> str:
    """The extractors' lemma of a token's word (spaCy's lemmatizer is not loaded): the lexicon's keys."""
    if token.pos_ in ("VERB", "AUX") and token.lower_ in VERB_FORMS:
        return VERB_FORMS[token.lower_]
    return lemma(token.text)


def event_class(token: "Token") -> str | None:
    return SURFACE_EVENTS.get(token.lower_) or EVENT_CLASSES.get(_lemma(token)) or EVENT_CLASSES.get(token.lower_)


def _is_predicate(token: "Token") -> bool:
    """A verb, or a noun that names an event ('the attack', 'the crash', 'the killing')."""
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return True
    return token.pos_ in ("NOUN", "PROPN") and event_class(token) is not None and token.tag_ != "NNP"


def _starts(doc: "Doc") -> list[int]:
    """The character offset of each token, read once per parse (frames of a sentence's values ask often)."""
    starts = doc.user_data.get("starts")
    if starts is None:
        starts = doc.user_data["starts"] = [t.idx for t in doc]
    return starts


def text_of(doc: "Doc") -> str:
    """The sentence's text, read once per parse: spaCy's `doc.text` joins every token's text anew on
    each call (a quarter of the frames' time went there)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def tokens_between(doc: "Doc", start: int, end: int) -> list["Token"]:
    """The tokens that overlap the characters start..end."""
    starts = _starts(doc)
    first = max(bisect_right(starts, start) - 1, 0)
    return [t for t in doc[first:bisect_left(starts, end)] if t.idx + len(t.text) > start]


def tokens_after(doc: "Doc", offset: int, count: int) -> list["Token"]:
    """The first `count` tokens starting at or after a character offset."""
    first = bisect_left(_starts(doc), offset)
    return list(doc[first:first + count])


def value_head(doc: "Doc", start: int, end: int) -> "Token | None":
    """The token of the value's words whose head lies outside them."""
    inside = tokens_between(doc, start, end)
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
    # "some 500 members": 'some' and '500' both hang on the noun; the number is the value's head
    return next((t for t in heads if t.like_num), heads[0] if heads else inside[-1])


def event_tokens(doc: "Doc", at: int) -> set[int]:
    """The tokens whose dates date the event the predicate at `at` names: the predicate; the clause
    it continues ('struck near Agadir and killed', 'destroyed Agadir, killing') or the noun its
    relative clause is about ('the 1960 earthquake, which killed', 'the crisis in September 2004,
    in which 330 were killed'); and the subjects of these ('the 2004 Al Hoceima quake killed 628')."""
    if at < 0:
        return set()
    predicate = doc[at]
    clauses = [predicate]
    if predicate.dep_ in ("conj", "advcl", "relcl") and predicate.head.i != predicate.i:
        clauses.append(predicate.head)
    tokens = {t.i for t in clauses}
    for clause in clauses:
        if clause.pos_ in ("NOUN", "PROPN"):  # the noun a relative clause is about, with its own words
            tokens.update(t.i for t in clause.subtree)
            tokens.difference_update(t.i for t in predicate.subtree)
        for child in clause.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                tokens.update(t.i for t in child.subtree)
    tokens.add(predicate.i)
    return tokens


def _antecedent(token: "Token") -> "Token":
    """A relative pronoun stands for the noun its clause hangs on: 'X, who was killed' -> X;
    '179 of whom died' -> the passengers the clause follows."""
    if token.lower_ in RELATIVE_PRONOUNS:
        node = token
        for _ in range(4):
            if node.dep_ == "relcl":
                return node.head
            if node.head.i == node.i:
                break
            node = node.head
    return token


def _phrase_names(token: "Token", names: dict[int, str]) -> list[str]:
    """The canonical names a noun phrase holds: itself, its compounds, and what it is coordinated with."""
    out = []
    for t in [token, *token.conjuncts]:
        t = _antecedent(t)
        # The noun's own name or a name compounded into it; not an adjective ("an Iranian general").
        found = names.get(t.i) or next((names[c.i] for c in t.children if c.i in names and c.dep_ in ("compound", "appos")), None)
        if found:
            out.append(found)
    return out


def _participant(token: "Token | None", names: dict[int, str]) -> str | None:
    """A participant as the sentence names it: the canonical name when a name extractor found one,
    else 'the ' and the noun's lemma ('the official', 'the aircraft'): a name identifies, a common
    noun varies with the writer (`is_named`). Relative pronouns and appositions are resolved; an
    event noun ('the crash happened') is the event, not a participant."""
    if token is None:
        return None
    token = _antecedent(token)
    found = _phrase_names(token, names)
    if found:
        return found[0]
    if token.pos_ in ("PRON", "DET", "NUM") or token.lower_ in STOPWORDS or token.like_num or event_class(token):
        return None
    return COMMON + _lemma(token)


COMMON = "the "


def is_named(participant: str | None) -> bool:
    """Whether a participant is a name (a canonical key), not a common noun."""
    return bool(participant) and not participant.startswith(COMMON)


def _predicate_of(node: "Token") -> tuple["Token | None", int]:
    """The nearest predicate above a token, and how many steps up it stands."""
    steps = 0
    while True:
        if _is_predicate(node) and steps > 0:
            return node, steps
        if node.head.i == node.i:
            return (node if _is_predicate(node) else None), steps
        node = node.head
        steps += 1


def _event_below(verb: "Token") -> tuple["Token | None", str | None]:
    """The event a light verb's complement names: 'confirmed to have died', 'presumed dead',
    'remain missing', 'found alive'."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "acomp", "oprd", "ccomp", "attr", "advcl"):
            # "had their identities confirmed": a verb that only says an event took place names it by its subject
            cls = predicate_event(child) if child.pos_ == "VERB" else event_class(child)
            state = STATES.get(_lemma(child)) or STATES.get(child.lower_)
            if cls or state:
                return child, cls or ("kill" if state == "dead" else None)
            for grandchild in child.children:
                if grandchild.dep_ in ("xcomp", "acomp", "oprd", "ccomp") and (event_class(grandchild)):
                    return grandchild, event_class(grandchild)
    return None, None


def _state(noun: "Token | None", predicate: "Token | None", head: "Token | None" = None) -> tuple[str | None, bool]:
    """Which of the counted are meant: 'people aboard', 'dead bodies', 'found alive', 'remain missing',
    '40 hours of oxygen remaining'; and whether the count's own words say it (not its verb's)."""
    words: list["Token"] = []
    if head is not None:
        words += [c for c in head.children if c.dep_ in ("amod", "acl", "advmod", "npadvmod")]
        words += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if noun is not None:
        group = [noun, *noun.conjuncts]
        lead = next((t for t in group if t.dep_ == "appos"), None)
        if lead is not None:  # "181 people aboard — 175 passengers and six crew": the passengers are aboard
            group.append(lead.head)
        for t in group:
            words.append(t)
            words += [c for c in t.children if c.dep_ in ("amod", "advmod", "prep", "acomp", "npadvmod", "acl")]
            words += [g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for x in (noun, head):  # "a city of 100,000 people", "home to 100,000 people", "a population of 100,000"
        if x is not None and x.dep_ == "pobj" and x.head.lower_ in ("of", "to"):
            owner = _lemma(x.head.head)
            if owner in SETTLEMENTS or STATES.get(owner) == "resident":
                return "resident", True
    own = len(words)
    if predicate is not None:
        words.append(predicate)
        words += [c for c in predicate.children if c.dep_ in ("acomp", "oprd", "xcomp", "advmod", "prt")]
        # "recorded as missing"
        words += [g for c in predicate.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    for k, t in enumerate(words):
        state = STATES.get(t.lower_) or STATES.get(_lemma(t))
        if state == "remaining" and head is not None and t.i < head.i:
            continue  # "the remaining 33 bodies" are the rest of a count; "40 hours of oxygen remaining" what is left
        if state:
            return state, k < own
    return None, False


def _counted_noun(head: "Token") -> tuple["Token | None", bool]:
    """The noun a number counts, and whether the number stands apart from it as a part of a whole:
    '175 passengers' (nummod), 'four of the six crew', '141 out of 179 victims', '179 of whom'
    (partitive: the relative pronoun's antecedent)."""
    if head.dep_ in ("nummod", "quantmod") and head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head.head, False
    if head.dep_ == "conj" and head.head.dep_ in ("det", "predet") and head.head.head.pos_ in ("NOUN", "PROPN"):
        return head.head.head, False  # "all but two people": 'two' hangs on 'all'
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            prep = child if child.lower_ == "of" else next((g for g in child.children if g.lower_ == "of"), None)
            for pobj in (prep.children if prep is not None else ()):
                if pobj.dep_ == "pobj":
                    # "two of them": a personal pronoun says nothing of what is counted
                    return (None if pobj.tag_ == "PRP" else _antecedent(pobj)), True
    return None, False


#: Units of length, whose numbers measure a dimension of something rather than count it.
LENGTH_UNITS = frozenset({"ft", "m", "km", "mile", "cm", "mm", "metre", "meter", "yard", "nautical mile"})
DIMENSION_WORDS = {"long": "length", "length": "length", "deep": "depth", "depth": "depth", "below": "depth",
                   "beneath": "depth", "underwater": "depth", "down": "depth", "high": "height", "tall": "height",
                   "height": "height", "above": "height", "altitude": "altitude", "wide": "width", "width": "width",
                   "from": "distance", "away": "distance", "off": "distance", "distance": "distance",
                   **dict.fromkeys("north south east west northeast northwest southeast southwest north-east north-west "
                                   "south-east south-west".split(), "distance")}
#: Nouns of a way from one place to another: "a 300km drive east of the city" measures a distance.
JOURNEY_NOUNS = frozenset({"drive", "journey", "trip", "flight", "walk", "ride", "voyage", "sail", "hike"})
#: How far past a distance's own words its reference place may stand: "250 km (150 miles) west of X".
REFERENCE_WINDOW = 10


def _dimension(doc: "Doc", head: "Token", mention: Mention, names: dict[int, str] | None = None) -> str | None:
    """`_measure`, a distance named by the place it is measured from ('distance from benghazi'): two
    distances from different places answer different questions, whatever their words."""
    found = _measure(doc, head, mention)
    if found != "distance" or not names:
        return found
    after = tokens_after(doc, mention.end, REFERENCE_WINDOW)
    for t, following in zip(after, after[1:]):
        if t.lower_ in ("of", "from") and following.i in names:
            return f"distance from {names[following.i]}"
    return found


def _quake_measured(doc: "Doc", head: "Token") -> str | None:
    """What a magnitude measures, however the sentence words it ('the 6.8-magnitude quake', 'a quake of
    magnitude 6.8', 'measured the quake at magnitude 7'): the quake, or an aftershock, whichever word of
    the kind stands nearest; None when the sentence names none."""
    shakes = [t for t in doc if t.pos_ in ("NOUN", "PROPN") and event_class(t) == "quake"]
    if not shakes:
        return None
    nearest = min(shakes, key=lambda t: (abs(t.i - head.i), t.i))
    return "aftershock" if _lemma(nearest) == "aftershock" else "quake"


def _attributive(head: "Token") -> bool:
    """'the 22-foot vessel': a measure made an adjective of the thing it measures, which says firmly
    what it is about wherever the noun stands in the sentence."""
    return head.dep_ in ("amod", "compound", "nmod", "nummod") and head.head.pos_ in ("NOUN", "PROPN")


def _measure(doc: "Doc", head: "Token", mention: Mention) -> str | None:
    """What a length measures: 'the 21-foot vessel', '6.7 metres long' (length), '13,000 feet deep',
    'about 13,000 feet below the surface' (depth), '1,600 feet from the bow' (distance)."""
    value = mention.value
    if not isinstance(value, QuantityValue) or (value.unit or "").lower() not in LENGTH_UNITS:
        return None
    following = tokens_after(doc, mention.end, 5)  # past a conversion: "6.7 metres (22ft) long"
    attributive = _attributive(head)
    for t in following:
        if (t.is_punct and t.text not in "()") or (attributive and t.i >= head.head.i):
            break  # "the 21-foot vessel slipped beneath the surface": the words after its noun are not its
        if t.lower_ in DIMENSION_WORDS:
            return DIMENSION_WORDS[t.lower_]
    if attributive and _lemma(head.head) in JOURNEY_NOUNS:
        return "distance"  # "a 300km drive east of the city"
    if attributive:
        return "length"  # "the 21-foot vessel": the size of a thing is its length
    for t in (head.head, *head.head.children):
        if t.lower_ in DIMENSION_WORDS:
            return DIMENSION_WORDS[t.lower_]
    return None


def _figure_of(head: "Token") -> "Token | None":
    """'the number of missing people is reaching 10,000', 'the toll of dead rose to 45': the noun the
    figure is of is what the number counts."""
    node = head.head if head.dep_ == "nummod" else head  # "is reaching 10,000 persons"
    verb = node.head if node.dep_ in ("attr", "dobj", "pobj", "npadvmod", "oprd") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and _lemma(c) in FIGURE_NOUNS), None)
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None) if subject else None
    return next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None


def _of_a_figure(head: "Token", verb: "Token | None") -> bool:
    """'the death toll climbed to 11,000', 'a death toll of at least 2,300': the number is a figure's."""
    if head.dep_ == "pobj" and _lemma(head.head.head) in FIGURE_NOUNS:
        return True
    return verb is not None and any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _lemma(c) in FIGURE_NOUNS
                                    for c in verb.children)


def _whole_of_part(head: "Token") -> bool:
    """'four of the six crew', '141 out of 179 victims': the second number is the whole."""
    node = head.head if head.dep_ == "nummod" else head
    if node.dep_ != "pobj" or node.head.lower_ != "of":
        return False
    owner = node.head.head
    if owner.lower_ == "out":
        owner = owner.head
    return owner.like_num or any(c.dep_ == "nummod" for c in owner.children) or owner.lower_ in ("all", "none", "some")


PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?", re.I)
WHOLE_AFTER = re.compile(r"\bout\s+of\s+(?:the\s+|all\s+)?$", re.I)
ABOARD_AFTER = re.compile(r"\s+(?:on\s+board|aboard|onboard)\b", re.I)
ALL_BUT = re.compile(r"\ball\s+but\s+$", re.I)
ALL_BEFORE = re.compile(r"\ball\s+(?:the\s+|of\s+the\s+)?$", re.I)


def _noun_after(doc: "Doc", offset: int) -> "Token | None":
    """The first noun at or after a character offset, within a few words."""
    tokens = tokens_after(doc, offset, 4)
    if tokens and tokens[0].like_num:  # "out of 181 on board": the whole's own noun, if any
        return tokens[0].head if tokens[0].dep_ == "nummod" else None
    # "two of its citizens": a possessive is the noun's determiner, not what is counted
    found = next((t for t in tokens if t.pos_ in ("NOUN", "PROPN", "PRON") and t.tag_ != "PRP$"), None)
    while found is not None and found.dep_ == "compound" and found.head.i > found.i and found.head.i - offset_token(
            doc, offset) < 4:
        found = found.head  # "41 hours of emergency oxygen": the head of the noun phrase, not its first noun
    return _antecedent(found) if found is not None else None


def offset_token(doc: "Doc", offset: int) -> int:
    """The index of the first token at or after a character offset."""
    return bisect_left(_starts(doc), offset)


def _counted_key(noun: "Token | None", mention: Mention, partitive: bool) -> str | None:
    """The counted noun as alignment compares it: lemmas of the nouns one number counts, sorted
    ('179 passengers and crew members' -> 'crew+passenger'; in '175 passengers and six crew' each
    number counts its own noun)."""
    if noun is None:
        written = mention.noun.lower() if mention.noun and not partitive else None
        return None if written in STATES else written  # "all five onboard": a state, not a noun
    parts = []
    # Of a part, the whole is every conjunct: "175 passengers and six crew, 179 of whom died".
    # Only nouns of the same class: in "500 members of the party and the allied group" the parser may
    # coordinate the group with the members.
    conjuncts = [c for c in noun.conjuncts
                 if (partitive or not (c.like_num or any(g.dep_ == "nummod" for g in c.children)))
                 and noun_class(_lemma(c)) == noun_class(_lemma(noun))]
    for t in [noun, *conjuncts]:
        compound = [c for c in t.children if c.dep_ == "compound" and c.i < t.i and c.pos_ != "PROPN"]
        words = [_lemma(w) for w in [*compound, t]]
        words[-1] = PEOPLE_NOUNS.get(words[-1], words[-1])
        if len(words) == 1:
            words[0] = SAME_STORE.get(words[0], words[0])  # 'air', not 'air strikes' or 'air travel'
        if len(words) > 1 and words[-1] in SUPPLY_NOUNS:
            words = words[-2:-1]  # an "emergency oxygen supply" is oxygen
        if len(words) > 1 and (words[-1] in MEMBER_NOUNS or words[-1] in STATES):
            words = words[:-1]  # "crew members" are the crew
        if STATES.get(words[-1]) and len(words) == 1 and words[-1] not in ("body", "survivor", "occupant"):
            continue  # "the 181 onboard": a state, not a noun
        parts.append(" ".join(words))
    return "+".join(sorted(set(parts))) or None


MEMBER_NOUNS = frozenset({"member", "personnel", "staff"})
#: Nouns of a store of something, which count what they store: "96 hours of oxygen supply".
SUPPLY_NOUNS = frozenset({"supply", "reserve", "stock", "stockpile"})


def frame_of(doc: "Doc", mention: Mention, names: dict[int, str]) -> Frame:
    """The frame of one value in its parsed sentence."""
    head = value_head(doc, mention.start, mention.end)
    if head is None:
        return Frame()
    is_count = isinstance(mention.value, QuantityValue)
    noun, partitive = _counted_noun(head) if is_count else (None, False)
    if is_count and (noun is None or noun.lower_ in ("persons", "people")):
        figure = _figure_of(head)
        if figure is not None:
            noun, partitive = figure, False
    text = text_of(doc)
    before, after = text[:mention.start], text[mention.end:]
    part_of = is_count and PART_OF.match(after)
    if part_of:  # "141 out of 179 victims": the parser often hangs the first number on the second
        whole = _noun_after(doc, mention.end + part_of.end())
        if whole is not None and whole.tag_ == "PRP":
            # "six of them crew members": a personal pronoun says nothing of what is counted; the
            # number's own noun, if it has one, does
            partitive = noun is None
        else:
            noun, partitive = whole, True
    # A part ('179 of whom died') hangs on its own verb; a count ('179 passengers died') on its noun's.
    anchor = noun if noun is not None and not partitive else head
    # Numbers joined by "and" share their noun's predicate: "175 passengers and six crew".
    predicate, steps = _predicate_of(anchor)
    if predicate is not None and predicate.i == anchor.i:
        predicate, steps = _predicate_of(anchor.head) if anchor.head.i != anchor.i else (None, 0)
    low = None if is_count or predicate is None else _event_object(predicate, head)
    if low is not None:
        predicate, steps = low, FIRM_STEPS + 1  # read as the event's: a likely attachment, not a firm one
    when = None if is_count else _when_clause(head)
    if when is not None:
        predicate, steps = when, 1
    meanwhile = None if is_count or predicate is None else _simultaneous(predicate, isinstance(mention.value, DateValue))
    if meanwhile is not None:
        predicate, steps = meanwhile, FIRM_STEPS + 1  # read as the event's: a likely attachment, not a firm one
    if predicate is None and not is_count:
        # A timeline line ('09:03 a.m. — Crash of the aircraft') names one event: a firm reading.
        timeline = mention.start == 0 and len(doc) <= TIMELINE_TOKENS
        predicate, steps = _headline_event(doc, mention), (0 if timeline else FIRM_STEPS + 1)
    event = predicate_event(predicate) if predicate is not None else None
    if event is None and predicate is not None and not is_count:
        event = _subject_event(predicate)
    lemma_ = _lemma(predicate) if predicate is not None else None
    # Where the value attaches decides how firm the reading is; a light verb then hands its event on
    # ("were confirmed to have died", "left 179 dead").
    attached = predicate
    if predicate is not None and lemma_ in PASSING_VERBS and is_count and noun is not None:
        # "reported some 500 members trained in Iran": what is reported of them is their event
        told = next((c for c in noun.children if c.dep_ in ("acl", "relcl") and event_class(c)), None)
        if told is not None:
            predicate, event, lemma_ = told, event_class(told), _lemma(told)
    if predicate is not None and lemma_ in PASSING_VERBS and is_count:
        below, cls = _event_below(predicate)
        if below is not None:
            predicate, event, lemma_ = below, cls, _lemma(below)
    speech = lemma_ in SPEECH_WORDS if lemma_ else False
    if speech:
        event = "say"
    agent = patient = None
    if predicate is not None:
        for child in predicate.children:
            if child.dep_ in ("nsubj", "csubj") and agent is None:
                agent = _participant(child, names)
            elif child.dep_ in ("dobj", "nsubjpass") and patient is None and child is not anchor:
                patient = _participant(child, names)
            elif child.dep_ == "agent":
                agent = _participant(next((g for g in child.children if g.dep_ == "pobj"), None), names)
            elif child.dep_ == "prep" and child.lower_ == "of" and predicate.pos_ == "NOUN" and patient is None:
                patient = _participant(next((g for g in child.children if g.dep_ == "pobj"), None), names)
        if predicate.dep_ == "relcl" and patient is None and agent is None:
            patient = _participant(predicate.head, names)  # "X, killed in ..."
        if predicate.dep_ in ("acl",) and patient is None:
            patient = _participant(predicate.head, names)
    state, own_state = _state(noun if not partitive else None, predicate, head) if is_count else (None, False)
    if is_count and not partitive and ABOARD_AFTER.match(
            text_of(doc)[(noun.idx + len(noun.text)) if noun is not None else mention.end:]):
        state, own_state = "aboard", True  # "five people on board Titan": the parser may make 'board' a name's
    if own_state and (state == "aboard" or event is None):
        # "a jet with 181 people on board crashed": the people aboard are counted, not the crash's toll
        event = None
    elif own_state and event in EVENT_STATES and state not in ("other", "remaining", "dead"):
        state = EVENT_STATES[event]  # "two injured workers died": what happened to them is the verb
    if is_count and state is None and event in EVENT_STATES and (noun is not None or _of_a_figure(head, attached)):
        state = EVENT_STATES[event]  # "the death toll has climbed to 11,000": the dead are counted
    if is_count and ALL_BUT.search(before):
        state, event = "alive", None  # "all but two were killed": the two are those it did not happen to
    group = is_count and (_whole_of_part(head) or bool(WHOLE_AFTER.search(before)))
    if group:
        event = None  # the size of the whole, whatever happened to part of it
    if is_count and not group and noun is not None and not partitive and ALL_BEFORE.search(before):
        # "killing all 175 passengers and four of the six crew": 'all' counts the whole group, what
        # happened to it is said of every one of them, not counted apart from the rest
        group, event = True, None
        if not own_state:
            state = None
    if group and state == "aboard":
        group = False  # "179 out of 181 on board": the whole of those aboard is the count of those aboard
    clause = _clause(predicate if predicate is not None else anchor)
    dimension = _dimension(doc, head, mention, names) if is_count else None
    shaken = _quake_measured(doc, head) if is_count and mention.value.unit == "magnitude" else None
    if shaken:
        event = "quake"
    # "the toll rose to 2,012 on Sunday": the day of the figure, not of the event the toll counts
    of_a_figure = (isinstance(mention.value, (DateValue, TimeValue)) and predicate is not None
                   and _moves_a_figure(predicate))
    relation = _place_relation(head) if isinstance(mention.value, PlaceValue) else None
    return Frame(
        predicate=lemma_,
        event=None if of_a_figure else event,
        agent=agent,
        patient=patient,
        noun=(shaken or dimension or _counted_key(noun, mention, partitive)
              or _copula_subject(mention, predicate, noun)) if is_count else None,
        state=state,
        group=group,
        firm=((attached is not None and steps <= FIRM_STEPS and not _crosses_clause(anchor, attached))
              or (dimension is not None and _attributive(head))) and not _span_between(mention, after)
        and not (is_count and _at_one_site(predicate, anchor)) and not of_a_figure and relation != "near",
        clause=_clause_words(clause),
        entities=tuple(sorted({names[t.i] for t in clause if t.i in names})),
        modal=predicate is not None and _modal(predicate),
        relation=relation,
        at=predicate.i if predicate is not None else -1,
    )


#: Nouns of a figure itself: "the death toll rose", "officials put the number at".
FIGURE_NOUNS = frozenset({"toll", "number", "figure", "count", "tally", "total"})


def _moves_a_figure(predicate: "Token") -> bool:
    """'the toll has risen', 'had put the death toll at 2,497': a verb that only moves or states a figure."""
    return _lemma(predicate) in FIGURE_VERBS and any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and _lemma(c) in FIGURE_NOUNS for c in predicate.children)


#: Prepositions that put something by a place, not in it: "in Krasnogorsk, near Moscow", "outside Moscow".
VICINITY = frozenset({"near", "outside", "off", "around", "beyond", "past", "nearby", "by"})
#: Nouns of the land by a place: "on the outskirts of Moscow", "off the coast of Newfoundland".
VICINITY_NOUNS = frozenset({"edge", "outskirts", "outskirt", "suburb", "suburbs", "vicinity", "coast", "area",
                            "environs", "border", "region"})


def _place_relation(head: "Token") -> str | None:
    """The preposition a place stands after ('from', 'in', 'to'), or 'near' for a place that is a
    landmark only: something is by it, or a distance away from it ('250 km east of Benghazi')."""
    if head.dep_ != "pobj":
        return None
    prep = head.head
    if prep.lower_ in VICINITY:
        return "near"
    if prep.lower_ == "of" and (prep.head.lower_ in VICINITY_NOUNS
                                or DIMENSION_WORDS.get(prep.head.lower_) == "distance"):
        return "near"
    return prep.lower_


#: Words after a span of time that measure it from another moment: "went down three minutes later".
FROM_ANOTHER_MOMENT = re.compile(r"[\s,]*(?:later|after|afterwards|before|earlier|ago|since)\b", re.I)


def _span_between(mention: Mention, after: str) -> bool:
    """A span of time from another moment ('five minutes after that it went down', 'three minutes
    later'): which moment, its sentence may not say, and two such spans of one event measure from
    different ones (the mayday, the landing attempt). Never a firm reading."""
    value = mention.value
    return isinstance(value, QuantityValue) and value.unit in TIME_UNITS and bool(FROM_ANOTHER_MOMENT.match(after))


#: Places within a disaster's area where part of a count is made: "At the graveyard they buried six
#: hundred bodies" counts one graveyard's, not all that were buried.
SITE_NOUNS = frozenset({"graveyard", "cemetery", "grave", "morgue", "mortuary", "hospital", "clinic", "shelter",
                        "camp", "school", "mosque", "church", "stadium", "hotel", "square"})


def _at_one_site(predicate: "Token | None", anchor: "Token") -> bool:
    """A count said of one site ('at the graveyard', 'in one hospital'): a part of the event's count,
    whatever the sentence's event; two such parts, or a part and the whole, do not conflict."""
    for token in (predicate, anchor):
        for child in token.children if token is not None else ():
            if child.dep_ == "prep" and child.lower_ in ("at", "in", "inside"):
                place = next((g for g in child.children if g.dep_ == "pobj"), None)
                # 'at the graveyard', 'in one hospital'; not 'in hospital', a state ('three remain in hospital')
                if (place is not None and _lemma(place) in SITE_NOUNS
                        and any(g.dep_ in ("det", "nummod") for g in place.children)):
                    return True
    return False


def _copula_subject(mention: Mention, predicate: "Token | None", noun: "Token | None") -> str | None:
    """'a supply that was good for up to 96 hours', 'the flight was three hours': a measure with no
    noun of its own, said of the subject of 'be', measures that subject."""
    value = mention.value
    if noun is not None or predicate is None or not isinstance(value, QuantityValue) or not value.unit:
        return None
    if predicate.lemma_ != "be" and predicate.lower_ not in ("was", "were", "is", "are", "be", "been"):
        return None
    subject = next((c for c in predicate.children if c.dep_ == "nsubj"), None)
    subject = _antecedent(subject) if subject is not None else None
    if subject is None or subject.pos_ != "NOUN":
        return None
    return _counted_key(subject, Mention(sentence=mention.sentence, start=mention.start, end=mention.end,
                                         value=value), False)


def _subject_event(predicate: "Token") -> str | None:
    """'floodwaters surged through the city on Monday', 'the fire spread at 3 a.m.', 'sending floodwaters
    surging through the city': a verb of manner or motion that names no event of its own dates or places
    its subject's (or the noun it modifies), when that is an event noun. Not for counts: 'the flooding
    left 11,300 dead' counts the dead, whatever brought death."""
    if (predicate.pos_ != "VERB" or _lemma(predicate) in EVENT_HOLDERS or _lemma(predicate) in PASSING_VERBS
            or predicate.lower_ == "left"):  # "the flooding left 11,300 people dead in Derna"
        return None
    subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and predicate.dep_ == "acl":
        subject = predicate.head  # "sending floodwaters surging through the city": the participle's noun
    cls = event_class(subject) if subject is not None and subject.pos_ == "NOUN" else None
    return cls if cls and cls not in SUBJECT_EVENTS_NOT else None


#: Participants that stand for a figure given before: "placed the figure higher, at 11,300".
FIGURE_ANAPHORS = frozenset(COMMON + noun for noun in FIGURE_NOUNS)
#: States of a count that is not the main one: a figure given after it does not refer to it.
ASIDE_STATES = frozenset({"other", "remaining"})


def figure_referred_to(frame: Frame, mention: Mention, before: list[list[Frame]]) -> Frame:
    """'About 6,000 people had been confirmed dead. A Red Crescent representative, however, placed the
    figure higher, at 11,300': a count said of 'the figure' (or 'the number', 'the toll'), that names
    nothing it counts, counts what the last count of the sentence before counts. Only when that
    count is a main one (not '170 other people', not the size of a group) and says what it counts;
    otherwise the figure stays unread, and out of any fact it might not belong to. A sentence of
    asides alone ('Elsewhere, the storm killed 170 more.') is passed over for the one before it.

    `before`: the frames of the sentences before, nearest first, each in its sentence's order."""
    if not isinstance(mention.value, QuantityValue) or frame.noun or frame.state or frame.group:
        return frame
    if not ({frame.agent, frame.patient} & FIGURE_ANAPHORS) or mention.value.unit:
        return frame
    for frames in before:
        counts = [f for f in frames if f.event and not f.group and (f.noun or f.state)]
        main = [f for f in counts if f.state not in ASIDE_STATES]
        if main:
            last = main[-1]
            return replace(frame, event=last.event, noun=last.noun, state=last.state)
        if not counts:
            break  # a sentence with no count between: what the figure is, is not said near it
    return frame


def predicate_event(predicate: "Token") -> str | None:
    """The event class a predicate names, in the ways news writes it: the word itself ('killed'), a
    phrasal verb ('went down', 'opened fire'), a modifier ('crash-landed'), or, for a verb that only
    says an event took place ('the crash happened at 9:03', 'put the time of the accident at 9:07'),
    the event noun it governs."""
    own = event_class(predicate)
    particles = {c.lower_ for c in predicate.children if c.dep_ in ("prt", "dobj", "advmod", "prep")}
    if predicate.i + 1 < len(predicate.doc):
        particles.add(predicate.nbor(1).lower_)  # "gave way early": the parser may hang 'way' on 'early'
    preps = [c for c in predicate.children if c.dep_ == "prep"]
    for _ in range(3):  # "fell out of communication", "slid beyond the end of the runway": a short chain of prepositions
        preps = [g for p in preps for g in p.children if g.dep_ in ("prep", "pobj")]
        particles |= {g.lower_ for g in preps}
    phrasal = next((cls for (verb, word), cls in PHRASAL_EVENTS.items()
                    if _lemma(predicate) == verb and word in particles), None)
    if phrasal == "rescue" and any(c.dep_ in ("dobj", "nsubjpass") and _lemma(c) in REMAINS_NOUNS
                                   for c in predicate.children):
        phrasal = None  # "pulled the bodies of two from the river": recovered, not rescued
    if phrasal:
        return phrasal
    if _lemma(predicate) in ISSUING_VERBS:
        # "declared a mayday", "issued the warning", "Mayday declared by the crew": what was issued
        # is the event, not a statement whose speaker must be named
        objects = [c for c in predicate.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod")
                   or (c.dep_ == "nsubj" and predicate.tag_ == "VBN")]
        if predicate.dep_ == "acl":
            objects.append(predicate.head)  # "a warning issued by the tower"
        # what is issued is a message or an order, not people ("sent the eight members of a road crew into
        # the river")
        issued = next((c for c in objects if c.pos_ in ("NOUN", "PROPN") and noun_class(_lemma(c)) != "person"
                       and not any(g.dep_ in ("ccomp", "acl", "relcl") for g in c.children if g.i != predicate.i)), None)
        if issued is not None:
            return "issue:" + _lemma(issued)
    if own and _lemma(predicate) not in EVENT_HOLDERS:
        return own
    for child in predicate.children:
        if child.dep_ in ("npadvmod", "compound") and child.i < predicate.i and event_class(child):
            return event_class(child)  # "crash-landed"
    if not own and predicate.pos_ in ("VERB", "AUX"):
        for prep in predicate.children:  # "went up in flames"
            inner = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep.dep_ == "prep" else None
            if inner is not None and prep.lower_ in ("in", "into") and event_class(inner):
                return event_class(inner)
    if _lemma(predicate) in EVENT_HOLDERS:
        named: list[str] = []
        for child in predicate.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in RELATIVE_PRONOUNS:
                noun = _antecedent(child)  # "the earthquake that struck the region"
                if noun is not child and noun.pos_ == "NOUN" and (cls := event_class(noun)):
                    named.append(cls)
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and child.pos_ == "NOUN":
                named += [cls for t in (child, *child.children) if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr",
                          "compound") and _lemma(t) not in EVENT_HOLDERS and (cls := event_class(t))]
                for of in child.children:  # "the time of the accident"
                    if of.dep_ == "prep" and of.lower_ == "of":
                        inner = next((g for g in of.children if g.dep_ == "pobj"), None)
                        if inner is not None and event_class(inner):
                            named.append(event_class(inner))  # type: ignore[arg-type]
        # "a magnitude 6.4 earthquake struck": the quake, not its measure
        found = next((cls for cls in named if cls != "measure"), None) or next(iter(named), None)
        if found:
            return found
    return own


def _headline_event(doc: "Doc", mention: Mention) -> "Token | None":
    """A timeline entry or headline has no verb to hang a value on ('09:03 a.m. — Crash of the aircraft
    at the airport', '08:59 a.m. — Mayday declared'): its event is its first event word outside the value."""
    words = [t for t in doc if not mention.start <= t.idx < mention.end and t.pos_ in ("NOUN", "VERB", "PROPN")]
    # "Bird strike warning issued by the tower": the verb says what happened to the warning
    return (next((t for t in words if t.pos_ == "VERB" and predicate_event(t)), None)
            or next((t for t in words if t.dep_ != "compound" and event_class(t)), None)
            or next((t for t in words if event_class(t)), None))


def _event_object(verb: "Token", value: "Token") -> "Token | None":
    """'addressed the killing of a general in Damascus on Monday': a date or place the parser hangs
    on a verb that names no event, standing after the event noun the verb governs, is read as that
    event's (news dates and places the event, not the comment on it)."""
    if event_class(verb) is not None and _lemma(verb) not in SPEECH_WORDS:
        return None
    while value.dep_ in ("compound", "nummod", "amod") and value.head.i != value.i:
        value = value.head  # "on Sunday morning": the phrase the date stands in
    if value.dep_ != "pobj" or value.head.head.i != verb.i:
        return None
    if not any(c.dep_ in ("dobj", "attr") and c.i < value.i for c in verb.children):
        return None
    # "made a public apology over the tragic crash on Sunday morning": the nearest event noun
    # between the verb and the value, in the verb's own clause
    nouns = [t for t in _clause(verb) if verb.i < t.i < value.i and t.pos_ == "NOUN" and event_class(t) is not None]
    return max(nouns, key=lambda t: t.i) if nouns else None


def _when_clause(value: "Token") -> "Token | None":
    """'Since Sunday, when its handlers lost contact, rescuers have searched': a 'when' clause right
    after a date or time says what happened then; the parser often hangs it on the main verb. Taken
    only when it names an event ('when it was 400 miles out' names none)."""
    after = value.doc[max(t.i for t in value.subtree) + 1:]
    words = [t for t in after[:3] if not t.is_punct]
    if not words or words[0].lower_ != "when" or words[0].dep_ != "advmod":
        return None
    verb = words[0].head
    return verb if verb.i > words[0].i and predicate_event(verb) else None


#: Conjunctions of a clause that happens at the same time as the one it hangs on.
SIMULTANEOUS = frozenset({"as", "when", "while"})


#: Words that bring a clause after another within the hour: "shortly after it set out on Sunday".
SOON = frozenset({"shortly", "soon", "just", "moments", "minutes", "immediately"})


def _simultaneous(verb: "Token", day: bool = False) -> "Token | None":
    """'crashed as it landed at the airport on 29-Dec-2024': a date or place of a clause that names no
    event, happening as the event it hangs on happens, is that event's."""
    if verb.dep_ != "advcl" or predicate_event(verb) is not None or verb.head.i == verb.i:
        return None
    marks = [c for c in verb.children if c.dep_ == "mark"]
    soon_after = day and any(c.lower_ == "after" for c in marks) and any(
        c.dep_ in ("advmod", "npadvmod") and c.lower_ in SOON for c in [*verb.children, *(g for m in marks for g in m.children)])
    # "Shortly after it set out on Sunday, the craft lost contact": the same day, not the same hour
    if not any(c.lower_ in SIMULTANEOUS for c in marks) and not soon_after:
        return None
    event = predicate_event(verb.head)
    return verb.head if event is not None and event not in ("say", "announce") else None


def _modal(predicate: "Token") -> bool:
    """'might have been killed', 'could possibly have died': what may be, not what is reported."""
    node = predicate
    for _ in range(3):  # "could possibly have died": the modal may hang on a verb above an xcomp
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _crosses_clause(node: "Token", predicate: "Token") -> bool:
    """Whether the way up from the value to its predicate leaves a clause: then the value may be the
    clause's and the predicate another's."""
    while node.i != predicate.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "advcl", "ccomp", "parataxis"):
            return True
        node = node.head
    return False


OTHER_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "appos", "punct"})


def _clause(predicate: "Token") -> list["Token"]:
    """The predicate's own clause, breadth first: its subtree without the clauses it holds."""
    out, frontier = [], [predicate]
    while frontier:
        token = frontier.pop(0)
        out.append(token)
        frontier += [c for c in token.children if c.dep_ not in OTHER_CLAUSES]
    return out


def _clause_words(clause: list["Token"]) -> tuple[str, ...]:
    """Content lemmas of a predicate's own clause, nearest in the tree first: what the value is
    about in words, without the words of other clauses."""
    words = (t for t in clause
             if t.is_alpha and t.lower_ not in STOPWORDS and len(t.text) > 2 and t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN"))
    return tuple(dict.fromkeys(_lemma(t) for t in words))


def name_tokens(doc: "Doc", mentions: Iterable[Mention]) -> dict[int, str]:
    """Token index -> canonical name, for each token inside a person, organisation or place mention."""
    out: dict[int, str] = {}
    for m in mentions:
        v = m.value
        if isinstance(v, NameValue) and v.category in ("person", "organisation", "other"):
            key = v.canonical.lower()
        elif isinstance(v, PlaceValue):
            key = v.name.lower()
        else:
            continue
        for t in tokens_between(doc, m.start, m.end):
            out[t.i] = key
    return out


def person_noun(word: str | None) -> bool:
    """Whether a counted noun ('crew', 'crew+passenger', 'people') counts people."""
    return bool(word) and all(part.split()[-1] in PERSON_NOUNS or part.split()[-1] in GENERIC_COUNTED
                              for part in word.split("+"))
