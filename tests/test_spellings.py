"""How sources spell one person's name: a fact where they differ, never a conflict."""

from hypothesis import given
from hypothesis import strategies as st

from factcompare.align import align
from factcompare.compare import judge, relate
from factcompare.grounds import grounds
from factcompare.models import Article, NameValue
from factcompare.pipeline import analyse
from factcompare.spellings import GROUNDS, is_spelling


def claims(article: str, body: str):
    return list(analyse(Article(id=article, source=f"{article}.md", title="t", body=body)).claims)


def spelling_facts(*bodies: str):
    found = [c for n, body in enumerate(bodies) for c in claims(f"a{n}", body)]
    return [f for f in align(found) if all(map(is_spelling, f.claims))]


def test_a_person_named_in_full_is_one_spelling_claim_per_article():
    found = [c for c in claims("a", "French diver Paul-Henri Nargeolet was aboard. Paul-Henri Nargeolet is 77.")
             if is_spelling(c)]
    assert [c.value.display for c in found] == ["Paul-Henri Nargeolet"]


def test_a_person_filling_a_role_is_the_roles_claim_not_a_spelling():
    found = claims("a", "FEMA spokeswoman Dana Holt said the roads were closed.")
    assert not any(is_spelling(c) for c in found)
    assert any(c.value.kind == "name" and c.value.display == "Dana Holt" for c in found)


def test_two_spellings_of_one_name_make_a_compatible_fact_with_its_grounds():
    facts = spelling_facts("French diver Paul-Henri Nargeolet was aboard.",
                           "The explorer Paul-Henry Nargeolet was aboard.",
                           "Aboard was Paul-Henri Nargeolet.")
    assert len(facts) == 1
    fact = judge(facts)[0]
    assert [c.value.display for c in fact.claims] == ["Paul-Henri Nargeolet", "Paul-Henry Nargeolet",
                                                      "Paul-Henri Nargeolet"]
    assert fact.verdict.status == "compatible"
    assert fact.title == "How do sources spell Paul-Henri Nargeolet’s name?"
    assert grounds(fact) == GROUNDS


def test_a_name_every_source_writes_alike_makes_no_fact():
    assert spelling_facts("Hamish Harding was aboard.", "British adventurer Hamish Harding was aboard.") == []


def test_two_people_whose_names_share_a_skeleton_are_not_one_name():
    # "Karim Hassan" and "Karim Hussein" fold to one transliteration skeleton; they read too unalike
    found = [c for n, body in enumerate(["Then Karim Hassan arrived.", "Then Karim Hussein arrived."])
             for c in claims(f"a{n}", body) if is_spelling(c)]
    assert len({c.value.lineage for c in found}) == 1 and len(found) == 2
    assert spelling_facts("Then Karim Hassan arrived.", "Then Karim Hussein arrived.") == []


@given(st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){1,2}", fullmatch=True),
       st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){1,2}", fullmatch=True))
def test_two_writings_of_one_name_never_conflict(a, b):
    one = NameValue(display=a, canonical=a.lower(), category="person", lineage=("skeleton",))
    other = NameValue(display=b, canonical=b.lower(), category="person", lineage=("skeleton",))
    assert relate(one, other) in ("same", "compatible")
