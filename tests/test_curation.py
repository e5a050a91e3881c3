"""facts.yaml: validation with located messages, and overrides honoured on the facts."""

from pathlib import Path

import pytest

from factcompare.curation import Correction, Curation, Split, load_curation
from factcompare.models import Claim, Fact, QuantityValue, Subject
from factcompare.overrides import apply_overrides


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_an_empty_curation(tmp_path):
    curation, problems = load_curation(tmp_path / "facts.yaml")
    assert curation == Curation() and problems == []


def test_a_valid_file_loads_with_aliases_as_pairs(tmp_path):
    path = write(tmp_path, """
story:
  title: The factory fire
aliases:
  Operation Dawn: [Operation Daybreak]
facts:
  - id: death-toll
    title: How many people died?
    kind: quantity
    cues: {event: kill, any: [fire, blaze]}
    pin: true
""")
    curation, problems = load_curation(path)
    assert problems == []
    assert curation.story.title == "The factory fire"
    assert curation.alias_pairs() == (("Operation Daybreak", "Operation Dawn"),)
    assert curation.facts[0].cues.any == ("fire", "blaze")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("facts:\n  - id: toll\n    title: [unclosed\n", "facts.yaml:4: error: invalid YAML: expected ',' or ']', but got '<stream end>'. Check indentation and quoting."),
        ("facts:\n  - id: toll\n    title: How many?\n    kind: number\n",
         "facts.yaml:4: error: facts.0.kind: Input should be 'quantity', 'date', 'time', 'place' or 'name'. Use one of: quantity, date, time, place, name."),
        ("facts:\n  - id: Death Toll\n    title: How many?\n    kind: quantity\n",
         "facts.yaml:2: error: facts.0.id: Value error, fact id 'Death Toll' is not a URL slug; use lower-case words joined by hyphens. Each fact needs id, title and kind; cues are optional (see the README's facts.yaml section)."),
        ("fcts: []\n", "facts.yaml:1: error: fcts: Extra inputs are not permitted. See the README's facts.yaml section."),
        ("- a\n- b\n", "facts.yaml:1: error: facts.yaml must be a mapping of sections. Start with 'facts:' or 'aliases:'."),
        ("facts:\n  - {id: a, title: 'A?', kind: date}\n  - {id: a, title: 'B?', kind: date}\n",
         "facts.yaml:3: error: fact id 'a' is defined twice. Give each fact its own id."),
    ],
)
def test_problems_name_file_line_and_what_to_do(tmp_path, text, expected):
    path = write(tmp_path, text)
    _, problems = load_curation(path, display="facts.yaml")
    assert [str(p) for p in problems] == [expected]


def claim(article, n, sentence=0):
    return Claim(id=f"{article}-{sentence}-0", article=article, sentence=sentence, quote=f"{n} people",
                 span=(0, len(str(n))), value=QuantityValue(display=str(n), low=n, high=n), subject=Subject())


FACTS = [
    Fact(id="toll", title="How many died?", kind="quantity", claims=(claim("a", 10), claim("b", 12))),
    Fact(id="toll-2", title="How many died?", kind="quantity", claims=(claim("c", 11),)),
    Fact(id="injured", title="How many were hurt?", kind="quantity", claims=(claim("a", 40, 3),)),
]


def test_merge_rename_pin_hide_in_one_pass():
    curation = Curation(merge=(("toll", "toll-2"),), rename={"toll": "death-toll"}, pin=("injured",),
                        hide=())
    facts, problems = apply_overrides(FACTS, curation, "facts.yaml")
    assert problems == []
    assert [f.id for f in facts] == ["injured", "death-toll"]
    merged = facts[1]
    assert [c.article for c in merged.claims] == ["a", "b", "c"]
    assert merged.aliases == ("toll-2", "toll")  # both old URLs redirect


def test_hide_and_split():
    curation = Curation(hide=("injured",), split=(Split(id="toll-b", title="B's toll?", claims=("b-0-0",)),))
    facts, _ = apply_overrides(FACTS, curation, "facts.yaml")
    assert [(f.id, [c.id for c in f.claims]) for f in facts] == [
        ("toll", ["a-0-0"]), ("toll-2", ["c-0-0"]), ("toll-b", ["b-0-0"])]


def test_correction_is_kept_beside_the_original_value():
    fixed = QuantityValue(display="12", low=12, high=12)
    facts, problems = apply_overrides(FACTS, Curation(corrections=(Correction(claim="a-0-0", value=fixed),)), "f")
    corrected = facts[0].claims[0]
    assert corrected.value.low == 10 and corrected.corrected == fixed and corrected.effective_value == fixed


def test_unknown_ids_are_warnings_naming_the_section():
    curation = Curation(hide=("nope",), corrections=(Correction(claim="x-1-1", value=FACTS[0].claims[0].value),))
    _, problems = apply_overrides(FACTS, curation, "corpus/facts.yaml")
    assert [str(p) for p in problems] == [
        "corpus/facts.yaml: warning: hide: no fact has the id 'nope'. Run 'python build.py check' to list fact ids, or remove the entry.",
        "corpus/facts.yaml: warning: corrections: no claim has the id 'x-1-1'. Claim ids are listed by 'python build.py check' and in facts.json.",
    ]
