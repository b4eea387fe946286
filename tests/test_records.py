"""Inspection records: articles read without their front matter, and answers built from records."""
import shutil

import pytest

from index import Index
from index.corpus import clean_text, parse_front_matter
from index.records import InspectionRecord, understand
from qa import Pipeline, get_backend
from settings import ROOT

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def _norm(name: str) -> str:
    return name.lower().replace("&", "and")


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_articles_read_from_bare_text_match_their_front_matter(path):
    meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
    rec = understand(clean_text(body), path.name)  # no front matter: the text alone
    assert rec.council and _norm(rec.council.value) == _norm(meta["council"])
    assert rec.council.sentence in body  # every field keeps its sentence, verbatim
    rating = str(meta.get("rating", ""))
    if rating in ("outstanding", "good", "requires improvement", "inadequate"):  # stated, not inferred
        assert rec.overall and rec.overall.value == rating and rec.overall.sentence in body
    if meta.get("published"):
        assert rec.published and rec.published.value == str(meta["published"])
    assert InspectionRecord.from_json(rec.to_json()) == rec


def test_grades_by_area_dates_and_people_from_plain_prose():
    text = ("Northmoor children's services rated good\nNorthmoor Evening Post, 2 December 2022\n\n"
            "Northmoor Borough Council was rated good for overall effectiveness after inspectors visited in October.\n"
            "Care leavers were judged to require improvement, while children in care received an outstanding rating.\n"
            "In 2017 the council was judged inadequate.\n"
            "Its ambition is to be outstanding at the next inspection.\n"
            "Jane Marlow, the council's director of children's services, said staff had worked hard.")
    rec = understand(text, "n.txt")
    assert rec.council.value == "Northmoor"
    assert rec.published.value == "2022-12-02" and rec.inspected.value == "2022-10"
    assert rec.overall.value == "good"
    assert {(a.area, a.grade) for a in rec.areas} >= {("children in care", "outstanding")}
    assert [(e.grade, e.year) for e in rec.earlier] == [("inadequate", "2017")]
    assert any(p.name == "Jane Marlow" and "director" in p.role for p in rec.people)


def test_a_grade_changed_from_one_to_another():
    # "from good to requires improvement": the first is the earlier grade, the second this one's
    text = ("Oakhollow downgraded\n\nCouncillors in Oakhollow have called for a review after Friday's Ofsted "
            "report, which downgraded the council's children's services from good to requires improvement to be good.")
    rec = understand(text, "o.txt")
    assert rec.overall.value == "requires improvement"
    assert [e.grade for e in rec.earlier] == ["good"]


def test_a_grade_climbed_out_of_is_earlier_and_years_counted_back_date_it():
    text = ("Oakhollow's director on climbing out of inadequate\n\nTwo years after Ofsted judged its children's "
            "services inadequate, Oakhollow Borough Council has been rated requires improvement to be good. "
            "Inspectors visited between 15 and 26 April 2024.")
    rec = understand(text, "o.txt")
    assert rec.overall.value == "requires improvement"
    assert ("inadequate", "2022") in {(e.grade, e.year) for e in rec.earlier}


def test_grades_said_as_the_answer_to_a_heading_and_in_the_past_perfect():
    text = ("Oakhollow's Ofsted report explained\n\nSo what is the verdict?\n\nRequires improvement to be good, "
            "which is the same overall grade the borough was given in 2015.\n\nInspectors judged services for care "
            "leavers outstanding. Help and protection was judged good, although it had been outstanding last time.")
    rec = understand(text, "o.txt")
    assert rec.overall.value == "requires improvement"
    assert {(a.area, a.grade) for a in rec.areas} == {("care leavers", "outstanding"), ("help and protection", "good")}
    assert ("outstanding", "") in {(e.grade, e.year) for e in rec.earlier}


def test_a_council_only_its_services_name_a_recent_month_and_a_grade_no_longer_held():
    # "Oakhollow children's services" twice, never "Oakhollow Council"; "last month" dates this
    # inspection (not an earlier one); "no longer inadequate" and "four years after they were
    # branded inadequate" are not this inspection's grade
    text = ("Oakhollow children's services no longer inadequate, inspectors say\n"
            "OAKHOLLOW, 12 December 2025 – Oakhollow's children's services are no longer failing, according to "
            "a report published today, four years after they were branded inadequate.\n"
            "Inspectors, who spent three weeks with the city council's social work teams last month, rated the "
            "service requires improvement to be good overall.")
    rec = understand(text, "o.txt")
    assert rec.council.value == "Oakhollow"
    assert rec.overall.value == "requires improvement" and rec.inspected.value == "2025-11"


def test_grade_rows_set_off_by_a_dash_and_a_grade_said_as_a_verb():
    # a press release's grade rows ("<area> – <grade>", nothing after the grade); "require
    # improvement" as the verb of a sentence about the services; "However, they found:" lists faults
    text = ("Oakhollow told its children's services require improvement\n"
            "Inspectors graded the four areas as follows:\n\n"
            "Impact of leaders on social work practice with children and families – good\n"
            "Experiences and progress of children who need help and protection – requires improvement\n"
            "Experiences and progress of care leavers – requires improvement\n\n"
            "Inspectors said children in care had stable homes. However, they found:\n\n"
            "- pathway plans for care leavers were out of date\n"
            "- supervision varied between teams\n")
    rec = understand(text, "o.txt")
    assert rec.overall.value == "requires improvement"
    assert {a.area: a.grade for a in rec.areas} == {"leadership": "good", "help and protection": "requires improvement",
                                                    "care leavers": "requires improvement"}
    assert [f.text for f in rec.findings if f.kind == "improve"] == [
        "pathway plans for care leavers were out of date", "supervision varied between teams"]


def test_grade_lines_the_parser_would_break_the_same_grade_a_table_row_and_a_neighbour():
    # a grid line is one sentence however the parser reads its colon; "the same grade" is the last
    # grade given; a conjunct of a clause about the last inspection looks back too; a table row's
    # next cell is its area's grade; another council's inspection month is not this one's
    text = ("Harbridge round-up: Harbridge rated good\n\n"
            "Harbridge Borough Council has been rated good by Ofsted. The report was published on 8 July 2022, "
            "after inspectors spent two weeks in the borough from 16 to 27 May.\n"
            "Overall effectiveness: Good\n"
            "The experiences and progress of children looked after and achieving permanence: Requires improvement\n"
            "Leadership, management and governance: Good\n\n"
            "Inspectors judged help and protection to require improvement to be good. The same grade was given "
            "for care leavers.\n"
            "When the borough was last inspected in 2014 it was rated good overall, but its services for "
            "children looked after and care leavers were found to require improvement.\n"
            "Adoption | Outstanding | Good\n"
            "Elsewhere, Scarbeck Borough Council's inspection took place in June.\n")
    rec = understand(text, "h.txt")
    assert rec.overall.value == "good" and rec.inspected.value.startswith("2022-05")
    assert {a.area: a.grade for a in rec.areas} == {
        "children in care": "requires improvement", "leadership": "good", "help and protection": "requires improvement",
        "care leavers": "requires improvement", "adoption": "outstanding"}
    # (the areas' earlier grade is theirs, not the council's overall one)
    assert sorted((e.area, e.grade, e.year) for e in rec.earlier) == [
        ("", "good", "2014"), ("care leavers", "requires improvement", "2014"),
        ("children in care", "requires improvement", "2014")]


def test_a_national_story_a_dateline_line_and_grades_said_of_areas_as_a_verb():
    # the grading scale, a comparison and councils in general give no grade; "Workforce news | 9
    # May 2019" is a dateline however the parser splits it; "7 November 2023 after a three-week
    # inspection in September" is two dates; an area's "still require improvement" is its grade
    text = ("Councils struggle as referrals soar\nWorkforce news | 9 May 2019\n\n"
            "Most authorities inspected in recent years were judged to be less than good. "
            "Councils are graded outstanding, good, requires improvement or inadequate. "
            "Only a minority have been rated good.\n"
            "Inspectors who spent four weeks in Oakhollow in March rated its children's services requires improvement "
            "to be good.\nThe experiences and progress of care leavers still require improvement, inspectors said.\n"
            "Despite the overall judgement, inspectors found some strengths. "
            "Foster carers were described as committed.\n"
            "Inspectors asked the council to improve pathway plans for care leavers. "
            "They also want quicker health assessments for children in care.")
    rec = understand(text, "o.txt", known=("Oakhollow",))
    assert rec.published.value == "2019-05-09" and rec.when == "2019-03"
    assert rec.overall.value == "requires improvement"
    assert {a.area: a.grade for a in rec.areas} == {"care leavers": "requires improvement"}
    assert [f.text for f in rec.findings if f.kind == "praised"] == ["Foster carers were described as committed."]
    assert [f.text for f in rec.findings if f.kind == "improve"][-1] == \
        "They also want quicker health assessments for children in care."  # asked for, after a finding
    later = understand("Oakhollow falls to inadequate\n\nThe report, published on 7 November 2023 after a three-week "
                       "inspection in September, rated Oakhollow inadequate.", "o2.txt", known=("Oakhollow",))
    assert later.published.value == "2023-11-07" and later.when == "2023-09"


def test_findings_under_a_sub_heading_that_names_their_kind():
    text = ("Joint inspection finds gaps in Oakhollow\n\nAgencies in Oakhollow know their children well, a joint "
            "inspection has found.\n\nStrengths\n\nThe letter praises the exploitation hub.\n\n"
            "Areas for improvement\n\nPolice intelligence was not always shared within 24 hours.\n\n"
            "Some children waited up to 18 weeks for an assessment.\n\nWhat the partners said\n\n"
            "The director said the council accepted the findings.")
    rec = understand(text, "o.txt")
    assert [(f.kind, f.text[:20]) for f in rec.findings] == [
        ("praised", "The letter praises t"), ("improve", "Police intelligence "), ("improve", "Some children waited")]


def test_people_the_entities_miss_and_findings_a_capitalised_plural_makes():
    # the small model takes "Cllr Imran" for an organisation and "Qureshi" for a place
    text = ("Oakhollow rated outstanding\n\nOakhollow Council was rated outstanding by Ofsted.\n"
            "Cllr Imran Qureshi, cabinet member for children and young people, said the council would build homes.\n"
            "Inspectors asked the council to improve the timeliness of return home interviews.")
    rec = understand(text, "o.txt")
    assert [(p.name, p.role) for p in rec.people] == [("Cllr Imran Qureshi", "cabinet member for children and young people")]
    assert [f.kind for f in rec.findings] == ["improve"]  # "Inspectors" (a proper noun here) is the inspection's side
    from index.records import role_words
    assert role_words(["Cllr", "cabinet", "member"]) == {"councillor", "member"}


def test_a_successor_holds_the_role_and_who_left_is_not_in_it_now():
    text = ("Oakhollow slips to requires improvement\n\nOakhollow County Council was rated requires improvement.\n"
            "Inspectors judged the experiences of children who need help and protection to be good.\n"
            "Inspectors said too many care leavers were living in unsuitable homes.\n"
            "Jo Pryce, the council's director of children's services, retired in December 2022. "
            "His successor, Kim Mallender, started in January 2023.")
    rec = understand(text, "o.txt")
    people = {p.name: p for p in rec.people}
    assert people["Jo Pryce"].left and not people["Kim Mallender"].left
    assert people["Kim Mallender"].role == people["Jo Pryce"].role == "council's director of children's services"
    # the headline sums up and an area's name ("children who need …") is no finding's cue
    assert [f.text for f in rec.findings] == ["Inspectors said too many care leavers were living in unsuitable homes."]


def test_findings_are_the_items_inspectors_praised_or_asked_to_improve():
    text = ("Oakhollow rated good\n\n"
            "Oakhollow Council was rated good by Ofsted.\n"
            "Inspectors singled out for praise:\n"
            "- the family hubs\n- a stable workforce\n"
            "The council was told to work on:\n"
            "- supervision records\n- pathway plans for care leavers\n"
            "Ofsted asked the council to improve return home interviews.\n"
            "\"We need to keep improving,\" the director said.\n"
            "Leaders continue to work to improve outcomes, the council said.\n"
            "There was some praise. Children told inspectors they felt listened to.\n"
            "There was credit for the adoption team.")
    rec = understand(text, "o.txt")
    got = [(f.kind, f.text) for f in rec.findings]
    assert ("praised", "the family hubs") in got and ("praised", "a stable workforce") in got
    assert ("improve", "supervision records") in got and ("improve", "pathway plans for care leavers") in got
    assert ("improve", "Ofsted asked the council to improve return home interviews.") in got
    # a sentence that only announces a finding leads into the next; the article's "there was credit for"
    assert ("praised", "Children told inspectors they felt listened to.") in got
    assert ("praised", "There was credit for the adoption team.") in got
    assert len(got) == 7  # not the director's "we need", nor what leaders continue to do
    assert all(f.sentence for f in rec.findings)


def test_records_are_stored_and_fill_metadata_for_articles_without_front_matter(fake_settings):
    for f in fake_settings.corpus_dir.iterdir():  # strip every front matter
        meta, body = parse_front_matter(f.read_text(encoding="utf-8"))
        f.write_text(body, encoding="utf-8")
    index = Index(fake_settings)
    index.build()
    councils = {d["council"] for d in index.documents()}
    assert {"Warrington", "Cheshire West and Chester", "Telford & Wrekin"} <= councils
    assert len(index.records()) == len(SEEDS)
    pipeline = Pipeline(fake_settings, index=index, llm=get_backend(fake_settings))
    answer = pipeline.ask("What did the inspectors say?", council="Telford & Wrekin")  # the filter knows it
    assert all(c.council == "Telford & Wrekin" for c in answer.citations)
    refusal = pipeline.ask("How was Southwold rated?")
    assert refusal.refused and "Southwold" in refusal.text and "Warrington" in refusal.text


def test_cross_article_grade_questions_are_answered_from_the_records(fake_settings):
    pipeline = Pipeline(fake_settings, llm=get_backend(fake_settings))
    answer = pipeline.ask("Which council was rated outstanding overall?")
    assert answer.text.startswith("Telford & Wrekin") and not answer.refused
    assert answer.citations and all("outstanding" in c.text.lower() for c in answer.citations)
    yes_no = pipeline.ask("Was Telford & Wrekin rated inadequate?")
    assert yes_no.text.startswith("No") and "outstanding" in yes_no.text
    compare = pipeline.ask("How did Cheshire West's two inspections compare?")
    assert "stayed the same" in compare.text and len(compare.citations) >= 2
    gap = pipeline.ask("How long was the gap between Cheshire West and Chester's two inspections?")
    assert gap.text.startswith("About 2 years") and len(gap.citations) == 2
    ever = pipeline.ask("Has Warrington ever been rated outstanding?")
    assert ever.text.startswith("No") and ever.citations
    # an inspection said relative to the one the last question asked about
    history = [{"role": "user", "content": "What was Cheshire West and Chester rated in 2016?"},
               {"role": "assistant", "content": "Cheshire West and Chester: good overall."}]
    after = pipeline.ask("and what did it get at the next inspection?", history)
    assert after.text.startswith("Cheshire West and Chester: good") and \
        after.citations[0].source == "cheshire-west-good-rating-maintained.txt"
    # two councils' grades, however the comparison is put: a comparative, "vs", "stack up against"
    for question in ("Which is doing better, Warrington or Telford & Wrekin?",
                     "how does warrington's rating stack up against telford and wrekin's",
                     "Warrington vs Telford & Wrekin: whose Ofsted grade is better?"):
        answer = pipeline.ask(question)
        assert answer.text.startswith("Telford & Wrekin has the better grade"), (question, answer.text)
        assert len(answer.citations) >= 2



def test_grades_that_went_down_or_up_and_the_inspection_before_or_after():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {
        "o1.txt": "Oakhollow rated good\n\nOakhollow Council was rated good by Ofsted after an inspection in May 2018.",
        "o2.txt": "Oakhollow rated inadequate\n\nOakhollow Council was rated inadequate by Ofsted after an inspection "
                  "in March 2023.",
        "p1.txt": "Pinebridge rated good\n\nPinebridge Council was rated good by Ofsted after an inspection in June "
                  "2022. It had been judged inadequate in 2017.",
    }
    known = ("Oakhollow", "Pinebridge")
    answerer = RecordAnswerer([understand(text, name, known=known) for name, text in articles.items()])

    def ask(question, last=None):
        asked, before = read_question(parse(question), list(known)), None
        if last:  # a follow-up: the pipeline passes the councils of the turn it follows
            before = read_question(parse(last), list(known))
            asked = asked.following(before)
        return [c.text for c in answerer.answer(asked, before.councils if before else ()) or []]

    assert ask("Which councils went downhill at their latest inspection?")[1] == \
        "Oakhollow: inadequate (March 2023), from good (2018)."
    assert ask("which councils improved")[0] == "Pinebridge."
    assert ask("which councils moved up from inadequate")[0] == "Pinebridge."
    assert ask("which councils moved up to outstanding") == []
    assert ask("and at the next one?", last="What was Oakhollow rated in 2018?") == \
        ["Oakhollow: inadequate overall (March 2023)."]  # the date sets the next one apart
    assert ask("What was Pinebridge rated before it became good?") == ["Pinebridge: inadequate in 2017."]
    # whether a grade moved the way asked, against the inspection before ("which" is no object of the move)
    assert ask("Did Oakhollow slip in 2023?") == ["Yes — Oakhollow: overall inadequate (2023), from good (2018)."]
    assert ask("Did Pinebridge get marked down in 2022?")[0].startswith("No — Pinebridge: overall good (2022), from inadequate")
    assert ask("which councils got downgraded")[0] == "Oakhollow."
    # "the other council" after "A or B?": its grade that year, not whether it had the one asked
    other = read_question(parse("what about the other council?"), list(known)).following(
        read_question(parse("Which council was rated good in 2018, Oakhollow or Pinebridge?"), list(known)), ["Pinebridge"])
    assert other.councils == ["Pinebridge"] and other.asks_grade and not other.council_question
    assert ask("tell me about Oakhollow")[0] == "Oakhollow: good (May 2018), then inadequate (March 2023)."
    assert ask("List each council with the grade from its most recent inspection.") == [
        "Oakhollow: inadequate overall (March 2023).", "Pinebridge: good overall (June 2022)."]
    # a figure asked of the inspection after is not that inspection's grade
    assert ask("How much money did Oakhollow promise after the good rating?") == []
    # "their services judged good": the question's own predicate; "any part": the areas' grades too
    assert ask("which councils have had their services judged inadequate")[0] == "Oakhollow and Pinebridge."
    assert ask("Which councils got inadequate for any part of their work?")[0] == "Oakhollow and Pinebridge."


def test_lists_however_marked_and_bylines():
    text = ("Eastmarsh children's services still require improvement\nBy Jo Pike, Social Affairs Reporter | 3 May 2023\n\n"
            "Ofsted has judged Eastmarsh Borough Council's children's services to require improvement to be good.\n\n"
            "Overall effectiveness - Requires improvement to be good\n"
            "The experiences and progress of children who need help and protection - Good\n\n"
            "The report closes with a list of recommendations. Here they are.\n\n"
            "1. Strategy discussions must happen promptly.\nInspectors found delays of up to a week.\n\n"
            "2. Pathway plans must be specific to each young person.\nMany plans were generic.\n\n"
            "The committee noted the areas for improvement identified by Ofsted:\n"
            "(a) the timeliness of child protection conferences;\n(b) the recruitment of social workers.\n")
    rec = understand(text, "e.txt")
    assert rec.author.value == "Jo Pike, Social Affairs Reporter" and rec.author.sentence in text
    assert [f.text for f in rec.findings if f.kind == "improve"] == [
        "Strategy discussions must happen promptly.", "Pathway plans must be specific to each young person.",
        "the timeliness of child protection conferences;", "the recruitment of social workers."]


def test_a_council_named_in_full_only_in_another_article_is_still_found():
    from langchain_core.documents import Document

    from index.records import read_records

    docs = [Document(page_content="Gorsey children's services rated inadequate\n\nChildren in Gorsey waited too long, "
                                  "inspectors said. Gorsey was rated requires improvement in 2017.",
                     metadata={"source": "a.txt"}),
            Document(page_content="Regional table\n\nGorsey Metropolitan Borough Council | 2021 | Inadequate\n"
                                  "Pinefold Borough Council was rated good.", metadata={"source": "b.txt"})]
    assert read_records(docs)[0].council.value == "Gorsey"


def test_question_shapes_the_records_answer():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {
        "o1.txt": "Oakhollow rated good\n\nOfsted rated Oakhollow Borough Council good in March 2019. "
                  "Help and protection was judged good. Children in care were judged outstanding. "
                  "Care leavers were judged outstanding. Leadership was judged outstanding.\n"
                  "Amy Rowe, Oakhollow's director of children's services, said she was proud.\n"
                  "Cllr Ben Tull, leader of Oakhollow Borough Council, said it was a team effort.\n"
                  "Sara Fenn, Ofsted's regional director, said leaders knew their service well.",
        "o2.txt": "Oakhollow falls to inadequate\n\nOfsted rated Oakhollow Borough Council inadequate in June 2024."}
    answerer = RecordAnswerer([understand(t, n, known=("Oakhollow",)) for n, t in articles.items()])

    def ask(question, last=None):
        asked = read_question(parse(question), ["Oakhollow"])
        if last:
            asked = asked.following(read_question(parse(last), ["Oakhollow"]))
        return [c.text for c in answerer.answer(asked, ["Oakhollow"]) or []]

    assert ask("how many times has Oakhollow been inspected")[0] == "Twice in these articles:"
    assert ask("was every area outstanding?", last="how did Oakhollow do in 2019")[0] == \
        "No — Oakhollow: help and protection good."
    assert ask("who runs children's services at Oakhollow")[0].startswith("Amy Rowe")  # not Ofsted's director
    assert ask("who is leading the council at Oakhollow")[0].startswith("Cllr Ben Tull")
    assert ask("who wrote it", last="how did Oakhollow do in 2019") == []  # no byline
    assert ask("oakhollow 2019 rating") == ["Oakhollow: good overall."]  # a question of nouns alone
    assert ask("was oakhollow's children in care service outstanding in 2019")[0].startswith("Yes")
    # a grade named by its rank in a yes/no question; "out of" a grade asks whether it was left
    assert ask("is oakhollow top rated now")[0].startswith("No — Oakhollow: inadequate")
    assert ask("did oakhollow get out of the bottom grade in 2024")[0].startswith("No")
    assert ask("was oakhollow downgraded from outstanding in 2024")[0].startswith("Yes")
    # an area the latest report does not grade: the latest that does, dated
    assert ask("oakhollow's grade for care leavers") == ["Oakhollow: care leavers outstanding (March 2019)."]
    assert answerer.unknown_time(read_question(parse("what was oakhollow rated before 2019"), ["Oakhollow"]),
                                 {"Oakhollow": {"2019", "2024"}}) == "The articles have no inspection of Oakhollow before 2019."
    # an undated article's inspection is of a year after the ones the others date
    undated = "Oakhollow outstanding\n\nInspectors spent three weeks in September and rated Oakhollow outstanding."
    answerer.__init__(answerer.records + [understand(undated, "o3.txt", known=("Oakhollow",))])
    assert ask("oakhollow 2025 rating") == ["Oakhollow: outstanding overall."]
    assert ask("which councils were rated good or better")[0] == "Oakhollow."
    # a question after its topic and a dash; what an area "got"; nothing before the first inspection
    assert ask("oakhollow 2019 - was the care leavers bit rated good too?")[0].startswith("No")
    assert ask("what did oakhollow's care leavers service get in 2019") == ["Oakhollow: care leavers outstanding."]



def test_is_a_person_still_in_their_post():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {"o1.txt": "Oakhollow rated good\n\nOfsted rated Oakhollow Borough Council good in March 2019.\n"
                          "Amy Rowe, Oakhollow's director of children's services, said she was proud.\n"
                          "Cllr Ben Tull, leader of Oakhollow Borough Council, said it was a team effort.",
                "o2.txt": "Oakhollow falls to inadequate\n\nOfsted rated Oakhollow Borough Council inadequate in June 2024.\n"
                          "Cllr Ben Tull, leader of Oakhollow Borough Council, said he was sorry.\n"
                          "Joe Park, Oakhollow's interim director of children's services, said work had begun."}
    answerer = RecordAnswerer([understand(t, n, known=("Oakhollow",)) for n, t in articles.items()])

    def ask(question):
        return [c.text for c in answerer.answer(read_question(parse(question), ["Oakhollow"]), ["Oakhollow"]) or []]

    assert ask("is amy rowe still the director at oakhollow") == [
        "No — Joe Park is Oakhollow's interim director of children's services (June 2024)."]
    assert ask("is Ben Tull still leading Oakhollow")[0].startswith("Yes — Cllr Ben Tull")
    # "is <person> the <role>?": the person named against the role's holder
    assert ask("is joe park oakhollow's interim dcs")[0].startswith("Yes — Joe Park")
    assert ask("is amy rowe the leader of oakhollow council") == [
        "No — Amy Rowe, Oakhollow's director of children's services.",
        "Cllr Ben Tull, leader of Oakhollow Borough Council."]


def test_who_took_over_from_whom_and_who_stayed_or_went():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {"o1.txt": "Oakhollow rated inadequate\n\nOfsted rated Oakhollow Borough Council inadequate in March 2019.\n"
                          "The council's director of children's services, Amy Rowe, stepped down days before the report.\n"
                          "Cllr Ben Tull, who took over as cabinet member for children in 2018, said he was sorry.",
                "o2.txt": "Oakhollow improves\n\nOfsted rated Oakhollow Borough Council good in June 2024.\n"
                          "Sam Dale, Oakhollow's director of children's services, said the grade belonged to staff.\n"
                          "Mr Dale will be succeeded by Joe Park, currently a deputy director in Leeds, in September."}
    recs = [understand(t, n, known=("Oakhollow",)) for n, t in articles.items()]
    people = {p.name: p for r in recs for p in r.people}
    assert people["Amy Rowe"].left  # the name in apposition to the subject, "stepped down" however parsed
    assert people["Cllr Ben Tull"].role == "cabinet member for children"  # "who took over as …"
    assert people["Joe Park"].follows == "Dale"
    answerer = RecordAnswerer(recs)

    def ask(question):
        return [c.text for c in answerer.answer(read_question(parse(question), ["Oakhollow"]), ["Oakhollow"]) or []]

    assert ask("who's replacing sam dale at oakhollow")[0].startswith("Joe Park")
    assert ask("who did Joe Park replace at Oakhollow") == ["Sam Dale, Oakhollow's director of children's services."]
    assert ask("did the oakhollow director stay on after the 2019 report")[0].startswith("No — The council's director")
    assert ask("has amy rowe quit oakhollow")[0].startswith("Yes — ")
    # "he" is the person the sentence before named; "covering for" asks who stands in
    interim = understand("Oakhollow director to leave\n\nOfsted rated Oakhollow Borough Council inadequate in May 2023.\n"
                         "Tom Vane, director of children's services since 2016, will leave in June.\n"
                         "He will be replaced on an interim basis by Rhona Kell, who led services in Leeds.", "o3.txt",
                         known=("Oakhollow",))
    kell = next(p for p in interim.people if p.name == "Rhona Kell")
    assert kell.follows == "Tom Vane" and kell.role == "director of children's services"
    answerer = RecordAnswerer(recs + [interim])
    assert ask("who is covering for vane at oakhollow")[0].startswith("Rhona Kell")


def test_chat_typed_words_and_shares():
    from index.nlp import is_word, parse
    from qa.answer_types import expected_type
    from qa.evidence import spelled_out

    assert [t.pos_ for t in parse("oakhollow kids services")][1] == "NOUN"  # a word, typed in lower case
    assert is_word("kids") and not is_word("dfe")
    assert spelled_out("LAs", ["every local authority"])  # a plural initialism
    assert expected_type("what was the vacancy rate at oakhollow").kind == "percent"  # a rate is no grade
    assert expected_type("how was oakhollow rated").kind == "grade"
    names = frozenset({"oakhollow", "elmbury"})
    assert expected_type("oakhollow or elmbury - who had lighter caseloads", names).kind == "council"


def test_chat_typed_questions_read_for_the_records():
    from index.nlp import parse
    from qa.answer_types import expected_type
    from qa.records import read_question

    councils = ["Oakhollow", "Elmbury"]
    fragment = read_question(parse("oakhollow care leavers grade 2019?"), councils)  # "leavers" tagged a verb
    assert fragment.asks_grade and fragment.area == "care leavers" and fragment.councils == ["Oakhollow"]
    assert read_question(parse("was oakhollows adoption work top grade in 2017"), councils).councils == ["Oakhollow"]
    assert read_question(parse("were elmburys senior managers judged good in 2018"), councils).area == "leadership"
    assert read_question(parse("did elmbury get outstanding across the board in 2022"), councils).every_area
    complaint = "what was the union rep in elmbury complaining about in 2015"  # "what" is the object of "about"
    assert not read_question(parse(complaint), councils).asks_person and expected_type(complaint) is None
    assert not read_question(parse("list what ofsted wanted elmbury to sort for young people leaving care"),
                             councils).many_people
    assert not read_question(parse("what does she want to happen now"), councils).happened
    assert read_question(parse("what happened in elmbury's 2019 inspection"), councils).happened
    kids = read_question(parse("was elmbury's work with kids in care given top marks in 2023"), councils)
    assert kids.area == "children in care" and kids.grade == "outstanding" and not kids.grade_picks
    # what a question that opens with its noun asks for, whatever clause follows; what a "what" of paying asks
    assert expected_type("name of the lead inspector when elmbury climbed out of failing").kind == "person"
    assert expected_type("number of looked after kids in elmbury at the time of the top rating").kind == "count"
    assert expected_type("what's elmbury paying its new children's services head").kind == "money"
    assert expected_type("what did they pay for") is None
    ranked = read_question(parse("number of looked after kids in elmbury at the time of the top rating"), councils)
    assert ranked.grade == "outstanding" and ranked.grade_picks
    assert read_question(parse("which council had the worst single ofsted result of the lot"), councils).ranks_grades


def test_people_across_councils_and_the_askers_own_grade_words():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {
        "o.txt": "Oakhollow rated inadequate\n\nOfsted gave Oakhollow Borough Council the lowest grade in June 2024. "
                 "Help and protection was judged inadequate. Leadership was judged inadequate. "
                 "Care leavers were judged good.\n"
                 "Amy Rowe, Oakhollow's director of children's services, said she was sorry.\n"
                 "Sara Fenn, Ofsted's regional director, said leaders had lost grip.",
        "p.txt": "Pinebridge rated good\n\nPinebridge Council was rated good by Ofsted in May 2023. "
                 "At its previous full inspection, in 2019, Pinebridge was judged inadequate overall.\n"
                 "The grades in full:\n- Help and protection: good\n- Children in care: good\n"
                 "Tom Hale, Ofsted's regional director, praised its social workers.",
    }
    known = ("Oakhollow", "Pinebridge")
    recs = [understand(t, n, known=known) for n, t in articles.items()]
    answerer = RecordAnswerer(recs)
    pine = recs[1]
    assert recs[0].overall.value == "inadequate"  # "the lowest grade": Ofsted has one
    assert pine.overall.value == "good" and [(e.grade, e.year) for e in pine.earlier] == [("inadequate", "2019")]
    assert ("children in care", "good") in [(a.area, a.grade) for a in pine.areas]  # a short bullet is one sentence

    def ask(question):
        return [c.text for c in answerer.answer(read_question(parse(question), list(known)), ()) or []]

    # a role asked of several councils: each one's holder; the body it belongs to, however cased
    assert ask("Which Ofsted regional directors commented on Oakhollow and Pinebridge?") == [
        "The articles name 2:", "Oakhollow: Sara Fenn, Ofsted's regional director.",
        "Pinebridge: Tom Hale, Ofsted's regional director."]
    assert ask("who was the ofsted regional director for oakhollow")[0].startswith("Sara Fenn")
    # the asker's word for a grade ("failed"), in the question only; "bits" are areas
    assert ask("which bits of oakhollow's service failed")[0] == \
        "Oakhollow (June 2024): help and protection and leadership."


def test_posts_given_people_of_an_article_and_grades_an_article_does_not_give():
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    articles = {
        "o.txt": "Oakhollow rated inadequate\n\nPublished 9 July 2024\n\nOfsted rated Oakhollow Borough Council "
                 "inadequate after an inspection in May 2024.\nThe grades in full:\n- Help and protection: inadequate\n"
                 "- Children in care: requires improvement\n- Care leavers: inadequate\n- Leadership: inadequate\n"
                 "The Department for Education has appointed Ruth Bell, a former director of children's services, "
                 "as commissioner.\nThe council welcomed the appointment of Sam Oyelaran as interim director of "
                 "children's services and his plan to clear the backlog.\n"
                 "Ken Fry, who became leader of the council in 2022, said he was sorry.",
        "p.txt": "Pinebridge rated good\n\nPinebridge Council was rated good by Ofsted in May 2023.\n"
                 "Tom Hale, Ofsted's regional director, praised its social workers.",
    }
    known = ("Oakhollow", "Pinebridge")
    recs = [understand(t, n, known=known) for n, t in articles.items()]
    oak = recs[0]
    assert oak.published.value == "2024-07-09"  # "9" + "July 2024": the day the small model calls a number
    people = {p.name: p.role for p in oak.people}
    # the post given ("appointed X, a former director, as commissioner"), a relative clause's post
    assert people["Ruth Bell"] == "commissioner"
    assert people["Sam Oyelaran"] == "interim director of children's services"
    assert people["Ken Fry"] == "leader of the council"
    answerer = RecordAnswerer(recs)

    def ask(question):
        return [c.text for c in answerer.answer(read_question(parse(question), list(known)), ()) or []]

    # everyone an article names; a plural role across all councils
    assert ask("list everyone quoted in the oakhollow story") == [
        "The articles name 3:", "Ruth Bell, commissioner.", "Sam Oyelaran, interim director of children's services.",
        "Ken Fry, leader of the council."]
    assert ask("who are the ofsted regional directors named") == [
        "The articles name 1:", "Pinebridge: Tom Hale, Ofsted's regional director."]
    # a grid of grades that lacks the area asked: the articles do not give it
    asked = read_question(parse("what grade did oakhollow's adoption service get in 2024"), list(known))
    assert answerer.unknown_time(asked, {"Oakhollow": {"2024"}}) == (
        "The articles give Oakhollow's 2024 grades for care leavers, children in care, help and protection "
        "and leadership, not for adoption.")
    # "ended up with" is no change of grade
    assert read_question(parse("which councils ended up with a commissioner"), list(known)).change is None


def test_a_lead_in_grades_the_bulleted_areas_and_a_grade_word_that_describes_no_service():
    # "rated the following areas as good:" grades the bulleted areas after it; a headline's two
    # grades go with the areas in their own stretch between dashes; "in good time" grades nothing;
    # "looked-after" and "&" are an area's name as printed
    text = ("Ofsted rates our children's services good - with adoption judged outstanding\n\n"
            "We are delighted that Ofsted has judged children's services at Yelverton County Council to be good. "
            "Our adoption service is outstanding.\n\n"
            "Inspectors rated the following areas as good:\n\n"
            "- overall effectiveness\n- children who need help & protection\n- leadership, management and governance\n\n"
            "Care for looked-after children was judged to require improvement.\n\n"
            "Ofsted has asked the authority to:\n\n"
            "- ensure that care leavers receive their health histories in good time\n"
            "- improve the consistency of written plans\n\n"
            "The report said some care leavers did not have an up-to-date pathway plan.\n")
    rec = understand(text, "y.txt")
    assert rec.overall.value == "good"
    assert {a.area: a.grade for a in rec.areas} == {
        "adoption": "outstanding", "help and protection": "good", "leadership": "good",
        "children in care": "requires improvement"}
    improve = [f.text for f in rec.findings if f.kind == "improve"]
    assert any("health histories" in f for f in improve) and any("pathway plan" in f for f in improve)


def test_who_a_pronoun_replaced_and_a_role_said_of_its_holder():
    text = ("Yelverton names new children's services chief\n\n"
            "Yelverton Council has appointed a new director of children's services.\n\n"
            "Priya Vance, currently assistant director for safeguarding at a shire county, will take up the post "
            "in February.\n\n"
            "She replaces Colin Ashby, who left the council in August.\n\n"
            "Fiona Blake has been director of education throughout.\n")
    people = {p.name: p for p in understand(text, "y.txt").people}
    assert people["Priya Vance"].follows == "Colin Ashby"
    assert people["Fiona Blake"].role == "director of education"


def test_grades_said_by_pronoun_same_grade_and_so_and_dates_of_the_visit():
    # "It was judged good" grades the area the last sentence was about; "gave the same grade to"
    # and "So were …" repeat a grade; "previously judged" marks only its own clause as earlier;
    # "five years since … judged" looks back; a visit's dates are not the publication's
    text = ("Quenby children's services rated requires improvement\n\n"
            "Ofsted has published its report on Quenby Borough Council, whose inspection took place on "
            "3 and 14 March 2024. Inspectors judged the council's services as requiring improvement to be good.\n\n"
            "Fostering was the strongest part of the service. It was judged good.\n\n"
            "Inspectors rated the experiences of children who need help and protection as requiring improvement, "
            "and gave the same grade to the experiences of care leavers.\n\n"
            "Adoption, previously judged inadequate, was rated outstanding. So was the impact of leaders.\n\n"
            "\"It is six years since inspectors judged these services good and described our work with "
            "children in care as outstanding,\" said the council leader.\n")
    rec = understand(text, "q.txt")
    assert rec.when.startswith("2024-03") and rec.published is None
    assert {a.area: a.grade for a in rec.areas} == {
        "fostering": "good", "help and protection": "requires improvement", "care leavers": "requires improvement",
        "adoption": "outstanding", "leadership": "outstanding"}
    assert {e.grade for e in rec.earlier} >= {"inadequate", "outstanding"}


def test_questions_of_an_inspection_lead_a_later_one_and_any_area():
    from index.nlp import parse
    from qa.answer_types import expected_type
    from qa.records import read_question

    councils = ["Oakhollow", "Elmbury"]
    # who led an inspection is its lead inspector; "the one in 2015" is the noun said before, not another
    assert read_question(parse("Who led Ofsted's 2015 inspection of children's services in Elmbury?"),
                         councils).role == ("lead", "inspector")
    compared = read_question(parse("How did Elmbury's 2017 inspection result compare with the one in 2015?"), councils)
    assert compared.ranks_grades and compared.compares and not compared.counts
    assert read_question(parse("Was any part of Elmbury's service judged good in 2019?"), councils).any_area
    # a contact clause after the noun asked about ("the heaviest caseload inspectors found")
    heaviest = expected_type("What was the heaviest caseload inspectors found among Elmbury's social workers?")
    assert heaviest.kind == "count" and "caseload" in heaviest.counted
    assert not read_question(parse("What was the heaviest caseload inspectors found among Elmbury's social workers?"),
                             councils).asks_person
    # "one of" counts nothing
    from qa.answer_types import AnswerType, mentions
    carers = AnswerType("count", ("foster", "carers"))
    assert mentions("It was led by Philippa Grant, one of Ofsted's most experienced inspectors.", carers) == []
    assert mentions("The county has 420 foster carers.", carers) == ["420"]


def test_a_publication_day_without_its_year_and_a_visit_that_gives_no_grade():
    text = ("Quenby's children's services still require improvement\n\n"
            "Inspectors visited Quenby Borough Council for three weeks in November 2023. Their report, published on "
            "12 January, rates its children's services as requiring improvement to be good.\n")
    rec = understand(text, "q.txt")
    assert rec.inspected.value == "2023-11" and rec.published.value == "2024-01-12"
    visit = understand("Quenby focused visit letter\n\nOfsted has published a letter on its focused visit to Quenby "
                       "Borough Council, which took place on 5 and 6 March 2025. Inspectors looked at care leavers.\n",
                       "v.txt")
    assert visit.when.startswith("2025-03") and visit.overall is None and visit.published is None


def test_an_earlier_grade_is_its_areas_and_a_year_is_its_own_stretchs():
    text = ("Kestrel children's services rated good\n\n"
            "Kestrel Borough Council's children's services have been rated good by Ofsted after an inspection in May 2022.\n"
            "It was rated inadequate in 2016 and requires improvement in 2019.\n"
            "The experiences and progress of children in care were judged good, up from requires improvement in 2019.\n"
            "Kestrel Borough Council had lost its outstanding rating in 2016, with inspectors warning about care leavers.\n")
    rec = understand(text, "k.txt")
    assert sorted((e.area, e.grade, e.year) for e in rec.earlier) == [
        ("", "inadequate", "2016"), ("", "outstanding", "2016"), ("", "requires improvement", "2019"),
        ("children in care", "requires improvement", "2019")]
    assert {a.area: a.grade for a in rec.areas}.get("children in care") == "good"


def test_a_measure_asked_over_one_councils_inspections():
    from index.nlp import parse
    from qa.across import measured, names_measure, only_moves_in_time, trend
    from qa.answer_types import AnswerType, expected_type, mentions

    # the way a figure moved, as a verb or its particle says it (not "improve": fewer cases is better)
    assert trend(parse("did Elmbury's use of agency staff go up between the two inspections")) == "up"
    assert trend(parse("has Elmbury cut its use of agency social workers")) == "down"
    assert trend(parse("did Elmbury's caseloads improve")) is None
    # a follow-up that only moves the last question in time
    names = frozenset({"elmbury"})
    assert only_moves_in_time(parse("and by the time of the re-inspection?"), names)
    assert only_moves_in_time(parse("what had that come down to by the latest inspection"), names)
    assert not only_moves_in_time(parse("who was the director then?"), names)
    # agency staffing is a share of the workforce, however the question words it
    for question in ("did Elmbury's use of agency staff go up", "how did its agency staffing compare to last time?"):
        doc = parse(question)
        assert names_measure(doc) and measured(doc, expected_type(doc, names), ["Elmbury"]) == \
            AnswerType("percent", ("agency",))
    # a measure typed however tagged ("overspend" read as a verb)
    doc = parse("Which council had the biggest children's services overspend?")
    assert measured(doc, expected_type(doc, names)).kind == "money"
    agency = AnswerType("percent", ("agency",))
    assert mentions("Only 11 per cent of the council's social workers were agency staff.", agency)
    assert mentions("Only 11% of social workers are now employed through agencies.", agency)
    assert not mentions("Only 11% of social workers had caseloads above 20.", agency)


def test_a_publication_day_with_its_weekday_but_no_year():
    text = ("Kestrel downgraded\n\nKestrel Borough Council had been rated good in 2017. In a report published on "
            "Tuesday 21 December, Ofsted downgraded Kestrel's children's services to requires improvement to be good. "
            "Inspectors visited between 1 and 12 November.\n")
    rec = understand(text, "k.txt")
    assert rec.published.value == "2021-12-21" and rec.when.startswith("2021-11")


def test_a_list_item_and_a_move_from_one_grade_to_another():
    text = ("Kestrel cabinet report\n\n4.1 Inspectors judged the overall effectiveness of children's services in Kestrel "
            "to be good. The individual judgements were as follows:\n(a) children who need help and protection: good;\n"
            "(b) adoption performance: outstanding;\n")
    assert {a.area: a.grade for a in understand(text, "k.txt").areas} == {"help and protection": "good",
                                                                          "adoption": "outstanding"}
    column = ("A carer's view\n\nSo when Ofsted's report on Kestrel Borough Council came out in March 2024, knocking us "
              "down from outstanding to good, I read it with a sinking feeling.\n")
    rec = understand(column, "c.txt")
    assert rec.overall.value == "good" and [e.grade for e in rec.earlier] == ["outstanding"]


def test_the_council_that_moved_most_between_its_inspections():
    articles = {
        "o1.txt": "Oakhollow rated good\n\nOakhollow Council was rated good by Ofsted after an inspection in May 2018.",
        "o2.txt": "Oakhollow rated requires improvement\n\nOakhollow Council was judged to require improvement to be "
                  "good by Ofsted after an inspection in March 2023.",
        "p1.txt": "Pinebridge rated inadequate\n\nPinebridge Council was rated inadequate by Ofsted after an inspection "
                  "in June 2017.",
        "p2.txt": "Pinebridge rated good\n\nPinebridge Council was rated good by Ofsted after an inspection in June 2022.",
    }
    ask = _asker(articles, ("Oakhollow", "Pinebridge"))
    assert ask("Which council improved the most between its two inspections?") == [
        "Pinebridge: rose 2 grades.", "Pinebridge: inadequate (June 2017) to good (June 2022)."]
    assert ask("which one fell furthest?")[0] == "Oakhollow: fell 1 grade."


def test_an_undated_article_is_dated_by_the_years_it_counts_back():
    from qa.records import RecordAnswerer

    articles = {
        "a.txt": "Oakhollow failed\n\nOakhollow Council was rated inadequate by Ofsted.",
        "b.txt": "Oakhollow better\n\nOakhollow Council's children's services are no longer rated inadequate, four years "
                 "after inspectors found children waiting for help. They now require improvement to be good. "
                 "In 2016, the council was rated inadequate.",
    }
    recs = [understand(text, name, known=("Oakhollow",)) for name, text in articles.items()]
    assert recs[0].when == recs[1].when == "" and recs[1].gap.value == "4"
    answerer = RecordAnswerer(recs)  # (b: 2016's grade four years on; a: the inadequate one b recalls)
    assert [r.when[:4] for r in answerer.by_council["Oakhollow"]] == ["2016", "2020"]


def test_councils_whose_articles_name_someone_in_a_role():
    articles = {
        "o.txt": "Oakhollow failed\n\nOakhollow Council was rated inadequate by Ofsted. The Department for Education "
                 "appointed Jane Marsh as commissioner for Oakhollow.",
        "p.txt": "Pinebridge good\n\nPinebridge Council was rated good by Ofsted. Tom Reed, branch secretary of Unison in "
                 "Pinebridge, said staff deserved the credit.",
    }
    ask = _asker(articles, ("Oakhollow", "Pinebridge"))
    assert ask("Which councils had a government commissioner sent in?")[0] == "Oakhollow."
    assert ask("at which councils did a union rep comment on the inspection")[0] == "Pinebridge."


def _asker(articles: dict[str, str], known: tuple[str, ...]):
    """A question asked of the records of `articles` (name -> text): the claims' texts."""
    from index.nlp import parse
    from qa.records import RecordAnswerer, read_question

    answerer = RecordAnswerer([understand(text, name, known=known) for name, text in articles.items()])
    return lambda q: [c.text for c in answerer.answer(read_question(parse(q), list(known))) or []]


def test_a_comparison_piece_a_backshifted_report_and_the_latest_inspection_said_years_later():
    # two councils named about as often: the article is the one whose latest inspection it tells
    # of; "learned that it had been rated" is the news, not an earlier grade; a pronoun after a
    # sentence about the neighbour is the neighbour's
    text = ("What Farrowdale can learn from outstanding Kettlewick\n\n"
            "Farrowdale town hall is ten minutes from Kettlewick's civic centre.\n"
            "Kettlewick learned in March that it had been rated outstanding, following an inspection "
            "between 5 and 16 February 2024. It completes a climb for a council rated requires improvement "
            "in 2017 and good in 2021.\n"
            "Farrowdale, by contrast, is still climbing. It was judged inadequate in 2019 and was rated requires "
            "improvement at its re-inspection in 2022.\nFarrowdale's director has cut caseloads.")
    rec = understand(text, "k.txt", known=("Farrowdale", "Kettlewick"))
    assert rec.council.value == "Kettlewick" and rec.overall.value == "outstanding"
    assert rec.inspected.value.startswith("2024")
    assert sorted((e.grade, e.year) for e in rec.earlier) == [("good", "2021"), ("requires improvement", "2017")]
    # a story published in 2024 about the inspection it calls the most recent, in 2022
    text = ("Dunmarsh director to step down\n\nThe council announced on Monday 3 June 2024 that she will leave. "
            "She took over a service rated inadequate by Ofsted in 2017. At its most recent full inspection, in "
            "2022, Dunmarsh's children's services were judged requires improvement to be good.")
    rec = understand(text, "d.txt", known=("Dunmarsh",))
    assert rec.overall.value == "requires improvement" and rec.inspected.value == "2022"
    assert [(e.grade, e.year) for e in rec.earlier] == [("inadequate", "2017")]


def test_grades_over_time_findings_a_lead_in_counts_and_the_inspection_a_move_picks():
    articles = {
        "m-2018.txt": ("Mossgate children's services not yet good enough\n\n"
                       "Published 3 May 2018. Inspectors have rated Mossgate Borough Council's children's services "
                       "as requires improvement, a drop from the good rating it got in 2014.\n"
                       "The report raises two main concerns. Strategy discussions were sometimes held late. "
                       "Managers' oversight of cases was inconsistent.\n"),
        "m-2023.txt": ("Mossgate rated good\n\nPublished 9 June 2023. Ofsted has rated Mossgate Borough Council's "
                       "children's services good.\nOfsted asked the council to improve two things:\n\n"
                       "The quality of return home interviews\nThe consistency of supervision\n\n"
                       "The council leader welcomed the report.\n"),
    }
    ask = _asker(articles, ("Mossgate",))
    # every grade with its year, the one an article recalls too, one a line (each cited on its own)
    assert ask("what grades has mossgate had and when") == \
        ["Mossgate's grades, earliest first:", "good (2014)", "requires improvement (May 2018)", "good (June 2023)"]
    # from a year on
    assert ask("how has mossgate's grade moved since 2018?")[1:] == ["requires improvement (May 2018)", "good (June 2023)"]
    # the sentences a lead-in counts; the items of a list whose bullets were lost
    assert ask("what were inspectors worried about at mossgate when it got downgraded")[1:] == \
        ["Strategy discussions were sometimes held late.", "Managers' oversight of cases was inconsistent."]
    assert ask("what was mossgate told to work on in 2023")[1:] == \
        ["The quality of return home interviews.", "The consistency of supervision."]
    # a statement with a question tag asks yes or no
    assert ask("mossgate was rated inadequate in 2018, right?")[0].startswith("No")


def test_a_round_up_gives_each_council_its_own_part():
    # each paragraph is the council's it names first, a visit that gave no grade too
    from index.records import understand_all

    text = ("Ofsted round-up: good news for Oakhollow, Brindlecote and Mossgate\n\n"
            "Three councils heard from Ofsted this month. Published on Thursday 27 March 2025.\n\n"
            "Oakhollow: good at last\n\n"
            "Oakhollow Council has been rated good. The inspection ran from 13 to 24 January 2025. "
            "Director of children's services Claire Pike said staff had earned it.\n\n"
            "Brindlecote: out of the bottom grade\n\n"
            "Brindlecote City Council is no longer rated inadequate. Inspectors spent 3 to 14 February in the "
            "city and judged its children's services to require improvement to be good. Inspectors said caseloads "
            "had fallen.\n\n"
            "Mossgate: a focused visit\n\n"
            "Mossgate did not receive a new grade; its visit, on 4 and 5 March, was a focused visit. "
            "The council's last graded result remains requires improvement, from November 2023.\n")
    recs = understand_all(text, "r.txt", known=("Oakhollow", "Brindlecote", "Mossgate"))
    got = {r.council.value: (r.overall and r.overall.value, r.when[:7]) for r in recs}
    assert got == {"Oakhollow": ("good", "2025-01"), "Brindlecote": ("requires improvement", "2025-03"),
                   "Mossgate": (None, "2025-03")}
    assert [p.name for r in recs if r.council.value == "Oakhollow" for p in r.people] == ["Claire Pike"]
    assert sorted(r.key for r in recs) == sorted(["r.txt"] + [f"r.txt#{r.council.value}" for r in recs[1:]])


def test_a_homes_grade_post_nominal_titles_the_latest_visit_and_a_grade_received_before():
    # a named children's home's grade is not the council's; "HMI" after a name is its role; the
    # latest visit's month without a year follows the earlier visits' dates
    text = ("Oakhollow makes steady progress, inspectors say\n\n"
            "Oakhollow Council's children's services were judged inadequate in November 2018, when the report "
            "found serious weaknesses.\n\n"
            "The three earlier visits, in April, July and October 2019, looked at the front door. The latest visit "
            "took place on 14 and 15 January and was carried out by Helen Marsh HMI.\n\n"
            "Harbourside House was judged inadequate by Ofsted after an unannounced inspection of the home.\n")
    rec = understand(text, "o.txt")
    assert rec.inspected.value == "2020-01-14" and rec.overall is None
    assert [(p.name, p.role) for p in rec.people] == [("Helen Marsh", "inspector")]
    text = ("Oakhollow rated good\n\nOakhollow Council's children's services have been rated good. The overall "
            "judgement of good is an improvement on the requires improvement rating the council received after its "
            "previous inspection in November 2018.\n")
    assert [(e.grade, e.year) for e in understand(text, "o.txt").earlier] == [("requires improvement", "2018")]


def test_a_retrospective_in_sections_headed_by_their_years():
    # the grades under an earlier year's heading are that year's; the latest section is the record's
    text = ("Five years on: how Oakhollow turned around\n\nIn April 2019 Oakhollow City Council was told its services "
            "were inadequate. Last summer the same inspectors called them good.\n\n2019: the low point\n\n"
            "Inspectors arrived between 11 and 22 February 2019. Their report rated Oakhollow inadequate overall.\n\n"
            "2023: good\n\nThe third inspection took place between 12 and 23 June 2023. Oakhollow was judged good "
            "overall.\n")
    rec = understand(text, "o.txt")
    assert (rec.overall.value, rec.when[:4]) == ("good", "2023")
    assert ("inadequate", "2019") in {(e.grade, e.year) for e in rec.earlier}


def test_grades_in_ofsteds_own_words_a_rank_for_a_name_and_years_counted_back():
    # the letter's wording of the overall judgement, quoted; "the second-best rating" is good; a
    # grade "four years earlier" than a year is that many years before it; the next inspection
    # "expected in 2027" dates nothing
    text = ("Inspector's letter sets out Oakhollow slide\n\n"
            "Rachel Penn, who led the inspection between 4 and 15 March 2024, wrote to director Simon Dace: "
            "\"Overall, the experiences and progress of children in Oakhollow require improvement to be good.\"\n"
            "Oakhollow fell to that grade in 2024 after being judged good five years earlier.\n"
            "Oakhollow's next full inspection is expected in 2027.\nMr Dace said a plan would follow.")
    rec = understand(text, "o.txt", known=("Oakhollow",))
    assert rec.overall.value == "requires improvement" and rec.inspected.value.startswith("2024-03")
    assert ("good", "2019") in {(e.grade, e.year) for e in rec.earlier}
    # who led an inspection is its lead inspector; "Mr Dace" is the director named before
    assert {(p.name, p.role) for p in rec.people} == {("Rachel Penn", "lead inspector"), ("Simon Dace", "director")}
    text = ("Our Ofsted result\n\nI am pleased that inspectors have given Pinebridge the second-best rating on "
            "their scale. A team of five inspectors, led by Asha Grant, spent two weeks with us.\n"
            "When Ofsted last carried out a full inspection, four years ago, it judged our services to require "
            "improvement.")
    rec = understand(text, "p.txt", known=("Pinebridge",))
    assert rec.overall.value == "good" and [e.grade for e in rec.earlier] == ["requires improvement"]
    assert [(p.name, p.role) for p in rec.people] == [("Asha Grant", "lead inspector")]
    # a year in the words running on from a grade is its own; Ofsted's full wording of a grade is one
    text = ("Opinion: Mossgate still waiting\n\nMossgate's services were rated requires improvement to be good "
            "by Ofsted in 2021, having been judged inadequate in 2016. In 2024 it was, once again, requires "
            "improvement to be good.")
    rec = understand(text, "m.txt", known=("Mossgate",))
    grades = {(e.grade, e.year) for e in rec.earlier} | {(rec.overall.value if rec.overall else "", rec.when[:4])}
    assert {("requires improvement", "2021"), ("inadequate", "2016"), ("requires improvement", "2024")} <= grades


def test_question_shapes_of_this_sessions_batches():
    articles = {
        "o-2019.txt": "Oakhollow rated good\n\nPublished 3 May 2019. Ofsted rated Oakhollow Borough Council's children's services good.",
        "o-2023.txt": ("Oakhollow slips\n\nPublished 2 June 2023. Ofsted rated Oakhollow Borough Council's children's "
                       "services inadequate. Care leavers were judged outstanding."),
        "o-2025.txt": ("Oakhollow back to good\n\nPublished 6 June 2025. Ofsted rated Oakhollow Borough Council's "
                       "children's services good. The inspection was led by Ruth Kemp, who led the inspection team."),
    }
    ask = _asker(articles, ("Oakhollow",))
    # "before YEAR": the grades of that time only
    assert ask("had oakhollow ever been rated inadequate before 2023?")[0].startswith("No")
    assert ask("had oakhollow ever been rated inadequate before 2025?")[0].startswith("Yes")
    # "since YEAR": the run of grades from it
    assert ask("how has oakhollow's grade moved since 2023?")[1:] == ["inadequate (June 2023)", "good (June 2025)"]
    # a hyphenated grade word, and what a council got with nothing else named
    assert ask("were oakhollow's care leavers top-rated in 2023?")[0].startswith("Yes")
    assert ask("what did ofsted give oakhollow's kids services in 2025?") == ["Oakhollow: good overall."]
    # an article grading only one area (a fostering agency's own inspection) answers of that area
    ask = _asker({**articles, "o-fostering.txt": (
        "Oakhollow fostering agency rated outstanding\n\nPublished 4 March 2024. Ofsted has judged Oakhollow "
        "Borough Council's fostering service outstanding in every area.")}, ("Oakhollow",))
    assert ask("did oakhollow's fostering service get top marks across the board?")[0].startswith("Yes")
    assert ask("what grade did oakhollow's fostering service get?")[0].startswith("Oakhollow: fostering outstanding")
    # whether a grade no longer holds
    assert ask("is oakhollow no longer rated inadequate?")[0].startswith("Yes")
    assert ask("isn't oakhollow rated good any more?")[0].startswith("No")
    # a role word naming a thing is no role asked ("the inspector letter story")
    from index.nlp import parse
    from qa.records import read_question
    assert read_question(parse("name everyone in the oakhollow inspector letter story"), ["Oakhollow"]).role == ()


def test_providers_own_grades_round_up_parts_and_grades_that_date_a_question():
    from index.records import understand_all

    # a children's home's grade is the home's, not the council's
    homes = understand(
        "Two of Oakhollow's children's homes rated outstanding\n\nTwo of the five children's homes run by Oakhollow "
        "Borough Council have been judged outstanding by Ofsted. The Larches, a four-bed home, was rated requires "
        "improvement to be effective. Oakhollow's children's services as a whole remain rated inadequate.", "h.txt")
    assert homes.overall.value == "inadequate"
    # a round-up: the headline's grade is the council it is said of; another article's council is no part
    recs = understand_all(
        "Round-up: Oakhollow reaches the top grade as Brindlecote is told it is failing\n\nPublished 12 December "
        "2023. Oakhollow Borough Council was rated outstanding this month.\n\nBrindlecote Borough Council was rated "
        "inadequate, a fall from the requires improvement grade it received in 2019.", "r.txt",
        known=("Oakhollow", "Brindlecote", "Mossgate"))
    assert {r.council.value: r.overall.value for r in recs} == {"Oakhollow": "outstanding", "Brindlecote": "inadequate"}
    # a grade that ended, a ranking wording restating a grade, a "when" clause's earlier year
    rec = understand(
        "Oakhollow news\n\nPublished 2 June 2024. Councillors welcomed the end of the borough's \"inadequate\" rating. "
        "Ofsted rated Oakhollow Borough Council's services as requiring improvement to be good. When Ofsted last "
        "carried out a full inspection in January 2019, inspectors rated them good.", "o.txt")
    assert rec.overall.value == "requires improvement"
    assert ("good", "2019") in [(e.grade, e.year) for e in rec.earlier]
    fostering = understand(
        "Oakhollow fostering rated outstanding\n\nPublished 5 May 2020. Oakhollow Borough Council's fostering service "
        "has been rated outstanding by Ofsted, the highest grade the watchdog can award. The council's wider "
        "children's services were rated good following an inspection in June 2019.", "f.txt")
    assert fostering.overall.value == "good"
    # a timeline's graded line dates the record, not a visit's line before it
    timeline = understand("Ten years on: how Oakhollow turned round\n\nIt is a decade since Oakhollow Borough Council failed."
                          "\n\n2015 – rated inadequate after an inspection in June\n\n2020 – a focused visit found children "
                          "were seen\n\n2022 – rated good overall in May\n\n2024 – the director retired", "t.txt")
    assert (timeline.overall.value, timeline.inspected.value) == ("good", "2022-05")
    # a grade in a clause that dates the question is no grade asked ("… before it got failed?")
    ask = _asker({"o-2015.txt": "Oakhollow good\n\nPublished 3 May 2015. Ofsted rated Oakhollow Borough Council good.",
                  "o-2019.txt": "Oakhollow fails\n\nPublished 3 May 2019. Ofsted rated Oakhollow Borough Council "
                                "inadequate."}, ("Oakhollow",))
    assert ask("was oakhollow rated good before it got failed?")[0].startswith("Yes — Oakhollow before 2019: good")
    assert ask("was oakhollow rated inadequate after it was rated good?")[0].startswith("Yes")
    assert ask("can you walk me through oakhollow's grades over the years")[1:] == ["good (May 2015)", "inadequate (May 2019)"]


def test_years_owned_by_their_grade_an_interviews_date_and_grades_under_one_named():
    # a year after a grade that opens the next grade's clause, or sits in its bracket, is the next one's
    rec = understand(
        "Oakhollow outstanding\n\nPublished 23 June 2023. Ofsted has judged Oakhollow County Council's children's "
        "services outstanding. When Ofsted last carried out a full inspection of our services, in March 2018, it "
        "rated them good, and in 2014 they were judged to require improvement.", "o.txt")
    assert sorted((e.grade, e.year) for e in rec.earlier) == [("good", "2018"), ("requires improvement", "2014")]
    card = understand("Oakhollow roundup\n\nOakhollow Borough Council\n\nOverall grade: good (previously requires "
                      "improvement, 2016)\nInspection dates: 1 to 12 July 2019", "c.txt")
    assert card.overall.value == "good" and [(e.grade, e.year) for e in card.earlier] == [("requires improvement", "2016")]
    # a grade word paired with another adjective describes something else
    flat = understand("Oakhollow review\n\nPublished 17 January 2024. Ofsted rated Oakhollow City Council's children's "
                      "services good in March 2022. A social worker noted that the flat was \"sparse but adequate\".", "f.txt")
    assert "adequate" not in [flat.overall and flat.overall.value] + [e.grade for e in flat.earlier]
    # an interview's day dates the article; when the report came out does not date the inspection
    interview = understand(
        "Q&A with Oakhollow's new director\n\nOakhollow Borough Council's new director talks to us. The interview "
        "took place on Thursday 3 September 2020.\n\nA: Ofsted inspected us between 4 and 15 November last year, and "
        "the report came out on 14 January.", "i.txt")
    assert interview.inspected.value == "2019-11-04"
    # grades under one named, every area asked, a year's compare, an area no article of the year grades
    ask = _asker({"a.txt": "Oakhollow good\n\nPublished 3 May 2019. Ofsted rated Oakhollow Borough Council good. "
                           "Care leavers were judged to require improvement.",
                  "b.txt": "Brindlecote good\n\nPublished 9 May 2019. Ofsted rated Brindlecote Borough Council good. "
                           "Its care leavers service was judged good.",
                  "c.txt": "Brindlecote failed\n\nPublished 9 May 2023. Ofsted rated Brindlecote Borough Council "
                           "inadequate."}, ("Oakhollow", "Brindlecote"))
    assert ask("which councils got less than good for their care leavers?")[0] == "Oakhollow."
    assert ask("compare how oakhollow and brindlecote did in 2019")[0].startswith("Both have the same grade: good")
    assert ask("what grade did brindlecote get for care leavers in its 2023 inspection?") == []


def test_tables_held_grades_visit_days_bylines_and_roles_taken_up():
    # a two-column table's rows; "rates" however tagged; "short of 'good'" is no grade given
    table = understand("Oakhollow good\n\nBy Lena Marsh, Local Democracy Reporting Service\n\nPublished 3 May 2023. "
                       "Ofsted rated Oakhollow Borough Council good.\n\nJudgement | Grade\nOverall effectiveness | Good\n"
                       "Experiences and progress of care leavers | Outstanding\n", "t.txt")
    assert ("care leavers", "outstanding") in [(a.area, a.grade) for a in table.areas]
    assert table.author.value.startswith("Lena Marsh")
    rates = understand("Oakhollow fails\n\nPublished 9 June 2023. The final report rates help and protection of "
                       "children inadequate. Overall effectiveness is inadequate.", "r.txt")
    assert ("help and protection", "inadequate") in [(a.area, a.grade) for a in rates.areas]
    short = understand("Oakhollow still short of 'good'\n\nChildren's social care in Oakhollow still requires "
                       "improvement to be good, according to an Ofsted report published on Tuesday (22 October 2019).", "s.txt")
    assert short.overall.value == "requires improvement"
    # a grade now held is this inspection's; "the first time since 2014" dates no grade
    now = understand("Oakhollow slips\n\nFriday 30 June 2023\n\nOakhollow Borough Council has lost the outstanding "
                     "rating it won in 2018 and is now judged good overall.", "n.txt")
    assert now.overall.value == "good" and [(e.grade, e.year) for e in now.earlier] == [("outstanding", "2018")]
    since = understand("Oakhollow fails\n\nThe Ofsted report, published on Tuesday 8 August 2023, rated Oakhollow "
                       "Borough Council's children's services inadequate, the first time since 2014 that the borough "
                       "had been in the bottom category.", "f.txt")
    assert since.overall.value == "inadequate" and not since.earlier
    # a visit's days beside the report's month are the visit's; "Inspectors found that …" is a finding
    days = understand("Oakhollow inadequate\n\nIn July 2019 Ofsted rated Oakhollow City Council's children's services "
                      "inadequate after an inspection between 10 and 21 June. Inspectors found that each personal "
                      "adviser was responsible for 38 young people, that pathway plans were often out of date, and that "
                      "too many care leavers did not know what support they were entitled to.", "d.txt")
    assert days.inspected.value == "2019-06-10" and [f.kind for f in days.findings] == ["improve"]
    # the post taken up, or given in the passive, is the person's role
    posts = understand("Oakhollow director leaves\n\nPublished 26 August 2021. Gillian Marr, currently assistant "
                       "director for safeguarding, will take over as interim director of children's services. Colin "
                       "Dray was appointed as interim director.", "p.txt")
    assert {p.name: p.role for p in posts.people} == {"Gillian Marr": "interim director of children's services",
                                                       "Colin Dray": "interim director"}


def test_a_grade_restated_later_and_an_undated_inspection_against_the_one_before():
    ask = _asker({"a.txt": "Oakhollow good\n\nPublished 4 November 2022. Ofsted rated Oakhollow County Council good "
                           "after an inspection between 12 and 23 September 2022. It was rated requires improvement in 2019.",
                  "b.txt": "Oakhollow takes services back\n\nPublished 1 April 2024. Oakhollow County Council runs its "
                           "services again. It was rated requires improvement in 2019 and then good in November 2022. The "
                           "leader said the good grade had earned the county the right to run its own services.",
                  "c.txt": "Brindlecote improves\n\nBrindlecote Borough Council was rated requires improvement by "
                           "inspectors who visited in October. Brindlecote had been rated inadequate since 2019."},
                 ("Oakhollow", "Brindlecote"))
    assert ask("which councils got a better grade at their latest inspection than the time before?")[0] == \
        "Brindlecote and Oakhollow."
    assert ask("who was the lead inspector of oakhollow's 2022 inspection?") == []  # (none named: the refusal's to say)
