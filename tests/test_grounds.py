"""The one line on each fact page that says why its claims were grouped."""

from factcompare.grounds import grounds
from factcompare.models import Claim, Fact, Frame, QuantityValue, Subject


def claim(article: str, n: int, frame: Frame, holder: str | None = None) -> Claim:
    v = QuantityValue(display=str(n), low=n, high=n)
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=f"{n} ...", span=(0, len(str(n))), value=v,
                 subject=Subject(holder=holder), frame=frame)


def fact(*claims: Claim, curated: bool = False) -> Fact:
    return Fact(id="f", title="How many?", kind="quantity", claims=claims, curated=curated)


def test_the_line_names_what_every_source_shares():
    dead = Frame(event="kill", noun="crew+passenger", state="dead", firm=True)
    line = grounds(fact(claim("a", 179, dead), claim("b", 179, dead)))
    assert line == ("Grouped because every source's sentence gives the same event (killing) and the same thing "
                    "counted (crew and passenger dead).")


def test_what_only_some_share_is_not_claimed():
    line = grounds(fact(claim("a", 181, Frame(noun="people", state="aboard")),
                        claim("b", 181, Frame(event="disaster", noun="people", state="aboard"))))
    assert "event" not in line and "people on board" in line


def test_curated_and_single_source_facts_say_so_or_nothing():
    one = claim("a", 5, Frame())
    assert grounds(fact(one, claim("b", 5, Frame()), curated=True)) == "Chosen by the editor's cues in facts.yaml."
    assert grounds(fact(one)) == ""
    assert grounds(fact(one, claim("b", 6, Frame()))).startswith("Grouped by the words around each value")
