"""The site side of `updated` facts: the timeline chart, as-of lines, the current value, the data."""

from __future__ import annotations

import re
from datetime import date

import lxml.etree

from factcompare.check import curation_report
from factcompare.compare import judge
from factcompare.models import AsOf, Claim, Fact, Frame, QuantityValue, Story, Subject
from factcompare.site import timeline, views
from factcompare.site.charts import interval_chart
from factcompare.site.data import fact_record
from factcompare.site.urls import Links

DEAD = Frame(event="kill", state="dead")


def q(display: str, low: float | None, high: float | None, approximate: bool = False) -> QuantityValue:
    return QuantityValue(display=display, low=low, high=high, approximate=approximate)


def claim(article: str, value: QuantityValue, as_of: AsOf | None) -> Claim:
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=f"{value.display} died.",
                 span=(0, len(value.display)), value=value, subject=Subject(), frame=DEAD, as_of=as_of)


def at(day: int, time: str | None = None, source: str = "published", words: str | None = None) -> AsOf:
    return AsOf(day=date(2023, 12, day), time=time, source=source, words=words)  # type: ignore[arg-type]


def toll(*claims: Claim) -> Fact:
    [fact] = judge([Fact(id="toll", title="How many people died?", kind="quantity", claims=claims)])
    return fact


LABELS = {"a": "Alpha News", "b": "Beta Times", "c": "Gamma Wire", "d": "Delta Daily", "e": "Echo"}

RISING = toll(
    claim("a", q("62", 62, 62), at(29, "12:13", "sentence", "As of 12:13 p.m.")),
    claim("b", q("179", 179, 179), at(30)),
    claim("c", q("about 180", 180, 180, approximate=True), at(30, "18:00", "sentence", "By 6 p.m.")),
    claim("d", q("62", 62, 62), at(30, source="earlier", words="previously")),
    claim("e", q("179", 179, 179), None),
)


def svg(text: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(text.encode())


def test_the_hand_made_toll_is_updated() -> None:
    assert RISING.verdict is not None and RISING.verdict.status == "updated"
    assert [s.claims for s in RISING.verdict.steps] == [("a-0-0", "d-0-0"), ("b-0-0", "c-0-0")]


def test_timeline_names_every_value_and_source_in_words() -> None:
    drawn = svg(timeline.timeline_chart(RISING, LABELS) or "")
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert drawn.get("role") == "img" and drawn.get("aria-labelledby") == "timeline-title timeline-desc"
    title = drawn.findtext("s:title", namespaces=ns)
    desc = drawn.findtext("s:desc", namespaces=ns) or ""
    assert title == "How many people died? How the figure changed over time."
    assert desc.startswith("Stage 1 of 2: 62, from 29 Dec, 12:13 (Alpha News: “62”, as of 29 Dec, 12:13; "
                           "Delta Daily: “62”, before 30 Dec).")
    assert "Stage 2 of 2, the current value: 179, from 30 Dec (Beta Times: “179”, as of 30 Dec; " \
           "Gamma Wire: “about 180”, as of 30 Dec, 18:00)." in desc
    assert desc.endswith("Not dated, not drawn: Echo: “179”.")
    # Shapes carry meaning with colour from CSS: an earlier figure is hollow, a day without an hour a
    # span, an approximate figure a range, the current stage a thick line and the word "now".
    classes = [el.get("class") for el in drawn.iter()]
    assert classes.count("chart-open") == 1 and "timeline-day" in classes and "timeline-range" in classes
    assert classes.count("timeline-current") == 1 and classes.count("timeline-ring") == 2
    labels = [t.text for t in drawn.iter("{*}text") if "chart-label" in (t.get("class") or "")]
    assert labels == ["62", "179 now"]
    assert not any(el.get("fill") or el.get("stroke") or el.get("style") for el in drawn.iter())  # CSS only


def test_timeline_ticks_are_days_for_days_and_hours_within_one() -> None:
    ticks = [t.text for t in svg(timeline.timeline_chart(RISING, LABELS) or "").iter("{*}text")
             if t.get("class") == "chart-tick" and t.get("y") == str(timeline.BOTTOM + 20)]
    assert ticks[0] == "29 Dec" and "30 Dec" in ticks and all(re.fullmatch(r"\d+ [A-Z][a-z]{2}|\d\d:\d\d", t)
                                                                  for t in ticks)
    same_day = toll(claim("a", q("12", 12, 12), at(29, "08:00", "sentence", "By 8 a.m.")),
                    claim("b", q("31", 31, 31), at(29, "20:00", "sentence", "By 8 p.m.")))
    assert same_day.verdict is not None and same_day.verdict.status == "updated"
    hours = [t.text for t in svg(timeline.timeline_chart(same_day, LABELS) or "").iter("{*}text")
             if t.get("class") == "chart-tick" and t.get("y") == str(timeline.BOTTOM + 20)]
    assert hours and all(re.fullmatch(r"\d\d:\d\d", h) for h in hours)


def test_timeline_text_is_as_large_as_the_interval_charts() -> None:
    """A viewBox no wider than the interval chart's and the same font sizes: drawn as wide (on a phone),
    its text is at least as large (tests/browser/test_timeline_browser.py measures it)."""
    drawn = timeline.timeline_chart(RISING, LABELS) or ""
    other = interval_chart(RISING, LABELS) or ""
    width = re.compile(r'viewBox="0 0 (\d+) ')
    assert int(width.search(drawn)[1]) <= int(width.search(other)[1])  # type: ignore[index]
    assert "font-size" not in drawn  # sizes come from the stylesheet, as the interval chart's do:
    texts = [el.get("class") for el in svg(drawn).iter("{*}text")]
    assert texts and set(texts) <= {"chart-label", "chart-tick", "chart-label timeline-now"}


def test_no_timeline_for_other_facts() -> None:
    agree = toll(claim("a", q("12", 12, 12), at(29)), claim("b", q("12", 12, 12), at(30)))
    assert agree.verdict is not None and agree.verdict.status == "agree"
    assert timeline.timeline_chart(agree, LABELS) is None
    assert timeline.undated(RISING, LABELS) == ("Echo (179)",)


def test_as_of_lines_say_how_the_time_is_known() -> None:
    assert timeline.as_of_line(at(29, "12:13", "sentence", "As of 12:13 p.m.")) == \
        "As of 29 Dec, 12:13 — from the sentence: “As of 12:13 p.m.”"
    assert timeline.as_of_line(at(30)) == "As of 30 Dec (publication date)"
    assert timeline.as_of_line(at(30, source="earlier")) == "An earlier figure, before 30 Dec"
    assert timeline.as_of_line(at(30, "08:00", "editor")) == "As of 30 Dec, 08:00 (set by the site’s editor)"
    assert timeline.as_of_line(at(30), year=True) == "As of 30 Dec 2023 (publication date)"
    assert timeline.as_of_line(None) is None


def test_fact_view_puts_the_current_value_first() -> None:
    story = Story(title="t", documents=(), facts=(RISING,))
    view = views.home_view(story, Links(""))
    row = next(r for r in view.rows if r.fact.id == "toll")
    assert row.current == views.CurrentView(value="179", since="since 30 Dec")
    assert row.fact.status.key == "updated" and row.fact.status.symbol == "↻"
    assert views.fact_description(RISING, views.STATUS_VIEWS["updated"]).startswith(
        "Updated. Current value: 179 (since 30 Dec). Rose from 62 (29 Dec, 12:13) to 179 (30 Dec)")
    assert views.current_claims(RISING) == {"b-0-0", "c-0-0"}


def test_fact_record_carries_current_steps_and_as_of() -> None:
    record = fact_record(RISING, ["a", "b", "c", "d", "e"])
    assert record["current"]["display"] == "179" and record["current"]["low"] == 179
    assert [s["claims"] for s in record["steps"]] == [["a-0-0", "d-0-0"], ["b-0-0", "c-0-0"]]
    assert record["steps"][0]["first"] == {"date": "2023-12-29", "time": "12:13", "source": "sentence",
                                           "words": "As of 12:13 p.m."}
    assert record["steps"][1]["last"] == {"date": "2023-12-30", "time": "18:00", "source": "sentence",
                                          "words": "By 6 p.m."}
    assert [c["as_of"] and c["as_of"]["source"] for c in record["claims"]] == [
        "sentence", "published", "sentence", "earlier", None]
    plain = fact_record(toll(claim("a", q("12", 12, 12), None), claim("b", q("12", 12, 12), None)), ["a", "b"])
    assert plain["current"] is None and plain["steps"] == []


def test_check_lists_updated_facts_for_the_editor() -> None:
    report = curation_report(Story(title="t", documents=(), facts=(RISING,)))
    assert "Facts whose figure changed over time (1)" in report
    assert "  toll [updated] How many people died?" in report.splitlines()
