"""The shortcuts that make extraction fast must never change what it finds.

Each cheap test that lets a sentence skip a slow regex scan must be a necessary condition of that
regex matching; each rewritten helper must agree with the code it replaced (kept here as the
oracle). Texts mix the words the patterns look for with punctuation, digits and the non-ASCII
letters that re.IGNORECASE folds onto ASCII ones ('ſ' is an 's', the Kelvin sign a 'k').
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from factcompare import normalise
from factcompare.extract import attribution as attribution_module
from factcompare.extract import dates, names, quantities, times
from factcompare.extract.gazetteer import gazetteer

PIECES = [
    " ", "  ", "\n", ",", ".", ":", "-", "\u2013", "\u2014", "/", "'", "\u2019", '"', "(", ")", "%", "$", "*", "_",
    "#", ">", "[", "](", "![", "--", "''", '""', ". .", "0", "1", "7", "12", "2020", "1999", "3:30", "10.5",
    "1,200", "a.m.", "p.m.", "PM", "am", "noon", "Midnight", "o'clock", "morning", "evening", "ago", "this",
    "last", "next", "today", "Yesterday", "week", "March", "May", "Oct", "Sept.", "December", "Monday",
    "Thursday", "Sat", "spring", "of", "the", "and", "to", "between", "from", "a", "an", "half", "few",
    "several", "couple", "handful", "dozens", "scores", "tens", "hundreds", "thousand", "million", "one",
    "Two", "twenty", "ninety-nine", "eleven", "often", "someone", "people", "killed", "about", "more than",
    "\u017fix", "\u212a", "\u0130", "\u0131", "\u00e9", "Z\u00fcrich", "al-Bakr", "Gen.", "U.S.", "Mr.",
    "3/4/2021", "1990s", "2019-2021", "2024-03-05", "14:00 GMT", "0600 hrs", "seven o'clock in the evening",
    "between 2 and 3 p.m.", "10-11", "summer of 2020", "late 2019", "two weeks ago", "Black Friday",
    "29-Dec-2024", "on", "the 29th", "3rd",
]
#: One sentence for each date and time pattern, so that each is seen matching at least once.
MATCHING = [
    "on Monday, March 3, 2024", "the 7th of October", "in late October", "in the spring of 1999", "the 1990s",
    "from 2019 to 2021", "in 2020", "on 2024-03-05", "on 28/12/2023", "last Wednesday", "two days ago",
    "from 10 to 11 p.m.", "at 7:45 a.m.", "at 14:00", "0600 hrs GMT", "at noon", "seven o'clock in the evening",
    "in the early morning", "on 29-Dec-2024", "on the morning of the 29th",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join) | st.text(max_size=40)


@pytest.mark.parametrize("text", MATCHING)
def test_patterns_seen_matching_are_not_skipped(text):
    for module in (dates, times):
        matched = [pattern.search(text) is not None for pattern, _ in module.PATTERNS]
        assert all(p or not m for p, m in zip(module._possible(text), matched))


def test_every_pattern_has_a_matching_example():
    for module in (dates, times):
        for pattern, _ in module.PATTERNS:
            assert any(pattern.search(t) for t in MATCHING), pattern.pattern[:60]


@settings(max_examples=200)
@given(texts)
def test_date_patterns_only_skipped_where_they_cannot_match(text):
    for (pattern, _), possible in zip(dates.PATTERNS, dates._possible(text)):
        assert possible or pattern.search(text) is None


@settings(max_examples=200)
@given(texts)
def test_time_patterns_only_skipped_where_they_cannot_match(text):
    for (pattern, _), possible in zip(times.PATTERNS, times._possible(text)):
        assert possible or pattern.search(text) is None


@settings(max_examples=200)
@given(texts)
def test_quantity_scan_only_skipped_where_it_cannot_match(text):
    assert quantities._maybe_quantity(text) or quantities.CORE.search(text) is None


@pytest.mark.parametrize("text, maybe", [
    ("The council met in an emergency session.", False),
    ("Schools will remain closed until further notice.", False),
    ("Someone called the police.", True),  # 'one' inside a word: scanned, CORE decides
    ("Officials counted 12 bodies.", True),
    ("Several homes burned.", True),
    ("\u017feveral homes burned.", True),  # not ASCII: always scanned ('\u017f' is an 's' to re.I)
])
def test_quantity_prefilter_on_sentences(text, maybe):
    assert quantities._maybe_quantity(text) is maybe


@pytest.mark.parametrize("text", [
    "Rescuers reached the village at 7:45 a.m. on Monday, March 3, 2024.",
    "The fire broke out between 10 and 11 p.m. local time, two days ago.",
    "A 6.2-magnitude quake struck in the spring of 1999; 1,200 people fled.",
    "The jury deliberated for three hours.",
])
def test_skipping_patterns_finds_the_same(text, monkeypatch):
    found = dates.dates_in(text), times.times_in(text), quantities.quantities_in(text)
    for module in (dates, times):
        monkeypatch.setattr(module, "_possible", lambda t, n=len(module.PATTERNS): (True,) * n)
        module._matches.cache_clear() if module is dates else module._times_in.cache_clear()
    dates._dates_in.cache_clear()
    quantities._quantities_in.cache_clear()
    monkeypatch.setattr(quantities, "_maybe_quantity", lambda t: True)
    assert (dates.dates_in(text), times.times_in(text), quantities.quantities_in(text)) == found


# --- normalise: rewrites gated by substring tests, the word before a full stop, near-duplicates ---


def _typography_oracle(text: str) -> str:
    """typography as it was, every rewrite run unconditionally."""
    import unicodedata
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = normalise._CONTROL.sub("", normalise._SPECIAL.sub(lambda m: normalise._CHAR_MAP[m.group(0)], text))
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"\.(?: \.){2,}", "...", text)
    text = re.sub(r"'{2,}", '"', text)
    text = re.sub(r'"{2,}', '"', text)
    text = normalise._DIGIT_DASH.sub(r"\1-", text)
    text = normalise._DOUBLE_HYPHEN.sub("\\1\u2014", text)
    text = re.sub(r" {2,}", " ", text)
    text = normalise._SPACED_DASH.sub("\\1 \u2014 ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


def _strip_markdown_oracle(text: str) -> str:
    for _ in range(10):
        before = text
        for pattern, replacement, _ in normalise._MD_RULES:
            text = pattern.sub(replacement, text)
        text = "\n".join(line.strip() for line in text.split("\n"))
        if text == before:
            break
    return text


@settings(max_examples=200)
@given(texts)
def test_typography_and_markdown_as_before(text):
    assert normalise.typography(text) == _typography_oracle(text)
    assert normalise.strip_markdown(text) == _strip_markdown_oracle(text)


@settings(max_examples=200)
@given(texts, st.integers(min_value=0, max_value=200))
def test_word_before_as_the_regex_finds_it(text, end):
    end = min(end, len(text))
    m = re.search(r"[\w.'-]*$", text[max(0, end - 80):end])
    assert normalise._word_before(text, end) == (m.group(0) if m else "").lstrip("'")


def _has_oracle(seen: normalise._Seen, paragraph: str) -> bool:
    words = len(paragraph.split())
    if words < 4:
        return False
    key = paragraph.casefold()
    if key in seen.exact:
        return True
    if words < 8:
        return False
    numbers = frozenset(normalise._NUMBER.findall(paragraph))
    for other, length, other_numbers in seen.long:
        if min(length, len(key)) < 0.4 * max(length, len(key)) or not numbers <= other_numbers:
            continue
        if fuzz.ratio(key, other, score_cutoff=90) or fuzz.token_set_ratio(key, other, score_cutoff=92):
            return True
    return False


KEPT = [
    "The fire started in the basement of the warehouse shortly after midnight on Tuesday.",
    "Firefighters fought the blaze for six hours before bringing it under control.",
    "The vote was 7 to 2 after a long debate in the council chamber last night.",
]


@pytest.mark.parametrize("paragraph", [
    "The fire started in the basement of the warehouse shortly after midnight on Tuesday.",  # the same
    "The fire started in the basement of the warehouse shortly after midnight on Tuesday!",  # nearly
    "Firefighters fought the blaze for six hours before bringing it under control, officials said.",  # a superset
    "The vote was 5 to 4 after a long debate in the council chamber last night.",  # numbers of its own
    "A spokesman for the company declined to comment on the cause of the fire today.",  # another paragraph
    "Short line.",
])
def test_near_duplicates_as_before(paragraph):
    seen = normalise._Seen()
    for p in KEPT:
        seen.add(p)
    assert seen.has(paragraph) == _has_oracle(seen, paragraph)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(KEPT + ["The blaze started in the basement of a warehouse after midnight on Tuesday.",
                                        "Six hours of firefighting brought the blaze under control."]),
                min_size=1, max_size=4),
       st.sampled_from(["", " officials said", " 12", " again and again"]))
def test_near_duplicates_as_before_generated(kept, tail):
    seen = normalise._Seen()
    for p in kept[:-1]:
        seen.add(p)
    paragraph = kept[-1] + tail
    assert seen.has(paragraph) == _has_oracle(seen, paragraph)


# --- names and places ---------------------------------------------------------------------------


def _rank_oracle(toks, i, stop):
    for words, canonical, lineage in names.RANKS:
        if i + len(words) > stop:
            continue
        if all(toks[i + k].word in names.RANK_FORMS[w] for k, w in enumerate(words)):
            return len(words), canonical, lineage
    return None


@pytest.mark.parametrize("text", [
    "Lt. Gen. Ana Ruiz met Major General Tom Ellis and Brig. Gen. Li Wei.",
    "Staff Sergeant Dan Cole and First Lieutenant Amy Roe spoke to Vice Admiral Kim.",
    "The general said the major road was closed.",
])
def test_ranks_found_as_before(text):
    toks = names._tokens(text)
    for i in range(len(toks)):
        for stop in range(len(toks) + 1):
            assert names._rank_at(toks, i, stop) == _rank_oracle(toks, i, stop)


@pytest.mark.parametrize("name", ["Paris", "Georgia", "Washington", "Syria", "Springfield", "Iranian", "London"])
def test_gazetteer_entries_best_first(name):
    found = gazetteer().lookup(name)
    assert found
    assert found == sorted(found, key=lambda p: (not p.primary, -p.population, p.lineage))
    assert gazetteer().lookup(name) is not found  # a copy: callers may not change the index


# --- quantities: the case-sensitive scan of lower-cased ASCII text ---------------------------------


def test_core_lower_has_no_capitals():
    assert not re.search("[A-Z]", re.sub(r"\(\?P[<=]", "", quantities.CORE.pattern))


@settings(max_examples=200)
@given(texts.filter(str.isascii))
def test_core_lower_finds_what_core_finds(text):
    def found(matches):
        return [(m.span(), tuple(m.span(g) for g in range(m.re.groups + 1))) for m in matches]

    assert found(quantities.CORE_LOWER.finditer(text.lower())) == found(quantities.CORE.finditer(text))


# --- attribution: the citing patterns and hedges only searched where their words are -------------

ATTRIBUTION_PIECES = PIECES + [
    "according to", "According To", " police", " the ministry", "in a statement to", "in an interview to",
    "in her post to", "citing", "CITING", " officials", "said", "told", " reporters", "reportedly",
    "Allegedly", "alleged", "suspected", "likely", "rumoured", "presumed", "\u017fuspected", "li\u212aely",
]
attribution_texts = st.lists(st.sampled_from(ATTRIBUTION_PIECES), max_size=12).map(" ".join)


def _attribution_oracle(sentence, previous=None):
    """attribution_and_hedges as it was, every pattern searched."""
    a = attribution_module
    found = None
    for pattern in (a.ACCORDING, a.STATEMENT, a.CITING):
        m = pattern.search(sentence)
        if m:
            found = a._clean(m.group())
            break
    if found is None:
        found = a._reporting(sentence)
    if found is None and re.search(r"\breportedly\b", sentence, re.I):
        found = "reportedly"
    if found is None and previous is not None and re.search(r"[:,]\s*[\"\u201c]?\s*$", previous.strip()):
        found = a._reporting(previous)
    hedges = []
    for m in a.HEDGE_RE.finditer(sentence):
        if m.group().lower() not in hedges:
            hedges.append(m.group().lower())
    return (a._clean(found) if found else None), tuple(hedges)


@settings(max_examples=300)
@given(attribution_texts, st.none() | attribution_texts.map(lambda t: t + " said:"))
def test_attribution_as_before(sentence, previous):
    assert attribution_module.attribution_and_hedges(sentence, previous) == _attribution_oracle(sentence, previous)


# --- quantities: the words before a number, read without scanning the whole sentence -------------

QUANTITY_PIECES = PIECES + [
    " ", "\t", "about ", "a little more than ", "more  than ", "at\nleast ", "(about ", "nearly", "US$", "$",
    "USD ", "\u20ac", "HK$ ", "5", "12 ", "per cent", "%", " km", "-", "degrees", "mph", "\u00b0C", " sq km",
    "kg", "tonnes", "percentage points", "years", " m", "m ", "\n",
]
quantity_texts = st.lists(st.sampled_from(QUANTITY_PIECES), max_size=12).map("".join)


@settings(max_examples=300)
@given(quantity_texts, st.integers(min_value=0, max_value=120))
def test_words_before_a_number_as_the_regexes_find_them(text, pos):
    pos = min(pos, len(text))
    m = re.search(r"(\S+)\s+$", text[:pos])
    assert quantities._previous_token(text, pos) == (m.group(1) if m else "")
    window = quantities._last_words_start(text, pos, quantities.QUALIFIER_WORDS)
    before = quantities._QUAL_RE.search(text[:pos])
    after = quantities._QUAL_RE.search(text, window, pos)
    assert (before and (before.span(), before.group("q"))) == (after and (after.span(), after.group("q")))
    before = quantities.CURRENCY_PREFIX.search(text[:pos])
    after = quantities.CURRENCY_PREFIX.search(text, max(0, pos - quantities.CURRENCY_REACH), pos)
    assert (before and before.span()) == (after and after.span())


@settings(max_examples=300)
@given(quantity_texts, st.integers(min_value=0, max_value=120))
def test_units_as_the_list_finds_them(text, pos):
    pos = min(pos, len(text))
    expected = next(((unit, m.end()) for pattern, unit in quantities.UNIT_PATTERNS if (m := pattern.match(text, pos))), None)
    assert quantities._unit_at(text, pos) == expected


@settings(max_examples=300)
@given(texts, st.lists(st.sampled_from(["noon", "this", "ago", "evening", "six", "ski", "likely"]), min_size=1, max_size=3))
def test_has_any_as_a_case_insensitive_search(text, words):
    from factcompare.extract.base import has_any

    pattern = re.compile("|".join(words), re.IGNORECASE)
    assert has_any(text, tuple(words), pattern) == (pattern.search(text) is not None)


@pytest.mark.parametrize("text, expected", [("At NOON", True), ("\u017fix", False), ("\u017fix", True)])
def test_has_any_folds_as_re_does(text, expected):
    from factcompare.extract.base import has_any

    words = ("noon",) if expected and "NOON" in text else ("six",) if expected else ("noon",)
    pattern = re.compile("|".join(words), re.IGNORECASE)
    assert has_any(text, words, pattern) is expected


@settings(max_examples=200)
@given(st.lists(st.sampled_from(PIECES + ["dubbed", "codenamed", "code-named", "nicknamed", "referred to as",
                                          "referred to by officials as", '"', " Operation"]), max_size=10).map(" ".join))
def test_operation_cues_only_skipped_where_they_cannot_match(before):
    assert any(cue in before for cue in names.OPERATION_CUES) or not names.OPERATION_CUE_BEFORE.search(before)
