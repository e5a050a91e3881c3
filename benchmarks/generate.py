"""Generate synthetic news corpora for benchmarks: N articles of corpus Markdown with YAML front matter.

The text is news-like on purpose, so the extractors do real work: several stories, each reported by
many outlets that mostly agree and sometimes disagree (a death toll, a sum of money, a percentage, a
range, dates written as weekdays, months and full dates, clock times, real cities and countries,
people with ranks and roles, attribution and hedges), between paragraphs of ordinary filler. The same
seed gives the same files. No facts.yaml is written: the automatic alignment has to cope.

    python benchmarks/generate.py --articles 1000 --out /tmp/corpus-1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
OUTLETS = (
    "The Morning Ledger", "Harbour Times", "Capital Dispatch", "Northern Courier", "Daily Meridian",
    "Evening Standard Post", "Global Wire", "Continental Review", "The Observer Weekly", "Metro Herald",
    "Coastal Gazette", "Pacific Bulletin", "Atlas News Agency", "The Civic Record", "Riverbank Journal",
)  # fmt: skip
FIRST = ("Amina", "Carlos", "Mei", "Olusegun", "Ingrid", "Rahul", "Fatima", "Jonas", "Lucia", "Kenji",
         "Svetlana", "Tomasz", "Aisha", "Mateo", "Hannah", "Dmitri", "Priya", "Youssef", "Elena", "Kwame")  # fmt: skip
LAST = ("Okafor", "Mendes", "Zhang", "Adeyemi", "Lindqvist", "Sharma", "Haddad", "Becker", "Romero",
        "Tanaka", "Volkova", "Nowak", "Bello", "Fernandez", "Schmidt", "Petrov", "Iyer", "Mansour",
        "Russo", "Mensah")  # fmt: skip
HEDGES = ("reportedly", "allegedly", "apparently", "it is believed")
FILLER = (
    "Residents gathered outside the building late into the evening, many of them holding photographs.",
    "The government has promised a full and independent inquiry into what happened.",
    "Questions remain about how long the warning signs had been ignored.",
    "Local businesses said they had been forced to close their doors for the rest of the week.",
    "Opposition lawmakers called for the responsible minister to resign.",
    "The incident has reopened a long-running debate about safety regulation.",
    "Aid groups said they were ready to help but had not yet been given access.",
    "Several families said they had not heard from relatives since the morning.",
    "Television footage showed emergency vehicles lined up along the main road.",
    "The city council is due to meet in an emergency session.",
    "Insurance companies have begun assessing the damage, a process expected to take months.",
    "Messages of condolence arrived from neighbouring governments throughout the day.",
    "Analysts warned that the economic consequences could be felt for years.",
    "A spokesperson declined to comment further, citing the ongoing investigation.",
    "Schools in the area will remain closed until further notice.",
)  # fmt: skip


@dataclass(frozen=True)
class Story:
    slug: str
    headline: str
    city: str
    country: str
    day: date
    hour: int
    toll_noun: str
    toll_verb: str
    toll: int
    injured: int
    money: float
    money_what: str
    percent: int
    percent_what: str
    range_what: str
    range_low: int
    range_high: int
    official_role: str
    official_rank: str
    official: str
    suspect_role: str
    suspect: str


# Story skeletons: (slug, headline, noun, verb, money_what, percent_what, range_what, role, ranks, suspect_role)
SKELETONS = (
    ("factory-fire", "Fire at textile factory in {city}", "workers", "were killed", "in compensation",
     "of the factory's exits were locked", "firefighters", "fire chief", ("Chief", "Deputy Chief"), "factory owner"),
    ("earthquake", "Earthquake strikes near {city}", "people", "were killed", "in emergency aid",
     "of buildings in the old town were damaged", "aftershocks", "civil protection director",
     ("Director", "Deputy Director"), "building inspector"),
    ("bridge-collapse", "Bridge collapses in {city}", "people", "died", "for repairs",
     "of the bridge's supports had corroded", "vehicles", "transport minister", ("Minister", "Deputy Minister"),
     "construction manager"),
    ("ferry-sinking", "Ferry sinks off {city}", "passengers", "drowned", "in rescue costs",
     "of the passengers had no life jackets", "survivors", "coast guard commander",
     ("Rear Admiral", "Vice Admiral"), "ferry captain"),
    ("heat-wave", "Heat wave grips {city}", "people", "died", "in crop losses",
     "of hospital beds were occupied", "degrees Celsius", "health ministry spokesperson",
     ("Dr.", "Professor"), "power company executive"),
    ("bank-fraud", "Fraud trial opens in {city}", "investors", "were defrauded", "in missing funds",
     "of the deposits were never recovered", "years in prison", "chief prosecutor",
     ("Judge", "Senior Judge"), "former bank director"),
    ("flood", "Floods sweep through {city}", "people", "were killed", "in flood defences",
     "of the district was under water", "centimetres of rain", "army commander",
     ("Major General", "Brigadier General"), "dam operator"),
    ("mine-collapse", "Mine collapse traps miners near {city}", "miners", "were trapped", "in fines",
     "of the shafts had failed inspection", "metres underground", "mining minister",
     ("Minister", "State Secretary"), "mine manager"),
)  # fmt: skip
PLACES = (
    ("Dhaka", "Bangladesh"), ("Izmir", "Turkey"), ("Genoa", "Italy"), ("Manila", "Philippines"),
    ("Seville", "Spain"), ("Lagos", "Nigeria"), ("Porto Alegre", "Brazil"), ("Karachi", "Pakistan"),
    ("Chennai", "India"), ("Valparaiso", "Chile"), ("Krakow", "Poland"), ("Mombasa", "Kenya"),
    ("Surabaya", "Indonesia"), ("Lyon", "France"), ("Osaka", "Japan"), ("Accra", "Ghana"),
)  # fmt: skip


def make_stories(rng: random.Random, count: int) -> list[Story]:
    stories = []
    for i in range(count):
        skel = SKELETONS[i % len(SKELETONS)]
        city, country = PLACES[(i * 5 + rng.randrange(len(PLACES))) % len(PLACES)]
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        low = rng.choice((3, 5, 10, 20, 40, 46))
        stories.append(
            Story(
                slug=f"{skel[0]}-{i}",
                headline=skel[1].format(city=city),
                city=city,
                country=country,
                day=day,
                hour=rng.randrange(24),
                toll_noun=skel[2],
                toll_verb=skel[3],
                toll=rng.choice((12, 37, 58, 112, 240, 1200, 1430)),
                injured=rng.randrange(20, 900),
                money=rng.choice((2.5, 13.1, 48, 120, 860)),
                money_what=skel[4],
                percent=rng.randrange(5, 95),
                percent_what=skel[5],
                range_what=skel[6],
                range_low=low,
                range_high=low + rng.choice((2, 5, 10)),
                official_role=skel[7],
                official_rank=skel[8][0],
                official=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                suspect_role=skel[9],
                suspect=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            )
        )
    return stories


def number_words(rng: random.Random, n: int) -> str:
    """The same number the way different outlets write it: '1,200', 'about 1,200', 'more than 1,000'..."""
    rounded = int(round(n, -len(str(n)) + 1)) if n >= 100 else n
    forms = [
        f"{n:,}",
        f"at least {n:,}",
        f"about {rounded:,}",
        f"more than {rounded - (rounded // 10 if rounded > 20 else 1):,}",
        f"some {rounded:,}",
        f"nearly {rounded + (rounded // 10 if rounded > 20 else 1):,}",
    ]
    if n >= 200:
        forms.append("hundreds" if n < 1000 else "more than a thousand")
    if n < 13:
        forms.append(("zero one two three four five six seven eight nine ten eleven twelve".split())[n])
    return rng.choice(forms)


def money_words(rng: random.Random, millions: float) -> str:
    if millions >= 100:
        return rng.choice((f"${millions / 1000:.2f} billion", f"${millions:,.0f} million", f"{millions:,.0f} million dollars"))
    return rng.choice((f"${millions:g} million", f"about ${round(millions):,} million", f"{millions:g} million euros"))


def date_words(rng: random.Random, day: date, published: date) -> str:
    delta = (published - day).days
    forms = [f"on {MONTHS[day.month - 1]} {day.day}, {day.year}", f"on {day.day} {MONTHS[day.month - 1]}"]
    if 0 < delta < 7:
        forms += [f"on {WEEKDAYS[day.weekday()]}", f"last {WEEKDAYS[day.weekday()]}", "earlier this week"]
    if delta == 1:
        forms.append("yesterday")
    forms.append(f"in {'early' if day.day <= 10 else 'late' if day.day > 20 else 'mid-'} {MONTHS[day.month - 1]}".replace("- ", "-"))
    return rng.choice(forms)


def time_words(rng: random.Random, hour: int) -> str:
    h12, ampm = (hour % 12 or 12), ("a.m." if hour < 12 else "p.m.")
    minute = rng.choice((0, 15, 30, 45))
    return rng.choice((f"at {h12}:{minute:02d} {ampm}", f"around {h12} {ampm}", f"shortly after {hour:02d}:00"))


def article_text(rng: random.Random, story: Story, published: date, outlet: str) -> tuple[str, str]:
    """Title and body for one article about `story` from `outlet` (values vary from outlet to outlet)."""
    toll = story.toll if rng.random() < 0.8 else story.toll + rng.choice((-2, 3, 40, -(story.toll // 5)))
    official = f"{story.official_rank if rng.random() < 0.85 else rng.choice(('Acting', 'Senior'))} {story.official}"
    surname = story.official.split()[-1]
    place = story.city if rng.random() < 0.7 else f"{story.city}, {story.country}"
    when = date_words(rng, story.day, published)
    hedge = rng.choice(HEDGES)
    witness = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    sentences = [
        f"{number_words(rng, toll).capitalize()} {story.toll_noun} {story.toll_verb} {when} in {place}, "
        f"according to {rng.choice(('officials', 'the police', 'state media', 'local authorities'))}.",
        f"The disaster struck {time_words(rng, story.hour)} local time, {rng.choice(('witnesses said', 'police said', 'officials said'))}.",
        f"At least {story.injured:,} others were injured, {rng.randrange(3, 60)} of them critically.",
        f"{official}, the {story.official_role}, told reporters that the figure could rise.",
        f"{surname} said that {story.percent}% {story.percent_what}.",
        f"The government has set aside {money_words(rng, story.money)} {story.money_what}.",
        f"Officials reported between {story.range_low} and {story.range_high} {story.range_what}.",
        f"The {story.suspect_role}, {story.suspect}, was {hedge} detained {rng.choice(('on Friday', 'the next day', 'within hours'))}.",
        f"\"We heard a sound like thunder and then everyone was running,\" said {witness}, {rng.randrange(19, 78)}, a resident of {story.city}.",
        f"Neighbouring {rng.choice([p[1] for p in PLACES if p[1] != story.country])} offered to send specialist teams.",
        f"A similar disaster in {MONTHS[rng.randrange(12)]} {story.day.year - rng.randrange(2, 15)} killed {rng.randrange(5, 300)} people.",
        f"By {WEEKDAYS[(story.day.weekday() + 1) % 7]} evening, rescue teams from {rng.choice(PLACES)[0]} "
        f"and {rng.choice(PLACES)[0]} had joined the search, working through the night in shifts of {rng.choice((4, 6, 8, 12))} hours.",
        f"\"Our thoughts are with the families,\" {official} said in a statement released {time_words(rng, (story.hour + 5) % 24)}, "
        f"adding that investigators would examine {rng.choice(('maintenance records', 'permits', 'inspection reports'))} going back {rng.randrange(2, 20)} years.",
        f"Prime Minister {rng.choice(FIRST)} {rng.choice(LAST)} is expected to visit {story.city} {rng.choice(('on Saturday', 'next week', 'within days'))}.",
        f"Turnout at a vigil in central {story.city} was estimated at {rng.randrange(2, 30) * 500:,}, organisers said, though police put the number lower.",
        f"Inflation in {story.country} stood at {rng.randrange(2, 40)}.{rng.randrange(10)}% in {MONTHS[(story.day.month - 2) % 12]}, complicating the cost of rebuilding.",
        f"The {rng.choice(('United Nations', 'Red Cross', 'World Bank'))} said {rng.randrange(2, 90)},000 people needed help.",
    ]
    paragraphs = [sentences[0] + " " + sentences[1]]
    rest = sentences[2:]
    rng.shuffle(rest)
    filler = list(FILLER)
    rng.shuffle(filler)
    while rest or filler:
        group = [rest.pop() for _ in range(min(len(rest), rng.randint(1, 2)))]
        group += [filler.pop() for _ in range(min(len(filler), rng.randint(0, 2)))]
        if group:
            paragraphs.append(" ".join(group))
    title = f"{story.headline}: {number_words(rng, toll)} {story.toll_noun} {story.toll_verb.removeprefix('were ')}"
    return title, "\n\n".join(paragraphs)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def generate_corpus(folder: Path, articles: int, seed: int = 1, stories: int | None = None) -> list[Path]:
    """Write `articles` Markdown files into `folder` (created); return their paths in order."""
    rng = random.Random(seed)
    story_list = make_stories(rng, stories or max(3, min(200, articles // 25)))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(articles):
        story = story_list[i % len(story_list)]
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        published = story.day + timedelta(days=rng.randrange(0, 5))
        title, body = article_text(rng, story, published, outlet)
        front = (
            "---\n"
            f"title: \"{title}\"\n"
            f"published: {published.isoformat()}\n"
            f"outlet: {outlet}\n"
            "language: en\n"
            "---\n\n"
        )
        path = folder / f"{story.slug}-{slug(outlet)}-{i:05d}.md"
        path.write_text(front + body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=None, help="default: one per 25 articles (3..200)")
    args = parser.parse_args()
    paths = generate_corpus(args.out, args.articles, args.seed, args.stories)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
