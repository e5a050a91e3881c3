"""General English news vocabulary that tells what a sentence is about.

These tables are knowledge of news writing in general, never of one story: what counts as an
event word, which nouns count people, which words carry no topic. Story knowledge (aliases,
curated facts) lives in the corpus' facts.yaml.
"""

from __future__ import annotations

# Lemma -> event class. Synonyms share a class so "killing", "slaying" and "death" compare.
EVENT_CLASSES: dict[str, str] = {}
for _cls, _words in {
    "kill": "kill killing slay slaying murder assassinate assassination eliminate liquidate execute execution "
    "death die dead massacre toll fatality behead lynch",
    "injure": "injure injury wound hurt concussion casualty maim",
    "abduct": "abduct abduction kidnap kidnapping hostage captive captivity seize",
    "release": "release free freed exchange swap",
    "rescue": "rescue evacuate evacuation save",
    "train": "train training drill exercise",
    # Kinds of disaster, each its own event: the storm made landfall on Sunday, the flood struck on Monday.
    "quake": "quake earthquake tremor aftershock shake",
    "flood": "flood flooding floodwater deluge",
    "storm": "hurricane storm typhoon cyclone tornado landfall",
    "fire": "fire wildfire blaze flame inferno",
    "crash": "crash derail accident collision collide wreck",
    "explosion": "explosion blast implode implosion eruption bang boom",
    # A supply that runs out: "the air will run out by 6 a.m.", "expected to exhaust it at 7:08".
    "deplete": "deplete depletion exhaust exhaustion",
    # Putting names to the dead: "146 victims have been identified", "had their identities confirmed".
    "identify": "identify identification identity",
    "landslide": "landslide avalanche mudslide",
    "sink": "sink capsize",
    "missing": "disappear disappearance vanish",
    "attack": "attack strike airstrike raid bomb bombing bombard shell shelling shoot shooting "
    "rocket missile drone assault storm invade invasion incursion rampage infiltrate ambush",
    "arrest": "arrest detain detention custody charge indict",
    "sentence": "sentence convict conviction fine acquit verdict jail imprison imprisonment prison guilty",
    "displace": "displace flee refugee evacuee homeless",
    "destroy": "destroy destruction damage demolish burn collapse raze burst breach",
    "pay": "pay payment fund funding invest investment spend spending aid grant donate loan relief "
    "sanction budget cost price",
    "bribe": "bribe bribery kickback graft embezzle embezzlement launder laundering extort extortion",
    # A ceremony's date is not the date of what it remembers: "on January 3, commemorating the
    # anniversary of the killing".
    "ceremony": "ceremony commemorate commemoration anniversary memorial funeral vigil burial mourn",
    "earn": "earn revenue profit income sale sell",
    "vote": "vote ballot elect election poll turnout",
    "protest": "protest demonstrate demonstration rally march strike",
    "infect": "infect infection case outbreak vaccinate vaccine hospitalize",
    "employ": "employ hire job layoff lay",
    "build": "build construct construction open",
    "enrich": "enrich enrichment",
    "measure": "measure reach record temperature magnitude",
    "announce": "announce declare claim deny admit confirm vow pledge threaten warn tie link blame accuse "
    "remark comment statement dismiss",
}.items():
    for _w in _words.split():
        EVENT_CLASSES.setdefault(_w, _cls)

#: Verbs that only move or state a figure ("the toll rose to 31 on Tuesday"): their date is the
#: figure's, and no event's.
FIGURE_VERBS = frozenset(
    "put update revise raise lower tally count rise climb reach stand jump increase grow top exceed surpass "
    "rose".split())  # 'rose': the word lemmatizer's flower

#: What is left of the dead: a count of it is recovered or found, never rescued or killed.
REMAINS_NOUNS = frozenset({"body", "corpse", "remains"})

DISASTERS = ("quake", "flood", "storm", "fire", "crash", "explosion", "landslide", "sink", "missing")
#: Events that only say a figure was reached or recorded ('the toll reached 5,000'): a count's state
#: ('dead', 'missing') says what it counts, not this event.
NEUTRAL_EVENTS = frozenset({"measure"})
#: Units of a span of time, as the quantity extractor names them.
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})

# Forms whose class differs from their lemma's: "fired" shots, but "a fire".
SURFACE_EVENTS: dict[str, str] = {"fired": "attack", "firing": "attack"}

# Event classes close enough that sources describe one event with either: "killed in a strike";
# "convicted", "sentenced" and "jailed" for one verdict.
EVENT_FAMILIES: dict[str, str] = {"kill": "violence", "attack": "violence", "injure": "violence",
                                  "destroy": "violence", **dict.fromkeys(DISASTERS, "violence"), "announce": "say", "say": "say",
                                  "arrest": "justice", "sentence": "justice"}

# What a reader calls each event in a question: "When was the killing?"
EVENT_NOUNS: dict[str, str] = {
    "kill": "killing", "injure": "injuries", "abduct": "abduction", "release": "release", "rescue": "rescue",
    "train": "training", "attack": "attack", "quake": "earthquake", "flood": "flooding", "storm": "storm",
    "fire": "fire", "crash": "crash", "explosion": "explosion", "landslide": "landslide", "sink": "sinking",
    "missing": "disappearance", "arrest": "arrest", "sentence": "sentence", "displace":
    "displacement", "destroy": "destruction", "pay": "payment", "earn": "earnings", "vote": "vote",
    "protest": "protest", "infect": "infections", "employ": "jobs", "build": "construction", "enrich":
    "enrichment", "deplete": "depletion", "identify": "identification", "measure": "measurement", "bribe": "bribes", "ceremony": "ceremony", "announce": "statement", "say": "statement",
}

# Verbs of saying are attribution, not events: "reported that 500 men trained" is about training.
SPEECH_WORDS = frozenset(
    "say said tell told report reported reports according state stated add added note noted write "
    "wrote quote quoted cite cited describe described call called insist insisted assert asserted".split()
)

# Nouns that count people: different words for the same victims must still meet.
PERSON_NOUNS = frozenset(
    "people person persons individual individuals man men woman women child children kid kids boy boys "
    "girl girls baby babies adult adults civilian civilians resident residents citizen citizens soldier "
    "soldiers troop troops officer officers fighter fighters militant militants terrorist terrorists "
    "gunman gunmen member members worker workers employee employees staff student students patient "
    "patients victim victims survivor survivors hostage hostages prisoner prisoners detainee detainees "
    "refugee refugees migrant migrants passenger passengers crew protester protesters demonstrator "
    "demonstrators voter voters police policeman policemen firefighter firefighters doctor doctors nurse "
    "nurses journalist journalists official officials leader leaders commander commanders agent agents "
    "jew jews muslim muslims christian christians settler settlers villager villagers inhabitant "
    "inhabitants family families guard guards personnel recruit recruits volunteer volunteers".split()
)

NOUN_CLASS_WORDS: dict[str, str] = {}
for _cls, _words in {
    "money": "dollar dollars euro euros pound pounds yuan yen rupee rupees shekel shekels peso pesos rouble "
    "roubles ruble rubles franc francs real reais rand lira dinar dinars dirham dirhams won ringgit baht naira "
    "shilling shillings krona kronor krone kroner zloty forint",
    "building": "home homes house houses building buildings structure structures apartment apartments",
    "vehicle": "vehicle vehicles car cars truck trucks bus buses aircraft plane planes jet jets tank tanks",
    "weapon": "rocket rockets missile missiles drone drones bomb bombs shell shells weapon weapons",
    "area": "acre acres hectare hectares kilometre kilometres kilometer kilometers mile miles",
    "time": "day days week weeks month months year years hour hours minute minutes decade decades",
}.items():
    for _w in _words.split():
        NOUN_CLASS_WORDS[_w] = _cls


#: The unit of a person's age ("73-year-old", "Nargeolet, 77"): read by `extract/ages.py`, weighed as
#: the attribute of the person it is about, like a rank.
AGE = "age"


def is_age(value: object) -> bool:
    return getattr(value, "kind", None) == "quantity" and getattr(value, "unit", None) == AGE


# Classes of nouns that measure rather than count: "six years", "300,000 euros". What such a number
# is about is told by the noun that governs it ("in prison", "a fine of").
MEASURE_CLASSES = frozenset({"money", "time", "area", "percent"})


def noun_class(noun: str | None, unit: str | None = None) -> str | None:
    """Coarse class of a counted noun, so 'Jews', 'people' and 'civilians' all count persons."""
    if unit in {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "ILS"}:
        return "money"
    if unit == "%":
        return "percent"
    if unit:
        return f"unit:{unit}"
    if not noun:
        return None
    word = noun.lower().strip()
    if word in PERSON_NOUNS:
        return "person"
    if word in NOUN_CLASS_WORDS:
        return NOUN_CLASS_WORDS[word]
    if word[:1].isalpha() and noun[:1].isupper() and (word.endswith(("ans", "ians", "ese", "is", "ers"))):
        return "person"  # demonyms: Americans, Israelis, Japanese, Palestinians, Britons-ish
    return word


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves mr mrs ms dr one two three also may might must shall us
    another many much every since still yet ago later earlier last next new first second third
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks month
    months year years day days time times january february march april june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec
    well even though however although whether including per via around nearly almost least than
    like among amid across toward towards within without according""".split()
)


# Abbreviations of titles and ranks, so "Brig. Gen." and "Brigadier General" share their words.
ABBREVIATIONS: dict[str, str] = {
    "gen": "general", "brig": "brigadier", "maj": "major", "col": "colonel", "lt": "lieutenant",
    "sgt": "sergeant", "capt": "captain", "cpt": "captain", "adm": "admiral", "cmdr": "commander",
    "gov": "governor", "sen": "senator", "rep": "representative", "pres": "president", "supt": "superintendent",
    "insp": "inspector", "det": "detective", "prof": "professor", "dr": "doctor",
}
