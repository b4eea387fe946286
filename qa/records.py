"""Answers from the inspection records: questions about grades across articles and councils.

"Which councils were rated inadequate?", "Which council did best?", "When was Kelderby last
inspected?", "Was Ashcombe rated good in 2021?", "Compare Northmoor and Easthaven",
"Summarise Brackenford's inspection": the records read at ingest (`index.records`) hold each
article's council, dates and grades, each with the sentence it came from, so these are answered
from them, every claim cited to that sentence. Anything else — or a record that lacks the field
asked about — returns None and the evidence pipeline answers.

Only the question's shape is read (its lemmas and the grade, area, council and year it names),
from the one spaCy parse of the question; never a known question's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from index.nlp import LIGHT_VERBS, is_stop, is_verb
from index.records import (COUNCIL_TYPES, GRADE_NOUNS, SERVICE_WORDS, GRADE_ORDER, Fact, InspectionRecord, area_words, areas, asked_grades, bare_word,
                           LEFT_VERBS, STAND_IN_VERBS, SUCCEED_VERBS, finding_kind, grades, has_phrase, is_cue, role_words, roles, succeeded)

from .answer_types import (COUNCIL_NOUNS, TYPED_MEASURES, asked_noun_of, count_name, is_year, question_word, stranded,
                           tagged_statement)
from .types import Citation

# Lemmas that make a question about ranking councils by grade.
BEST_WORDS = frozenset("best top highest strongest good".split())
WORST_WORDS = frozenset("worst bottom lowest weakest bad poor".split())
RANK_WORDS = BEST_WORDS | WORST_WORDS
MOST_WORDS = frozenset("most furthest farthest biggest greatest largest".split())  # "improved the most", "fell furthest"
WORSE_WORDS = frozenset("worse weaker lower".split())
RATING_WORDS = frozenset("rate rating grade judge judgement judgment verdict result score".split())
SUMMARY_WORDS = frozenset("summarise summarize summary overview outline recap sum gist rundown lowdown tldr".split())
QUANTITY_WORDS = frozenset("more less few fewer many much".split())
INSPECTION_NOUNS = frozenset("inspection report result rating grade judgement visit".split())  # "both inspections"
COMPARE_WORDS = frozenset("compare comparison differ difference change versus vs v".split())
LATEST_WORDS = frozenset("last latest recent recently current currently now".split())
EARLIEST_WORDS = frozenset("first earliest earlier previous previously original before prior".split())
# An inspection said relative to another ("the inspection before", "at the next one", "the one after that")
BEFORE_WORDS = frozenset("before previous previously prior preceding earlier".split())
AFTER_WORDS = frozenset("next after following subsequent later".split())
# A council's grade going down or up ("went downhill", "got worse", "lost", "improved", "moved up")
DOWN_WORDS = frozenset("decline fall drop slip worsen downgrade downhill deteriorate lose slide worse down backwards backward".split())
UP_WORDS = frozenset("improve rise climb upgrade better up progress".split())
LOSE_VERBS = frozenset("lose shed surrender forfeit".split())
MOTION_VERBS = frozenset("move go come climb jump slip step fall drop bounce shoot".split())
EVENT_NOUNS = frozenset("inspection visit report judgement rating grade verdict one that this it".split())
# "Did X stay on as director?", "has the cabinet member quit?": a person's staying or going, asked
STAY_WORDS = frozenset("still stay remain keep stick".split())
GONE_WORDS = LEFT_VERBS | {"change"}  # "has she quit?", "did X change its director?": whether a holder went
CHAT_NOUNS = {"kids": "children", "kid": "child"}  # a chat user's words for an area's ("kids in care")
GOT_WORDS = frozenset("get receive achieve award give".split())  # "what did it get at the next inspection?"
FORMER_WORDS = frozenset("former previous retired".split())  # a role no longer held
PERFORM_VERBS = frozenset("do fare perform".split())  # "how did X do?" asks how it was judged
YES_NO_STARTS = frozenset("be do have".split())  # auxiliaries that open a yes/no question
SAID_VERBS = frozenset("say tell".split())
ANCHOR_MARKS = frozenset("before after since when until".split())  # a clause that dates another: "before it got failed"
HISTORY_WORDS = frozenset("history journey trajectory timeline".split())  # "the history of X's grades"
# ("in the worst shape", "over the years", "at the moment", "these days")
RANKED_NOUNS = frozenset("grade rating result inspection judgement judgment verdict score report service child "
                         "ofsted shape state position year time moment day".split())
REQUEST_VERBS = frozenset("list name give tell show summarise summarize describe explain compare".split())
INSPECTOR_WORDS = frozenset("ofsted inspector inspectors".split())  # who inspects, as a question names them
NOMINAL_DEPS = frozenset("nsubj nsubjpass dobj pobj attr appos".split())  # a noun's places in a clause
PERSON_NOUNS = frozenset("people person folk guy man woman lady bloke".split())  # nouns for people, with no role of their own
AREA_WORDS = frozenset("area areas part parts bit bits aspect aspects judgement judgements judgment judgments".split())


@dataclass
class Claim:
    """One sentence of an answer and the record sentences (with their articles) it rests on."""

    text: str
    sources: list[tuple[str, str]] = field(default_factory=list)  # (article, sentence)


@dataclass
class Graded:
    """A grade an article gives or recalls, with the sentence that says it."""

    grade: str
    year: str
    source: str
    sentence: str
    when: str = ""  # as an answer dates it ("May 2018"); the year when empty


@dataclass
class Asked:
    """What the question names, read once from its parse."""

    lemmas: set[str]
    grade: str | None
    area: str | None
    councils: list[str]
    year: str | None
    wh: str | None  # the first wh-word, lower case
    yes_no: bool
    council_question: bool  # "Which council(s) / authority …"
    each_council: bool = False  # "each council", "every council", "all the councils": one answer per council
    counts: bool = False  # the question counts something ("two outstanding judgements")
    counted: tuple = ()  # what "how many …" counts ("time" in "how many times")
    role_owner: frozenset = frozenset()  # the body a role asked about belongs to ("Ofsted" regional director)
    before_role: frozenset = frozenset()  # the words just before a role word, any case ("ofsted regional director")
    future: bool = False  # asks when something is to happen ("when will Ofsted next inspect X?")
    writer: bool = False  # asks who wrote an article ("who wrote it?", "who was the author?")
    every_area: bool = False  # asks of every judgement area ("was every area outstanding?", "all parts")
    any_area: bool = False  # asks of some judgement area ("was any part of X's service judged good?")
    inspects: bool = False  # its verb is inspecting or visiting ("When was X last inspected?")
    asks_date: bool = False  # "which month was …", as "when"
    # "after": who took over from the person it names ("who's replacing Angela Frost?"); "before":
    # whom they took over from ("who did she replace?", "who had the job before him?")
    succession: str | None = None
    happened: bool = False  # "what happened in X's inspection?" (not "what does she want to happen?")
    imperative: bool = False  # "List …", "Name …", "Tell me …"
    role: tuple[str, ...] = ()  # the role words it asks about ("director", "leader"), from data/roles.txt
    ranks_grades: bool = False  # its nouns are only councils and grades ("which council did best?")
    asks_person: bool = False  # "who …", "which director …", "name the leader …"
    many_people: bool = False  # the role asked of is plural ("who are the regional directors named?")
    asks_areas: bool = False  # "which areas …", "list the grades …"
    month: int | None = None  # "the July inspection"
    year_on: bool = False  # the year asked and those after it ("in 2019 or later", "2019 onwards", "since 2019")
    finding: str | None = None  # asks what inspectors praised ("praised") or want improved ("improve")
    asks_grade: bool = False  # "What was X rated in 2018?", "How was X judged?"
    compares: bool = False  # a comparison word or a comparative ("compare", "vs", "better", "higher")
    grade_picks: bool = False  # the grade picks an inspection ("when it was rated inadequate"), not what is asked
    bare: bool = False  # no content word but names and dates: "what about Allerdene?", "and in 2018?"
    duration: bool = False  # "how long …"
    amount: bool = False  # it asks a figure: "how many …", "what share …", "how much money …"
    action: frozenset[str] = frozenset()  # its verbs, as written and as lemmas, but light ones ("is", "has")
    relative: str | None = None  # "before" / "after": an inspection said relative to the year or grade asked
    change: str | None = None  # "down" / "up": what its main verb says a grade did ("which councils got worse?")
    grade_side: str | None = None  # "before" / "after": the grade moved from / to ("up from requires improvement")
    at_least: bool = False  # "good or better", "at least good": the grade asked or a higher one
    below: bool = False  # "less than good", "below good": the grades under the one asked
    over_time: bool = False  # every grade a council has had ("what grades has X had and when?")
    moved_at: str | None = None  # "down" / "up": a time clause picks the inspection that moved so ("when it got downgraded")
    extreme: str | None = None  # "best" / "worst": a grade asked by its rank ("which areas got the lowest grade?")
    ended: bool = False  # asks whether a grade no longer holds ("is X no longer inadequate?", "isn't it inadequate any more?")
    anchor: str | None = None  # the grade of a clause that dates what is asked ("… good before it got failed?": inadequate)

    @property
    def about_grades(self) -> bool:
        """It asks a grade, or what an inspection gave ("what did it get?")."""
        return self.asks_grade or self.grade is not None or bool(self.lemmas & (RATING_WORDS | GOT_WORDS))

    def following(self, last: "Asked", resolved: list[str] = ()) -> "Asked":
        """A follow-up asks what the last question asked, of what it names itself: "and the
        earlier inspection?" after "What did X get in 2024?" asks X's grade; "and who had the
        job when it got outstanding?" after "Who was X's director in 2017?" asks for the director;
        "what about Y?" (no word of its own but names) asks the last question of Y; `resolved`: the
        councils the conversation resolved its words to ("the other council")."""
        if self.relative and not (self.year or self.grade) and (last.about_grades or self.about_grades):
            # "and at the one before?" after a grade was asked, "what was it rated the time before
            # that?" after the inspection was: the inspection before the last one asked
            return replace(self, year=last.year, grade=last.grade, area=self.area or last.area,
                           asks_grade=True, lemmas=last.lemmas | self.lemmas)
        if self.bare:
            other = list(resolved) if "other" in self.lemmas else []
            asked = replace(last, councils=self.councils or other or last.councils, year=self.year or last.year,
                            month=self.month or last.month,
                            lemmas=last.lemmas | (self.lemmas - {"other"} if other else self.lemmas))
            if last.council_question and last.grade and len(asked.councils) == 1:
                # "what about the other council?" after "which council was rated inadequate in 2019, A or
                # B?": the other council's grade that year, not whether it had that one
                asked = replace(asked, council_question=False, grade=None, asks_grade=True, grade_picks=False,
                                yes_no=False)
            return asked
        own_kind = self.asks_grade or self.asks_areas or self.finding or self.yes_no or self.wh == "when" \
            or (self.asks_person and self.role) or (self.wh is not None and self.wh != last.wh)  # "What did he decide?"
        # (a grade that picks an inspection times the question; "was every area outstanding?" does not)
        timed = self.year or self.month or self.grade_picks or self.lemmas & (EARLIEST_WORDS | LATEST_WORDS)
        # ("who chaired the board?" after "who is the director?" asks who did that, not the director)
        # ("did he accept the findings?" after "who ran X's services?" asks no role of him)
        role = self.role or (last.role if not (self.asks_person and self.action) and (self.asks_person or not own_kind)
                             else ())
        if not role and self.asks_person and self.action & HEAD_VERBS and "it" in self.lemmas and last.inspects:
            role = LEAD_INSPECTOR  # "who led it?" after "when was X inspected?": the inspection's lead
        return replace(self, role=role,
                       asks_person=self.asks_person or (not own_kind and last.asks_person),
                       asks_grade=self.asks_grade or (not own_kind and last.asks_grade),
                       asks_areas=self.asks_areas or (not own_kind and last.asks_areas),
                       finding=self.finding or (None if own_kind else last.finding),
                       area=self.area or (None if own_kind else last.area),
                       year=self.year or (None if timed else last.year))
    ever: bool = True  # past or perfect ("have been rated"): earlier inspections count too


def read_question(doc, councils: list[str]) -> Asked:
    text = doc.text.lower().replace("’", "'")
    lemmas = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}  # "best" is "well"'s
    grade = _grade_asked(doc, text, asked_grades())
    # (in the words a chat user types for an area's: "kids in care", "looked after kids")
    area = _longest_phrase("".join(CHAT_NOUNS.get(t.lower_, t.lower_) + t.whitespace_ for t in doc).replace("’", "'"),
                           {k: v for k, v in areas().items() if k != "overall"})
    named = sorted((c for c in councils if _names(text, c)), key=lambda c: text.find(c.lower().split()[0]))
    # (and a year joined to a word: "late-2018", "mid-2019")
    years = [y for t in doc for y in [t.text.rsplit("-", 1)[-1]] if is_year(y) and (t.like_num or "-" in t.text)]
    wh = question_word(doc)
    wh = wh.lower_ if wh is not None else None
    # (the question may follow its topic, set off by a dash or colon: "ashwyke 2022 - was … rated good?")
    lead = next((t.i + 1 for t in doc[:7] if t.text in ("-", "–", "—", ":")), 0)
    starts = [next((t for t in doc[i:] if not t.is_punct), None) for i in dict.fromkeys((0, lead))]
    yes_no = any(t is not None and t.lemma_.lower() in YES_NO_STARTS and t.pos_ == "AUX"
                 for t in starts) or text.startswith(("is it true", "true or false")) or tagged_statement(doc)
    first = starts[0]  # (the question's own first word: "dict.fromkeys" keeps 0 first)
    # (or a grade asked of its topic with no verb: "wealdshire 2018 - good in every single area?")
    yes_no = yes_no or bool(lead and wh is None and grade and text.rstrip().endswith("?")
                            and not any(t.pos_ in ("VERB", "AUX") for t in doc[lead:]))
    if grade is None and yes_no:  # "is X top rated now?" asks about one grade, not for the best
        grade = _grade_asked(doc, text, grades())
    # "which <noun>", "which of the <noun>s", "what is the <noun>": the noun the question asks about
    # (none in a yes/no question's clause: "did he accept what the inspectors said?" asks for no inspector)
    whs = [t for t in doc[:-1] if t.tag_ in ("WDT", "WP") and not (yes_no and wh is None)]
    asked_noun = {n.lemma_.lower() for t in whs for n in [asked_noun_of(t)] if n is not None}
    # "Of A, B and C, which is rated lowest?" chooses among the councils it names
    # ("whose overspend was the worst?", "whose care leavers did best?": whose is a council's, unless
    # what is theirs is a person's: "whose deputy …")
    owned = next((t.head for t in doc if t.lower_ == "whose" and t.head.pos_ in ("NOUN", "PROPN")), None)
    whose = wh == "whose" and owned is not None and not role_words([owned.lemma_, owned.lower_])
    # ("which councils overspent …", however the small model tags "councils")
    council_question = bool(asked_noun & COUNCIL_NOUNS) or wh == "where" or whose or \
        any(t.lower_ == "which" and t.i + 1 < len(doc) and doc[t.i + 1].lemma_.lower() in COUNCIL_NOUNS for t in whs) or \
        (wh == "which" and not asked_noun - {"one", "these", "those", "them"} and len(named) >= 2) or \
        (wh == "which" and not asked_noun and any(  # "out of all the councils, which got …?"
            t.lemma_.lower() in COUNCIL_NOUNS and t.tag_ == "NNS" for t in doc)) or \
        (yes_no and any(t.lemma_.lower() in COUNCIL_NOUNS and any(c.lower_ == "any" for c in t.children) for t in doc)) or \
        any(t.dep_ == "dobj" and t.lemma_.lower() in COUNCIL_NOUNS and t.head.dep_ == "ROOT"  # "list every council that …"
            and t.head.lemma_.lower() in REQUEST_VERBS for t in doc)
    # "Which council did best?" ranks grades; "which council had the highest caseloads?" ranks
    # something the records do not hold: its nouns are more than councils and grades.
    # ("care leavers" is what is graded; "Wexley Park" is a council, though "park" is a noun)
    named_words = area_words() | {w for c in named for w in c.lower().split()}
    # (a measure however tagged: "wendlecombe vs trenholm overspend" with "overspend" read as a verb)
    # (nor the set a superlative ranks within: "the worst result of the lot")
    partitive = {t.i for t in doc if t.dep_ == "pobj" and t.head.lower_ == "of"
                 and any(c.tag_ == "JJS" for c in t.head.head.children)}
    other_nouns = {t.lemma_.lower() for t in doc if (t.pos_ == "NOUN" or {t.lower_, t.lemma_.lower()} & TYPED_MEASURES)
                   and t.lower_ not in named_words and t.i not in partitive} - COUNCIL_NOUNS - RANKED_NOUNS - COMPARE_WORDS \
        - {"one"}  # ("the one in 2015": a noun said before, again)
    # ("looking after more children", "fewer agency staff": a quantity of a noun compared, not grades)
    quantity = any(t.lemma_.lower() in QUANTITY_WORDS and t.tag_ in ("JJR", "RBR") and t.head.pos_ == "NOUN" for t in doc)
    counts = any(t.like_num and t.text not in years and not any(c.dep_ in ("det", "poss", "nummod") for c in t.children)
                 for t in doc)  # not "the next one", "its 2013 one"
    # (or an inspection is what it asks about: "when was the grimsholt monitoring visit?")
    # (or the inspectors' being there: "when were ofsted on site in X?", "the dates the inspectors were in X",
    # however the small model tags "ofsted")
    there = lambda v: any(c.dep_ == "prep" and c.lower_ in ("in", "on", "at") for c in v.children)  # noqa: E731
    inspects = any(t.pos_ == "VERB" and t.lemma_.lower() in ("inspect", "visit") or
                   t.pos_ == "NOUN" and t.lemma_.lower() in ("inspection", "visit") and t.dep_ in ("nsubj", "attr")
                   and t.head.lemma_ == "be" for t in doc) or any(
        t.lower_ in INSPECTOR_WORDS and (t.dep_ == "nsubj" and t.head.lemma_ == "be" and there(t.head)
                                         or t.dep_ == "ROOT" and any(c.lemma_ == "be" for c in t.children) and there(t))
        for t in doc)
    council_words = {w.lower() for c in named for w in c.split()}
    imperative = first is not None and (first.tag_ == "VB" or first.lower_ in REQUEST_VERBS) \
        and first.lower_ not in council_words  # ("oakhollow 2025 rating")
    # (a role's adjective counts, "chief exec"; the small model may tag a role "AUX", "which mp kicked off")
    # (not a role word naming a thing: "the inspector letter story")
    # (but a role word before a person's noun is theirs: "the union people quoted")
    # (a noun's place is a noun's, however tagged: "name the union reps quoted", "reps" taken for a verb)
    role = tuple(role_words(t.lemma_ for t in doc if (t.pos_ not in ("VERB", "ADV", "ADP", "PRON", "DET")
                                                      or t.dep_ in NOMINAL_DEPS)
                            and not (t.dep_ == "compound" and t.head.pos_ == "NOUN" and not role_words([t.head.lemma_])
                                     and t.head.lemma_.lower() not in PERSON_NOUNS))) \
        or _head_role(doc)
    # (a present "is", not the "'s" of a perfect: "that's been rated")
    present = any(t.tag_ in ("VBZ", "VBP") and t.lemma_ == "be" and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "been")
                  for t in doc) or bool(lemmas & LATEST_WORDS)
    after_wh = [doc[t.i + 1].lemma_.lower() for t in whs]  # "which mp", however tagged
    # "who relies least on agency staff?", "who had the highest caseloads?": with no role to fill,
    # a superlative ranks the councils; "who was stuck on requires improvement?" asks which had the grade
    # (the grade said in the question's own clause: not "who said it was good?")
    if wh == "who" and not role and (superlative(doc) is not None or grade and not named and (
            (tok := _grade_token(doc)) is not None
            and not any(a.dep_ in ("ccomp", "advcl", "relcl", "acl", "csubj") for a in [tok, *tok.ancestors]))):
        council_question, wh = True, "which"
    from .answer_types import FIGURE_KINDS, expected_type

    wanted = expected_type(doc)  # (what a count is of is the evidence's to check, not the records')
    # ("what was the union rep complaining about?": "what" is the stranded preposition's object)
    asks_person = wh in ("who", "whom") or (wh == "whose" and not whose) or \
        bool(role_words(asked_noun | set(after_wh))) and not (wh == "what" and stranded(doc)) or \
        ("name" in asked_noun and bool(role)) or \
        (imperative and bool(role) and wh is None  # ("tell me what inspectors found" asks no one)
         and not (wanted is not None and wanted.kind in FIGURE_KINDS))  # ("give me the dates the inspectors were in X")
    # ("list the grades X received", "what grades did X get": more than the overall one)
    # (a question of nouns alone asks for them too: "sedgewold 2024 grades for each area")
    # (a council's name is no verb, however the small model tags "sedgewold")
    fragment = not any(is_verb(t) and t.lower_ not in council_words for t in doc)
    asks_areas = bool(asked_noun & AREA_WORDS) or ((imperative or wh is not None or fragment) and any(
        t.lemma_.lower() in ("grade", "rating", "judgement") and (imperative or t.tag_ == "NNS") for t in doc)) \
        or (wh is not None and any(  # ("what did X get in each of the four areas?")
            t.lower_ in AREA_WORDS and (
                t.tag_ == "NNS" and any(c.like_num or c.lower_ in ("all", "the") for c in t.children)
                or t.head.lower_ == "of" and t.head.head.lower_ in ("each", "every", "all"))
            for t in doc))
    from index.nlp import MONTHS

    month = next((MONTHS.index(t.text) + 1 for t in doc if t.text in MONTHS), None)
    # "What did Ofsted tell X to work on?": the cue words of a finding, not a grade's ("requires improvement")
    # (not "what did he recommend": a person's recommendation is not the inspection's finding; nor
    # "who did they send in to sort it out?", which asks for a person)
    finding = None if any(t.lower_ in ("he", "she", "we", "i") for t in doc) or wh in ("who", "whom") else \
        finding_kind({t.lemma_.lower() for t in doc if is_cue(t, asked=True)},
                     f"{doc.text} | {' '.join(t.lemma_ for t in doc)}")  # ("weak spots": "weak spot")
    if finding is None and not any(t.lower_ in ("he", "she", "we", "i") for t in doc) and \
            any(t.lemma_.lower() in ASKED_CONCERNS and (t.pos_ in ("NOUN", "ADJ") or t.tag_ == "VBN") for t in doc):
        finding = "improve"  # "what worries did Ofsted have about …", "what were inspectors unhappy about"
    # (a quantity's comparative, "open more of", measures something: the across step's, not the grades')
    # ("… 2023 result against 2019?", "X's two inspections", "both reports": two inspections side by side)
    # ("rated good or better", "at least good": the grades asked, not a comparison)
    grade_tok = _grade_token(doc)
    at_least = {t.i + 1 for t in doc[grade_tok.i + 1:grade_tok.i + 5] if t.lower_ == "or" and t.i + 1 < len(doc)
                and doc[t.i + 1].lower_ in ("better", "above", "higher")} if grade_tok is not None else set()
    if grade_tok is not None and doc[max(0, grade_tok.i - 2):grade_tok.i].text.lower() == "at least":
        at_least.add(grade_tok.i - 1)
    # ("less than good", "worse than good", "below good": the grades under the one named)
    before_grade = [t.lower_ for t in doc[max(0, grade_tok.i - 2):grade_tok.i]] if grade_tok is not None else []
    below = {grade_tok.i - 1, grade_tok.i - 2} if before_grade[-1:] == ["below"] or (
        before_grade[-1:] == ["than"] and before_grade[:1] in (["less"], ["worse"], ["lower"])) else set()
    compares = bool(lemmas & COMPARE_WORDS) or any(t.tag_ in ("JJR", "RBR") and t.lemma_.lower() not in QUANTITY_WORDS
                                                   and t.i not in at_least | below for t in doc) \
        or len(set(years)) >= 2 or any(t.lemma_.lower() in INSPECTION_NOUNS and t.tag_ == "NNS"
                                       and any(c.lower_ in ("two", "both") for c in t.children) for t in doc)
    # (a council named by a noun is a name too: "what about the other council?")
    # (a verb of saying is no stop word here: "what did he say about the city?" asks something of its own)
    own = {t.lower_ for t in doc if t.is_alpha and (not t.is_stop or t.lemma_.lower() in SAID_VERBS)
           and t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN", "ADV")
           and not t.like_num and t.lemma_.lower() not in COUNCIL_NOUNS} - {w for c in named for w in c.lower().split()}
    # "the inspection before", "the next one" ("after" in "looked after children" names an area)
    in_areas = _in_phrases(doc, areas())
    # (a grade's ranking wording names that grade when it picks a council's inspection: "kids in
    # care in esterby at the time of the top rating")
    if grade is None and len(named) == 1 and _grade_picks(doc, yes_no, in_areas):
        grade = _grade_asked(doc, text, grades())
    relative = next((r for t in doc if t.i not in in_areas for r in [_relative_word(t)] if r), None)
    # (a verb with an object changes that object: "losing control to a trust" is no grade's change;
    # nor does a phrasal verb with "with" move: "ended up with a commissioner"; "which" is the
    # question's subject however parsed: "which councils got downgraded")
    objects = lambda t: [c for c in t.children if c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP")] + \
        [o for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children if o.dep_ == "pobj"]  # noqa: E731
    main = [t for t in doc
            if (t.dep_ == "ROOT" or (t.head.dep_ == "ROOT" and t.dep_ in ("acomp", "advmod", "prt", "oprd")))
            and not any(o.lemma_.lower() not in RATING_WORDS for o in objects(t if t.dep_ == "ROOT" else t.head))
            # (a particle moves only with a verb of motion or of marking: "moved up", "marked down", not "spoke up")
            and not (t.dep_ == "prt" and t.head.lemma_.lower() not in MOTION_VERBS | LIGHT_VERBS | RATING_WORDS | {"mark"})
            and t.i not in at_least | below]
    # (a grade marked or moved down or up wherever the verb hangs: "was help and protection marked down
    # as well", "A, B and C - which of these moved up from requires improvement to good?")
    main += [t for t in doc if t.dep_ == "prt" and t.head.lemma_.lower() in RATING_WORDS | MOTION_VERBS | {"mark"}]
    # (or the grade got was a better or worse one: "which councils got a better grade than the time before?")
    main += [t for t in doc if t.tag_ == "JJR" and t.head.lemma_.lower() in RATING_WORDS and t.head.dep_ == "dobj"
             and t.head.head.lemma_.lower() in GOT_WORDS  # (the subject got it, not gave it: "who gave them …")
             and not any(c.dep_ == "dative" for c in t.head.head.children)]
    change = "down" if any({t.lemma_.lower(), t.lower_} & DOWN_WORDS for t in main) else \
        "up" if any({t.lemma_.lower(), t.lower_} & UP_WORDS for t in main) else None
    # (or a noun of change against another: "an improvement on the one before", "a drop from good")
    moved_to = {t.lemma_.lower().removesuffix("ment") for t in doc if t.pos_ == "NOUN"
                and any(c.lower_ in ("a", "an") for c in t.children)
                and any(c.dep_ == "prep" and c.lower_ in ("on", "from", "over") for c in t.children)}
    change = change or ("down" if moved_to & DOWN_WORDS else "up" if moved_to & UP_WORDS else None)
    if any({t.lower_, t.lemma_.lower()} & TYPED_MEASURES for t in doc):
        change = None  # what went down is the measure named ("caseloads … did they come down?"), not a grade
    # (the preposition over the grade's phrase: "up from requires improvement", "out of the bottom grade")
    prep = next((a for a in [grade_tok.head, grade_tok.head.head] if a.pos_ == "ADP"), None) \
        if grade_tok is not None else None
    grade_side = None if prep is None else {"from": "before", "to": "after", "into": "after"}.get(prep.lower_) \
        or ("before" if prep.lower_ == "of" and prep.i > 0 and doc[prep.i - 1].lower_ == "out" else None)
    # (however parsed, the word before it: "which of these moved up from requires improvement to good")
    if grade_side is None and grade_tok is not None and grade_tok.i > 0:
        grade_side = {"from": "before", "to": "after", "into": "after"}.get(doc[grade_tok.i - 1].lower_)
    # (a grade lost is the one before: "the piece about X losing its outstanding grade")
    if grade_side is None and grade_tok is not None and any(  # (its object: not "lose … after failing")
            a.lemma_.lower() in LOSE_VERBS and a.pos_ == "VERB" and o.dep_ == "dobj" and o.head.i == a.i
            for o, a in [(grade_tok, grade_tok.head), (grade_tok.head, grade_tok.head.head)]):
        grade_side = "before"
    every_area = any(t.lower_ in AREA_WORDS and any(c.lower_ in ("every", "each", "all") for c in t.children)
                     or t.lower_ == "board" and t.head.lower_ == "across" for t in doc)  # ("across the board")
    # (or a grade "for anything", "in any of it")
    any_area = any(t.lower_ in AREA_WORDS and any(c.lower_ in ("any", "some") for c in t.children) for t in doc) or \
        any(t.lower_ in ("anything", "something", "any") and t.dep_ == "pobj" and t.head.lower_ in ("for", "in")
            for t in doc)
    # (a name before the role: "which Ofsted regional director", however the small model tags "Ofsted")
    role_owner = frozenset(t.lower_ for t in doc if t.i > 0 and t.text[:1].isupper() and t.lower_ not in council_words
                           and t.dep_ in ("compound", "amod", "poss", "nmod") and t.head.lemma_.lower() in roles())
    before_role = frozenset(doc[i].lower_ for t in doc if t.lemma_.lower() in roles()
                            for i in range(max(0, t.i - 3), t.i) if doc[i].is_alpha)
    # every grade over the inspections: "list every grade X has had", "what grades has X had and
    # when?" (a grade noun with "every"/"all", or plural with a perfect verb or a "when" of its own)
    # ("every" however parsed: before the noun with only its modifiers between, "every overall grade")
    every = lambda t: any(doc[j].lower_ in ("every", "all", "each") and all(  # noqa: E731
        w.dep_ in ("amod", "compound", "nmod", "det", "poss", "case") for w in doc[j + 1:t.i])
        for j in range(max(0, t.i - 4), t.i))
    # (or every inspection itself: "list every full inspection of X, with dates and grades")
    grade_nouns = [t for t in doc if t.lemma_.lower() in GRADE_NOUNS | {"result"}
                   or t.lemma_.lower() == "inspection" and every(t)]
    perfect = any(t.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children) for t in doc)
    also_when = wh != "when" and any(t.lower_ == "when" and t.head.dep_ != "advcl" for t in doc) \
        or "year" in lemmas and not years  # (not "when" opening a clause: "… when it got top marks")
    # (or the grades' history, or their run from a year on: "the full history of X's ratings",
    # "trace X's grades from 2015 up to the latest one")
    # ("since 2018", "from 2016 onwards": a run of years, not the one inspection)
    from_year = {t.lower_ for t in doc if t.lower_ in ("from", "since") and any(is_year(c.text) for c in t.children)}
    since = "since" in from_year or "from" in from_year and any(t.lower_ in ("to", "until", "till", "onwards", "onward")
                                                                 for t in doc)
    over_time = not (years or month or area or lemmas & LATEST_WORDS) and any(
        every(t) or t.tag_ == "NNS" and (perfect or also_when) for t in grade_nouns) or \
        not area and (bool(lemmas & HISTORY_WORDS) and bool(lemmas & {"ofsted", "inspection"})  # "X's ofsted history"
                      or (bool(lemmas & HISTORY_WORDS) or since) and any(t.tag_ == "NNS" for t in grade_nouns)
                      # ("how has X's grade moved since 2018?")
                      or since and bool(grade_nouns) and bool(lemmas & (MOTION_VERBS | UP_WORDS | DOWN_WORDS | {"change"})))
    # ("who got downgraded?", "who moved up?": with no role to fill, a grade's change is a council's)
    if wh == "who" and not role and change and not named:
        council_question, wh, asks_person = True, "which", False
    year_on = any(is_year(t.text) and (doc[t.i + 1:t.i + 3].text.lower() in ("or later", "or after", "or since")
                                       or doc[t.i + 1:t.i + 2].text.lower() in ("onwards", "onward")
                                       or t.head.lower_ == "since") for t in doc)
    ended = has_phrase(text, "no longer") or any(t.dep_ == "neg" for t in doc) and \
        (has_phrase(text, "any more") or has_phrase(text, "anymore"))
    return Asked(year_on=year_on, finding=finding, relative=relative, change=change, grade_side=grade_side, every_area=every_area, any_area=any_area,
                 ended=ended,
                 at_least=bool(at_least), below=bool(below), over_time=over_time,
                 extreme=next(("worst" if t.lower_ in WORST_WORDS else "best" for t in doc
                               if t.lower_ in RANK_WORDS and (t.tag_ == "JJS" or t.lower_ in ("top", "bottom"))
                               and t.head.lemma_.lower() in GRADE_NOUNS), None),
                 # (a "when" / "after" clause of a grade's move: "… when it got downgraded")
                 # (a verb of motion or marking with its particle: "climbed up", not "turned up")
                 moved_at=next(("down" if words & DOWN_WORDS else "up" for t in doc if t.dep_ == "advcl"
                                and t.tag_ in ("VBD", "VBN") and any(c.lower_ in ("when", "after") for c in t.children)
                                for words in [{t.lemma_.lower(), t.lower_} | {
                                    c.lower_ for c in t.children if c.dep_ == "prt"
                                    and t.lemma_.lower() in MOTION_VERBS | RATING_WORDS | {"mark"}}]
                                if words & (DOWN_WORDS | UP_WORDS)), None),
                 role_owner=role_owner, before_role=before_role,
                 counted=wanted.counted if wanted is not None and wanted.kind == "count" else (),
                 future=wanted is not None and wanted.future,
                 asks_date=wanted is not None and wanted.kind == "date", succession=_succession(doc),
                 writer=wh in ("who", "whom") and bool(lemmas & {"write", "author", "pen"}),
                 asks_grade=(wanted is not None and wanted.kind == "grade" and (wanted.strict or fragment))
                 # ("what did X's care leavers service get in 2014?": what an area got is its grade)
                 # (an inspection is past: "what do care leavers get under the pledge?" asks no grade)
                 # ("how did X do on care leavers?", "how well did X fare in 2023?": how it was judged)
                 or (bool(area or named) and wh == "how" and wanted is None and any(
                     t.lemma_.lower() in PERFORM_VERBS and t.i > 1 and t.dep_ != "aux"
                     and not any(c.dep_ == "dobj" for c in t.children) for t in doc))
                 or (bool(area) and wh == "what" and wanted is None and any(
                     t.lemma_.lower() in GOT_WORDS and t.tag_ in ("VBD", "VBN") or t.lower_ == "did" for t in doc)
                     and bool(lemmas & GOT_WORDS))
                 # (and what a council got, or Ofsted gave it, with nothing else got: "what did ofsted
                 # give X's kids services in 2023?", "what did X get in 2023?")
                 or (bool(named) and wh == "what" and wanted is None and any(t.lower_ == "did" for t in doc) and any(
                     t.lemma_.lower() in GOT_WORDS and not any(
                         c.dep_ == "dobj" and c.lower_ != "what" and c.lemma_.lower() not in SERVICE_WORDS | COUNCIL_NOUNS
                         and c.lower_ not in council_words for c in t.children)
                     # (the question's own verb: not "on the day X got outstanding, what did the union guy say?")
                     and (t.dep_ == "ROOT" or any(c.lower_ == "what" for c in t.children)) for t in doc)),
                 bare=not own, duration=wanted is not None and wanted.kind == "duration",
                 amount=wanted is not None and wanted.kind in ("count", "percent", "money"),
                 compares=compares, grade_picks=bool(grade) and _grade_picks(doc, yes_no, in_areas),
                 lemmas=lemmas, action=frozenset(w for t in doc if t.pos_ == "VERB" and t.lemma_ not in LIGHT_VERBS
                                                 for w in (t.lower_, t.lemma_.lower())),
                 grade=grade, area=area, councils=named, anchor=_grade_asked(doc, text, asked_grades(), anchor=True),
                 year=years[0] if years else None, wh=wh, yes_no=yes_no, council_question=council_question,
                 each_council=any(t.lemma_.lower() in COUNCIL_NOUNS and any(c.lower_ in ("each", "every", "all")
                                                                           for c in t.children) for t in doc),
                 counts=counts, inspects=inspects, imperative=imperative, role=role, month=month,
                 ranks_grades=not other_nouns and not quantity and (wanted is None or wanted.kind in ("grade", "council", "person")),
                 ever=not present, asks_person=asks_person, asks_areas=asks_areas,
                 many_people=_many_people(doc),
                 happened=any(t.lemma_.lower() == "happen" and t.dep_ != "xcomp" for t in doc))


def superlative(doc):
    """The word that makes a question a superlative ("most", "highest"); not one that picks an
    inspection by time ("latest", "most recent")."""
    timed = EARLIEST_WORDS | LATEST_WORDS | {"newest", "oldest", "late", "early"}
    return next((t for t in doc if (t.tag_ in ("JJS", "RBS") or t.lower_ in ("most", "least", "fewest"))
                 and t.lower_ not in timed and t.lemma_.lower() not in timed
                 and not (t.lower_ == "most" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in timed)), None)


def _grade_token(doc):
    """The first token of the first grade the question names."""
    table = asked_grades() | grades()
    return next((t for t in doc if any(doc[t.i:].text.lower().startswith(p) for p in table
                                       if p.split()[0] == t.lower_)), None)


def _relative_word(token) -> str | None:
    """"before" / "after" when a word says an inspection came before or after another: "the
    previous one", "at the next inspection", "before it became outstanding", "after the 2018
    inspection" — not "following the inspection" (its result: "following" says a later one only
    as an adjective), nor "looking after children" (a preposition whose object is no event, or
    the one just spoken of: "before that")."""
    word = token.lower_
    kind = "before" if word in BEFORE_WORDS else "after" if word in AFTER_WORDS else None
    if kind is None or (word == "following" and token.dep_ != "amod"):
        return None
    obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
    # (or the event just spoken of: "the time before that")
    if token.pos_ == "ADP" and (obj.lemma_.lower() not in EVENT_NOUNS and not is_year(obj.text)
                                and obj.lower_ not in ("that", "this")
                                and not any(is_year(c.text) for c in obj.children)  # ("after the 2019 disaster")
                                if obj is not None and obj.dep_ == "pobj"
                                else obj is None and token.head.pos_ == "VERB"):
        return None  # ("what was it looking after?": a verb's particle)
    return kind


HEAD_VERBS = frozenset("run lead head manage oversee".split())  # "who runs …", "who leads …"
LEAD_INSPECTOR = ("lead", "inspector")  # the role of who led an inspection
JOB_NOUNS = frozenset("job post role position".split())  # "who has that job now?": a role said before
NOW_WORDS = frozenset("now currently current today nowadays".split())  # "who is X's director now?"
# What an asker calls the inspectors' concerns (in a question only: an article's "worries about a
# child's safety" are no finding)
ASKED_CONCERNS = frozenset("worry worried concern unhappy concerned critical dissatisfied".split())
PUBLISH_WORDS = frozenset("publish release public".split())  # "when was the report published / made public?"
GOVERNMENT_WORDS = frozenset("government dfe minister ministers whitehall".split())  # who sends in a commissioner
HEAD_NOUNS = frozenset("charge boss".split())  # "who is in charge of …", "who's the boss of …"


def _succession(doc) -> str | None:
    """Which way a question of succession asks: "who replaced X?" / "who took over from X?"
    ("after"), "who did X replace?" / "who was in the job before X?" ("before"); None if neither."""
    if not any(t.lower_ in ("who", "whom") for t in doc):
        return None
    for t in doc:
        if t.lemma_.lower() in SUCCEED_VERBS | STAND_IN_VERBS or t.lemma_.lower() == "take":
            objects = succeeded(t)
            if any(o.tag_ not in ("WP", "WDT") for o in objects):
                return "after"
            # (the one named before the verb is its subject, however the parse has it: "who did Joe Park replace?")
            if any(w.pos_ in ("PROPN", "PRON") and w.tag_ not in ("WP", "WDT") for w in doc[:t.i]):
                return "before"
        if t.lower_ == "before" and any(c.dep_ == "pobj" and c.pos_ in ("PROPN", "PRON") for c in t.children):
            return "before"
    return None


def _head_role(doc) -> tuple[str, ...]:
    """The role a question asks about without naming one: who runs, leads or is in charge of the
    council is its leader; of a service ("children's services", "social care"), or the boss of
    nothing named, its director; of an inspection, its lead inspector."""
    # (whom the government sent or put in is its commissioner: "who did the government parachute into X?")
    if any(t.lower_ in ("who", "whom") for t in doc) and any(
            t.dep_ == "nsubj" and t.lemma_.lower() in GOVERNMENT_WORDS and t.head.pos_ == "VERB" for t in doc):
        return ("commissioner",)
    heads = [t for t in doc if (t.pos_ == "VERB" and t.lemma_.lower() in HEAD_VERBS) or t.lemma_.lower() in HEAD_NOUNS]
    if not heads or not any(t.lower_ in ("who", "whom") for t in doc):
        return ()
    objects = [c for t in heads for c in t.children if c.dep_ == "dobj"] + \
        [g for t in heads for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
         for g in c.children if g.dep_ == "pobj"]
    if not objects:  # "who's the boss over there?": of the children's services these articles are about
        return ("director",) if any(t.lemma_.lower() in HEAD_NOUNS for t in heads) else ()
    if any(t.lemma_.lower() in ("inspection", "visit") for o in objects for t in o.subtree):
        return LEAD_INSPECTOR  # "who led Ofsted's 2015 inspection of X?"
    if all(o.lemma_.lower() in COUNCIL_NOUNS or o.pos_ == "PROPN" for o in objects):
        return ("leader",)
    services = {t.lemma_.lower() for o in objects for t in o.subtree} & {"service", "care", "department", "social"}
    return ("director",) if services else ()  # (who runs a charity is no role of the council's)


def _grade_picks(doc, yes_no: bool, named: set[int] = frozenset()) -> bool:
    """Whether the grade a question names picks the inspection it asks about rather than being
    what it asks: said in a subordinate clause ("how many children were in care when it was
    rated inadequate?", "the grade before it became outstanding") or as an attribute in a
    prepositional phrase ("at the time of the inadequate rating", "in its inadequate report")."""
    tok = _grade_token(doc)
    if tok is None:
        return False
    # (the grade may be the verb itself: "after it failed")
    verb = tok if tok.pos_ == "VERB" else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    # (not the question's own clause, parsed as a subordinate one: "Of A, B and C, which have had
    # an inadequate rating?" — its subject is the wh-word — or a complement no "that"/"if" opens:
    # "where was the service ever rated good?", "which councils have had their services judged good?")
    own = verb is not None and (
        any(c.tag_ in ("WDT", "WP") and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children)
        or verb.dep_ == "ccomp" and not any(c.dep_ == "mark" for c in verb.children)
        # (not a clause set before the question: "on the day X got outstanding, what did … say?")
        and not any(t.tag_ in ("WDT", "WP", "WRB") and t.i > verb.right_edge.i for t in doc)
        # (or the object's complement of a clause whose subject is the wh-word: "which councils had
        # care leavers rated good?")
        or verb.dep_ == "acl" and verb.head.dep_ == "dobj" and any(
            c.dep_ in ("nsubj", "nsubjpass") and (c.tag_ in ("WDT", "WP") or any(d.tag_ in ("WDT", "WP") for d in c.children))
            for c in verb.head.head.children))
    if verb is not None and verb.dep_ in ("advcl", "relcl", "acl", "pcomp", "ccomp") and not own:
        # (in a yes/no question only a clause opened by "when", "before", "that" …: the small
        # model hangs "is X's care … rated outstanding?" as a clause of its own, and "was it
        # true that it was rated …?" asks the grade)
        # (`named`: tokens of an area's name, "looked after children", which are no clause's opener)
        if not yes_no or (verb.dep_ != "ccomp" and any((c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP"))
                                                       and c.i not in named for c in verb.children)):
            return True
    # an attribute of a noun in a prepositional phrase: "in its inadequate report", or a rating's
    # on a noun ("at the time of the inadequate rating"), not the verb's ("hold on to its outstanding grade")
    # ("after the inadequate verdict": a phrase of time or circumstance dates the question)
    noun = tok.head
    # (not a word of an area's name: "was its children in care service outstanding?")
    return tok.dep_ == "amod" and noun.dep_ == "pobj" and noun.head.pos_ == "ADP" and noun.head.i not in named and \
        (noun.lemma_.lower() not in RATING_WORDS or noun.head.head.pos_ in ("NOUN", "PROPN")
         or noun.head.lower_ in BEFORE_WORDS | AFTER_WORDS | {"since", "despite", "during", "following"})


def _longest_phrase(text: str, table: dict[str, str]) -> str | None:
    for phrase in sorted(table, key=len, reverse=True):
        if next(_phrase_at(phrase, text), None):
            return table[phrase]
    return None


def _grade_asked(doc, text: str, table: dict[str, str], anchor: bool = False) -> str | None:
    """The grade a question asks about: its longest grade wording, outside a clause that dates
    what is asked ("was X rated good before it got failed?" asks about "good"); `anchor`: the grade
    of that clause instead, when the question asks about another ("inadequate")."""
    anchored = {t.i for v in doc if any(c.dep_ == "mark" and c.lower_ in ANCHOR_MARKS for c in v.children)
                for t in v.subtree}
    found = [(m.start(), table[p]) for p in sorted(table, key=len, reverse=True) for m in _phrase_at(p, text)]
    inside = [any(t.idx <= at < t.idx + len(t) and t.i in anchored for t in doc) for at, _ in found]
    free = [g for (_, g), i in zip(found, inside) if not i]
    if anchor:
        return next((g for (_, g), i in zip(found, inside) if i and g not in free), None) if free else None
    return (free or [g for _, g in found] or [None])[0]


def _phrase_at(phrase: str, text: str):
    """Where `phrase` stands in `text` as whole words (a hyphen joins words: "top-rated" is "top rated")."""
    words = r"[\s-]+".join(re.escape(w) for w in phrase.split())
    return re.finditer(rf"(?<![\w-]){words}(?![\w-])", text)


def _in_phrases(doc, table: dict[str, str]) -> set[int]:
    """The tokens of `doc` inside a wording of `table` ("after" in "looked after children" is
    part of an area's name, no word of time)."""
    text = doc.text.lower().replace("’", "'")
    inside = set()
    for phrase in table:
        for m in _phrase_at(phrase, text):
            inside |= {t.i for t in doc if m.start() <= t.idx < m.end()}
    return inside


def _names(text: str, council: str) -> bool:
    variants = {council.lower(), council.lower().replace("&", "and"), council.lower().replace(" and ", " & ")}
    # (also a possessive typed without its apostrophe: "trenholms adoption work")
    return any(has_phrase(text, v) or has_phrase(text, v + "s") for v in variants)


def _meets(grade: str, asked: Asked) -> bool:
    """Whether a grade is the one asked for (or a higher one, asked "good or better"; a lower
    one, asked "less than good")."""
    if asked.below:
        return rank(grade) > rank(asked.grade) and grade in GRADE_ORDER
    return grade == asked.grade or asked.at_least and rank(grade) <= rank(asked.grade)


def rank(grade: str | None) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


def _level(grade: str | None) -> int:
    """A grade's step on Ofsted's four-point scale ("adequate" is the old name of the third)."""
    return rank(grade) - (rank(grade) >= GRADE_ORDER.index("adequate"))


def _clipped(sentence: str, words: int = 30) -> str:
    """A sentence as an answer's clause: whole when short, else its first `words` words."""
    said = sentence.split()
    return sentence if len(said) <= words else " ".join(said[:words]) + " …"


def when_label(rec: InspectionRecord) -> str:
    """"July 2023", "2019", or "" for an undated article."""
    from index.nlp import MONTHS

    iso = rec.when
    if not iso:
        return ""
    parts = iso.split("-")
    return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) > 1 else parts[0]


class RecordAnswerer:
    """Answers the questions the records decide; `answer()` returns None for the rest."""

    def __init__(self, records: list[InspectionRecord], years: dict[str, set[str]] | None = None,
                 leads: dict[str, str] | None = None):
        # (an undated record is copied: it may be dated below, and the index's records stay as read)
        self.records = [r if r.when and r.inspected else replace(r) for r in records if r.council]
        self.leads = leads or {}  # article -> its first sentence after the headline (what a summary opens with)
        self.years = years or {}  # article -> the years its text names (an undated article still says "2017")
        self.by_council: dict[str, list[InspectionRecord]] = {}
        for r in self.records:
            self.by_council.setdefault(r.council.value, []).append(r)
        for by_gap in (True, False):  # undated articles dated by what the council's articles say
            for r in self.records:
                if not r.when:
                    _date_by_others(r, self.by_council[r.council.value], by_gap)
        for r in self.records:  # (an article restating the grade of an inspection another one tells of)
            _restated(r, self.by_council[r.council.value])
        for recs in self.by_council.values():  # (an undated article after the latest year it names)
            # (and after that year's inspections when it looks back on that year: "the inadequate rating
            # it was given in 2023")
            recs.sort(key=lambda r: (r.when or (last := max(self.years.get(r.source, ()), default="")) + (
                "~" if any(e.year == last for e in r.recalled) else ""), r.source))
        # the bodies whose people the articles name by their role ("Ofsted's regional director",
        # "Unison's branch secretary"): a question naming one asks for its person
        from index.nlp import parse_cached

        own = {w.lower() for r in self.records for w in r.council.value.split()} | COUNCIL_NOUNS | set(COUNCIL_TYPES)
        self.owners = {t.lower_ for r in self.records for p in r.people for t in parse_cached(p.role)[:1]
                       if t.pos_ == "PROPN" and t.lower_ not in own and p.role[len(t.text):].startswith(("'s", "’s"))}

    def answer(self, asked: Asked, follow_councils: list[str] = ()) -> list[Claim] | None:
        # (an area a record does not grade gives no claim: "and next time round?" of care leavers)
        claims = [c for c in self._answer(asked, follow_councils) or () if c is not None]
        return claims or None

    def _answer(self, asked: Asked, follow_councils: list[str] = ()) -> list[Claim] | None:
        councils = asked.councils or list(follow_councils)
        words = asked.lemmas
        if words & {"other", "else", "another"}:
            return None  # "which other council …": a relation between councils the records do not hold
        if words & SUMMARY_WORDS or ("tell" in words and "about" in words and not asked.wh) \
                or (asked.happened and asked.ranks_grades and asked.wh in (None, "what")):  # "what happened in X's inspection?"
            return self._summary(councils, asked) if len(councils) == 1 else None
        if (asked.council_question or asked.wh == "which" and "one" in words) and len(councils) != 1 \
                and words & MOST_WORDS - ({"most"} if "recent" in words else set()) \
                and words & (UP_WORDS | DOWN_WORDS) and not asked.grade:  # (not "at their most recent inspection")
            # "which council improved the most between its two inspections?", "which one fell furthest?"
            return self._most_moved(councils if len(councils) >= 2 else sorted(self.by_council),
                                    down=bool(words & DOWN_WORDS))
        if asked.council_question and asked.inspects and not asked.grade:  # "which councils were inspected twice?"
            return self._inspected(asked)
        # "compare A and B", "is A doing better than B?", "how does A's rating stack up against B's?",
        # "has A got better since 2017?": the grades of two councils, or of one council's inspections
        about_grades = asked.ranks_grades and not asked.finding and (asked.compares or not asked.council_question) and \
            (asked.compares or bool(words & RATING_WORDS) or asked.asks_grade)
        if about_grades and (len(councils) >= 2 or (len(councils) == 1 and asked.compares
                                                    and len(self._inspections(councils[0])) > 1)):
            return self._compare(councils, asked)
        if asked.council_question and asked.change and len(councils) != 1:  # "which councils went downhill?"
            return self._changed(asked, councils if len(councils) >= 2 else None)
        if asked.each_council and not asked.grade and not asked.finding and not words & RANK_WORDS and (asked.asks_grade or words & GRADE_NOUNS
                                                                            or words & RATING_WORDS):
            # "list each council with the grade from its most recent inspection"
            latest = [self._graded(c)[-1] for c in (councils if len(councils) >= 2 else sorted(self.by_council))
                      if self._graded(c)]
            return [self._grade_claim(r, dated=True) for r in latest] if len(latest) >= 2 else None
        if asked.council_question and (words & RANK_WORDS) and not asked.grade and asked.ranks_grades:
            return self._best(asked, councils if len(councils) >= 2 else None, worst=bool(words & WORST_WORDS))
        # (not "two outstanding judgements", not "… when it was rated inadequate")
        if asked.council_question and asked.grade and not asked.counts and not asked.grade_picks:
            found = self._with_grade(asked, councils if len(councils) >= 2 else None)
            if found and asked.yes_no:  # "did any council get the top grade for its care leavers?"
                found[0].text = f"Yes — {found[0].text}"
            return found
        if asked.council_question and asked.role and not asked.grade and not self._names_person(asked):
            # "which councils had a government commissioner sent in?", "where did union reps comment?"
            found = self._with_role(councils if len(councils) >= 2 else sorted(self.by_council), asked)
            if found:
                return found
        if asked.asks_person and asked.role and not asked.council_question and \
                (len(councils) >= 2 or (not councils and asked.many_people)):
            # "which regional directors commented on A, B and C?", "who are the regional directors named?"
            return self._people(councils or sorted(self.by_council), asked)
        if len(councils) == 1 and asked.many_people and not asked.role and (asked.asks_person or asked.imperative):
            return self._named_people(councils[0], asked)  # "list everyone quoted in X's latest story"
        if asked.writer and len(councils) > 1:  # "who wrote it?" of a round-up of several councils
            return self._writer(councils, asked)
        if len(councils) != 1:
            return None
        council = councils[0]
        if (asked.wh == "when" or asked.asks_date) and asked.lemmas & PUBLISH_WORDS and not asked.future:
            return self._published(council, asked)  # "when was the 2023 report made public?"
        if (asked.wh == "when" or asked.asks_date) and asked.inspects and not asked.future:
            return self._when(council, asked)
        if asked.inspects and set(asked.counted) & {"time", "inspection", "visit"}:
            return self._times(council)  # "how many times has X been inspected?"
        # (not a duration "at the 2014 inspection … between entering care and adoption": between inspections)
        if asked.duration and asked.lemmas & {"inspection", "inspect"} and \
                (asked.lemmas & {"gap", "since"} or "between" in asked.lemmas and "inspections" in asked.lemmas):
            return self._gap(council)  # "how long between X's inspections?"
        if asked.succession and asked.asks_person:
            found = self._succession(council, asked)
            if found:
                return found
        if asked.yes_no and asked.lemmas & (STAY_WORDS | GONE_WORDS) and (not asked.grade or asked.grade_picks):
            still = self._still(council, asked)  # "is Rebecca Stroud still running children's services?"
            if still:
                return still
        if asked.yes_no and asked.role and (not asked.grade or asked.grade_picks):
            holder = self._is_holder(council, asked)  # "is oliver stanton trenholm's council leader"
            if holder:
                return holder
        if asked.yes_no and asked.grade and not asked.grade_picks:
            return self._yes_no(council, asked)
        if asked.yes_no and asked.change and not asked.grade:  # "did its care leavers work get marked down in 2021?"
            moved = self._moved(council, asked)
            if moved:
                return moved
        if asked.yes_no and not asked.grade and asked.lemmas & GRADE_NOUNS and (asked.year or asked.month):
            return self._graded_at(council, asked)  # "did X get a grade from its 2022 focused visit?"
        # "which areas for improvement …", "what were they told to improve when it got outstanding?",
        # "were there any positives in its inadequate report?"
        if asked.finding and (not asked.grade or asked.grade_picks) and not asked.amount:
            return self._findings(council, asked)
        if asked.over_time and (asked.asks_areas or asked.asks_grade or asked.lemmas & (HISTORY_WORDS | GRADE_NOUNS)) \
                and not asked.yes_no:  # ("walk me through X's grades over the years")
            return self._history(council, since=asked.year)
        if asked.asks_areas:
            return self._areas(council, asked)
        if asked.relative and asked.about_grades and asked.wh != "when" and \
                not (asked.asks_person or asked.yes_no or asked.counts or asked.amount):
            return self._relative(council, asked)  # "what did it get at the inspection before?"
        if asked.asks_grade and not asked.asks_person:
            return self._grade_of(council, asked)
        if asked.writer:
            written = self._writer([council], asked)
            if written or not (asked.asks_person and asked.role):  # "who's the local MP writing about X?": the MP
                return written
        if asked.asks_person and asked.role:
            return self._person(council, asked)
        if asked.finding and not asked.yes_no and not asked.amount:
            return self._findings(council, asked)
        return None

    def unknown_time(self, asked: Asked, mentioned: dict[str, set[str]]) -> str | None:
        """"What was Easthaven rated in 2022?" when no article of Easthaven tells of 2022, or an
        area's grade in a year only an overall grade is recalled for: the refusal to give, naming
        what is missing (`mentioned`: the years each council's articles name anywhere in their text)."""
        if len(asked.councils) != 1 or asked.councils[0] not in self.by_council:
            return None
        council = asked.councils[0]
        if not asked.year:
            return self._ungraded_area(council, asked, self._graded(council), "")
        # "what was X rated before 2019?" when no inspection or recalled grade is older
        if asked.relative and asked.about_grades and not (asked.yes_no or asked.asks_person or asked.finding
                                                           or asked.amount):
            recs = self._of(council)
            known = {int(r.when[:4]) for r in recs if r.when[:4].isdigit()} | \
                {int(e.year) for r in recs for e in r.earlier if e.year}
            side = {"before": lambda y: y < int(asked.year), "after": lambda y: y > int(asked.year)}[asked.relative]
            dated = all(r.when[:4].isdigit() for r in recs)  # (an undated report may be the one)
            if known and dated and not any(side(y) for y in known):
                return f"The articles have no inspection of {council} {asked.relative} {asked.year}."
        # (or the year the records give an undated article: "four years after …")
        if asked.year not in mentioned.get(council, set()) | {r.when[:4] for r in self._of(council)} and \
                not any(self._undated_of(r, asked.year) for r in self._of(council)):
            return f"The articles have no {asked.year} inspection of {council}."
        # "who led X's 2018 inspection?" when no article of that inspection names its inspectors,
        # only later ones recall it: another inspection's lead inspector is no answer
        # (or whose articles name no inspector: a reader's letter on the result)
        if asked.asks_person and "inspector" in asked.role and not asked.relative and \
                not any(self._of_year(r, asked.year) and any("inspector" in role_words(p.role.split()) for p in r.people)
                        for r in self._of(council)):
            return f"The articles name no inspector of {council}'s {asked.year} inspection."
        # "What did X's care leavers service get in 2014?" when the articles recall only 2014's overall grade
        graded = self._of_time(self._graded(council), asked)
        if asked.area and (asked.asks_grade or asked.yes_no) and not graded:
            if any(e.area == asked.area and e.year == asked.year for r in self._of(council) for e in r.earlier):
                return None  # a later article recalls the area's grade: "down from good in 2018"
            recalled = [e for r in self._of(council) for e in r.recalled if e.year == asked.year]
            # (an article of no date that grades the area may be that year's)
            if recalled and not any(not r.when[:4].isdigit() and any(a.area == asked.area for a in r.areas)
                                    for r in self._of(council)):
                return (f"The articles give {council}'s {asked.year} overall grade ({recalled[0].grade}), "
                        f"not its grade for {asked.area}.")
        # (its articles of that year give the overall grade and no area's: "what did X get for care
        # leavers in its 2022 inspection?" when they say only "rated good")
        of_year = [r for r in self._of(council) if self._of_year(r, asked.year)]
        if asked.area and (asked.asks_grade or asked.yes_no) and graded and not any(r.areas for r in graded) \
                and not any(a.area == asked.area for r in of_year for a in r.areas) \
                and not any(e.area == asked.area and e.year == asked.year for r in self._of(council) for e in r.earlier):
            return (f"The articles give {council}'s {asked.year} overall grade ({graded[-1].overall.value}), "
                    f"not its grade for {asked.area}.")
        return self._ungraded_area(council, asked, graded, f"{asked.year} ")

    def _ungraded_area(self, council: str, asked: Asked, graded: list[InspectionRecord], when: str) -> str | None:
        """"What did X's safeguarding board get (in 2016)?" when the reports of that time list their
        grades and the area is among none of them."""
        grid = max(graded, key=lambda r: len(r.areas), default=None)
        # (an article of the time that grades only that area counts: a fostering agency's own inspection)
        if asked.area and asked.asks_grade and grid is not None and len(grid.areas) >= 3 and \
                not any(a.area == asked.area for r in graded for a in r.areas) and \
                not any(a.area == asked.area for r in self._of(council) if not r.overall for a in r.areas):
            return (f"The articles give {council}'s {when}grades for "
                    f"{join_names(sorted({a.area for a in grid.areas}))}, not for {asked.area}.")
        return None

    def year_of_grade(self, council: str, grade: str, area: str | None = None) -> str | None:
        """The year of the council's one inspection with that grade (overall, or the area's), as
        its records or an article recalling it tell it: "when it was rated inadequate" names an
        inspection. None when no inspection, or more than one, had it."""
        inspected, published = set(), set()  # an article dated only by publication may report an older inspection
        for r in self._of(council):
            got = r.overall.value if r.overall and not area else \
                next((a.grade for a in r.areas if a.area == area), None)
            if got == grade and not r.when[:4].isdigit() and not self.years.get(r.source):
                return None  # an article of no date reports it: a year recalled elsewhere would not find it
            if got == grade and r.when[:4].isdigit():
                (inspected if r.inspected else published).add(r.when[:4])
            inspected |= {e.year for e in r.earlier if e.area == (area or "") and e.grade == grade and e.year}
        years = inspected or published
        return years.pop() if len(years) == 1 else None

    # ----- helpers ------------------------------------------------------------------------
    def _of(self, council: str) -> list[InspectionRecord]:
        return self.by_council.get(council, [])

    def _of_time(self, recs: list[InspectionRecord], asked: Asked) -> list[InspectionRecord]:
        """The records a question's year or month ("the July inspection") points at, or its
        inspection that moved the way a time clause says ("when it got downgraded"); all if none."""
        if asked.moved_at:
            moved = [m for c in dict.fromkeys(r.council.value for r in recs) for m in self.moved_inspections(c, asked.moved_at)]
            recs = [r for r in recs if r in moved] or recs
        if asked.year:
            recs = [r for r in recs if self._of_year(r, asked.year)]
        if asked.month:
            month = [r for r in recs if r.when[5:7] == f"{asked.month:02d}"]
            recs = month or recs
        return recs

    def moved_inspections(self, council: str, way: str) -> list[InspectionRecord]:
        """The council's graded records whose grade went `way` ("down" / "up") from the one before."""
        return [r for r in self._graded(council) if (b := self._before(r)) is not None
                and rank(r.overall.value) != rank(b.grade) and (rank(r.overall.value) > rank(b.grade)) == (way == "down")]

    def _of_year(self, rec: InspectionRecord, year: str) -> bool:
        """A record is of a year when dated in it, or undated and its article names only that
        year among the ones the question could mean — not a year it recalls an earlier grade in
        ("In 2014, the council was rated inadequate": that year is the earlier inspection's)."""
        if rec.when[:4].isdigit():  # (not a month with no year: "10 October")
            return rec.when.startswith(year)
        if any(e.year == year for e in rec.earlier):
            return False
        return year in self.years.get(rec.source, set()) or self._undated_of(rec, year)

    def _of_years(self, rec: InspectionRecord, asked: Asked) -> bool:
        """A record is of the year asked, or, asked from it on ("2019 or later"), of it or a later one."""
        if not asked.year_on:
            return self._of_year(rec, asked.year)
        if rec.when[:4].isdigit():
            return rec.when[:4] >= asked.year
        return any(y >= asked.year and self._of_year(rec, y) for y in self.years.get(rec.source, ()))

    def _undated_of(self, rec: InspectionRecord, year: str) -> bool:
        """An undated article's inspection may be of a year no other article of its council dates
        an inspection in, when that year is after them all and after every grade it looks back on
        ("rated requires improvement in 2019"): a column that says only "in September"."""
        if rec.when[:4].isdigit() or not rec.overall or not year.isdigit() or year > str(date.today().year):
            return False
        dated = [r.when[:4] for r in self._graded(rec.council.value) if r.when[:4].isdigit()]
        recalled = [e.year for e in rec.earlier if e.year]
        return year > max(dated + recalled, default="0")

    def _graded(self, council: str) -> list[InspectionRecord]:
        return [r for r in self._of(council) if r.overall and r.overall.sentence]

    def _latest(self, council: str, area: str | None = None) -> InspectionRecord | None:
        """The council's latest inspection, as its fullest article reports it (the articles that
        end its records with the same grade, within a year, tell of one inspection: the report,
        then the news after it); with `area`, one that grades that area, or None."""
        run = []
        for r in reversed(self._graded(council)):
            if run and (r.overall.value != run[0].overall.value or _years_apart(r, run[0]) > 1):
                break  # another inspection: another grade, or years before
            run.append(r)
        if area:
            run = [r for r in run if any(a.area == area for a in r.areas)]
        return max(run, key=_fullness) if run else None

    def _inspections(self, council: str) -> list[InspectionRecord]:
        """The council's graded records, one per inspection: articles of the same year giving the
        same grade report one inspection (the first, best-dated, stands for it)."""
        out: dict[tuple, InspectionRecord] = {}
        for r in self._graded(council):
            key = (r.overall.value, r.when[:4])
            if key not in out or len(r.when) > len(out[key].when):  # (the best-dated: "2022-09-12", not "2022")
                out[key] = r
        return list(out.values())

    def _pick(self, council: str, asked: Asked) -> InspectionRecord | None:
        """The record a question points at: its year's, else the latest graded one."""
        graded = self._graded(council)
        if asked.year or asked.month:
            dated = self._of_time(graded, asked)
            same = [r for r in dated if r.overall.value == dated[-1].overall.value]
            return max(reversed(same), key=_fullness) if same else None  # the fullest report of it
        if asked.lemmas & EARLIEST_WORDS and not asked.lemmas & LATEST_WORDS:
            return graded[0] if graded else None
        # (an area the latest report does not grade: the latest that does — "sandlow adoption grade?")
        if asked.area:
            # (or an article that grades only the area: a fostering agency's own inspection)
            return self._latest(council, asked.area) or next(
                (r for recs in (graded, self._of(council)) for r in reversed(recs)
                 if any(a.area == asked.area for a in r.areas)), None) or self._latest(council)
        return self._latest(council)

    @staticmethod
    def _grade_claim(rec: InspectionRecord, area: str | None = None, prefix: str = "",
                     dated: bool = False) -> Claim | None:
        """"Northmoor: inadequate overall (2017)", cited to the sentence that gives the grade; the
        date is said only when that sentence says it (else it is the citation's date), or when
        the date is what sets the inspection apart (`dated`: "the one after that")."""
        fact = rec.overall if not area else next((a for a in rec.areas if a.area == area), None)
        if fact is None:
            return None
        grade = fact.value if not area else fact.grade
        when = when_label(rec)
        year = when[-4:]
        said = f" ({when})" if year and (dated or year in fact.sentence) else ""
        what = f"{area} {grade}" if area else f"{grade} overall"
        return Claim(f"{prefix}{rec.council.value}: {what}{said}.", [(rec.source, fact.sentence)])

    # ----- kinds of question --------------------------------------------------------------
    def _with_grade(self, asked: Asked, among: list[str] | None) -> list[Claim] | None:
        """"Which councils were rated inadequate?": every inspection with that grade (with the
        earlier grades articles recall, unless the question asks about now: "are rated")."""
        claims = []
        for council in among or sorted(self.by_council):
            recs = self._graded(council)
            if not asked.ever and recs:
                recs = recs[-1:]
            for rec in recs:
                if asked.year and not self._of_years(rec, asked):
                    continue
                if asked.area:
                    if any(a.area == asked.area and _meets(a.grade, asked) for a in rec.areas):
                        claims.append(self._grade_claim(rec, asked.area))
                    continue
                if _meets(rec.overall.value, asked):  # (with its date when the question asks for it)
                    claims.append(self._grade_claim(rec, dated=bool(asked.lemmas & {"year", "when", "date"}) or asked.year_on))
                graded_so = [a for a in rec.areas if _meets(a.grade, asked)]
                # ("… outstanding for any part of their work?", "… for anything?": its areas too)
                if (asked.lemmas & AREA_WORDS or asked.any_area) and graded_so:
                    said = "; ".join(f"{join_names([a.area for a in graded_so if a.grade == g])} {g}"
                                     for g in dict.fromkeys(a.grade for a in graded_so))
                    claims.append(Claim(f"{council}: {said}.",
                                        list(dict.fromkeys((rec.source, a.sentence) for a in graded_so))))
            if asked.ever and not asked.area:
                # (a grade recalled that no inspection above gives: not one of theirs again, nor undated)
                had = {(r.overall.value, r.when[:4]) for r in recs}
                for rec in self._of(council):
                    for e in rec.recalled:
                        if _meets(e.grade, asked) and (not asked.year or e.year == asked.year
                                                       or asked.year_on and e.year > asked.year) and \
                                (e.grade, e.year) not in had and (e.year or not any(g == e.grade for g, _ in had)):
                            claims.append(Claim(f"{council}: {e.grade}{' in ' + e.year if e.year else ''}.",
                                                [(rec.source, e.sentence)]))
        if not claims:
            return None  # the evidence may still say it in words the records did not read
        names = list(dict.fromkeys(c.text.split(":")[0] for c in claims))
        return [Claim(f"{join_names(names)}.")] + _dedupe(claims)

    def _best(self, asked: Asked, among: list[str] | None, worst: bool) -> list[Claim] | None:
        """"Which council did best?": the councils' latest grades, ranked."""
        latest = [self._graded(c)[-1] for c in (among or sorted(self.by_council)) if self._graded(c)]
        if len(latest) < 2:
            return None
        latest.sort(key=lambda r: rank(r.overall.value), reverse=worst)
        top = [r for r in latest if r.overall.value == latest[0].overall.value]
        head = Claim(f"{join_names([r.council.value for r in top])}: {top[0].overall.value} at "
                     f"{'their' if len(top) > 1 else 'its'} latest inspection, the "
                     f"{'lowest' if worst else 'highest'} grade among the councils in the articles.")
        # (and a better — or worse — grade one of them had before: "which got the top grade?" may mean ever)
        side = (lambda g: rank(g) > rank(top[0].overall.value)) if worst else (lambda g: rank(g) < rank(top[0].overall.value))
        earlier = [(c, g) for c in (among or sorted(self.by_council)) for g in self.grades_over_time(c) if side(g.grade)]
        if earlier:
            edge = (max if worst else min)(rank(g.grade) for _, g in earlier)
            earlier = [(c, g) for c, g in earlier if rank(g.grade) == edge]
            head.text += " Earlier, " + join_names([f"{c} was rated {g.grade}{_in_brackets(g.when or g.year)}"
                                                   for c, g in earlier]) + "."
            head.sources = [(g.source, g.sentence) for _, g in earlier]
        return [head] + [self._grade_claim(r) for r in latest]

    def _most_moved(self, among: list[str], down: bool) -> list[Claim] | None:
        """The council whose grade rose (fell) most from its first inspection in the articles to its
        latest, by steps of Ofsted's scale, with both grades cited."""
        moves = []
        for council in among:
            recs = self._inspections(council)
            if len(recs) >= 2:
                first, last = recs[0], recs[-1]
                steps = _level(first.overall.value) - _level(last.overall.value)  # (up is a lower level)
                moves.append((-steps if down else steps, council, first, last))
        moves = [m for m in moves if m[0] > 0]
        if not moves:
            return None
        moves.sort(key=lambda m: -m[0])
        top = [m for m in moves if m[0] == moves[0][0]]
        way = "fell" if down else "rose"
        head = Claim(f"{join_names([m[1] for m in top])}: {way} {moves[0][0]} grade{'s' if moves[0][0] > 1 else ''}.")
        return [head] + [Claim(f"{c}: {a.overall.value}{_in_brackets(when_label(a))} to {b.overall.value}"
                               f"{_in_brackets(when_label(b))}.", [(a.source, a.overall.sentence),
                                                                   (b.source, b.overall.sentence)])
                         for _, c, a, b in moves]

    def _inspected(self, asked: Asked) -> list[Claim] | None:
        """"Which councils were inspected in 2023?" (the year's inspections), "… inspected twice /
        more than once?" (councils with two or more): each inspection, cited to its grade."""
        again = bool(asked.lemmas & {"twice", "again", "two", "more", "several", "multiple"})
        claims = []
        for council in sorted(self.by_council):
            recs = self._inspections(council)
            recs = self._of_time(recs, asked) if asked.year else recs
            if not recs or (again and len(recs) < 2):
                continue
            claims += [self._grade_claim(r) for r in recs]
        if not claims:
            return None
        names = list(dict.fromkeys(c.text.split(":")[0] for c in claims))
        return [Claim(f"{join_names(names)}.")] + claims

    def grades_over_time(self, council: str) -> list[Graded]:
        """A council's overall grades, earliest first: each inspection's, and the earlier ones its
        articles recall with a year no inspection of the articles has ("rated inadequate in 2017")."""
        recs = self._inspections(council)
        had = [Graded(r.overall.value, r.when[:4], r.source, r.overall.sentence, when_label(r)) for r in recs]
        years = {g.year for g in had}
        for r in self._of(council):  # (a monitoring visit's article recalls grades too)
            for e in r.recalled:
                if e.year and e.year not in years:
                    years.add(e.year)
                    had.append(Graded(e.grade, e.year, r.source, e.sentence))
        return sorted(had, key=lambda g: g.year or "9999")

    def _history(self, council: str, since: str | None = None, one_line: bool = False) -> list[Claim] | None:
        """"What grades has X had and when?": each overall grade with its year, earliest first
        (from the year `since` on: "X's ofsted history from 2016 onwards")."""
        had = [g for g in self.grades_over_time(council) if not since or not g.year or g.year >= since]
        if one_line and had:  # (a summary's first line)
            return [Claim(f"{council}: " + ", then ".join(f"{g.grade}{_in_brackets(g.when or g.year)}" for g in had) + ".",
                          list(dict.fromkeys((g.source, g.sentence) for g in had)))]
        if len(had) < 2:
            return [Claim(f"{council}: {g.grade}{_in_brackets(g.when or g.year)}.", [(g.source, g.sentence)]) for g in had] or None
        # (one grade a line, each cited to the sentence that gives it)
        return [Claim(f"{council}'s grades, earliest first:")] + \
            [Claim(f"{g.grade}{_in_brackets(g.when or g.year)}", [(g.source, g.sentence)]) for g in had]

    def _times(self, council: str) -> list[Claim] | None:
        """"How many times has X been inspected?": the inspections its articles report, each
        cited to its grade."""
        recs = self._inspections(council)
        if not recs:
            return None
        count = {1: "Once", 2: "Twice"}.get(len(recs), f"{len(recs)} times")
        return [Claim(f"{count} in these articles:")] + [self._grade_claim(r) for r in recs]

    def _when(self, council: str, asked: Asked) -> list[Claim] | None:
        """"When was X last inspected?": the inspection date a record read from its text."""
        dated = [r for r in self._of(council) if r.inspected and r.inspected.sentence and r.inspected.value[:4].isdigit()
                 and (not asked.year or r.when.startswith(asked.year))]
        if asked.grade_picks and asked.grade:  # "… when it was rated good": that inspection's date
            dated = [r for r in dated if r.overall and r.overall.value == asked.grade]
        if "visit" in asked.lemmas:  # "… for that focused visit": a visit's date, or the evidence's to say
            dated = [r for r in dated if "visit" in r.inspected.sentence.lower()]
        if asked.relative == "before" and not asked.grade_picks:  # "when was its last inspection before that one?"
            ref = next((r for r in reversed(self._inspections(council)) if not asked.year or r.when.startswith(asked.year)),
                       None)
            prev = self._before(ref) if ref is not None else None
            if prev is not None and prev.year:
                return [Claim(f"Before {when_label(ref) or 'that'}, {council} was inspected in "
                              f"{_month_year(prev.year, prev.sentence)} and rated {prev.grade}.", [(prev.source, prev.sentence)])]
        if not dated:
            return None  # the evidence may still say when, in words the records did not read
        if asked.lemmas & {"both", "all", "every", "each"} and asked.lemmas & INSPECTION_NOUNS and not asked.year:
            # "the dates of both its inspections": each inspection's, once, earliest first
            seen = {}
            for r in dated:
                seen.setdefault(r.when[:4], r)
            return [Claim(f"{council} was inspected {_days_said(r.inspected.sentence, w) or 'in ' + w}.",
                          [(r.source, r.inspected.sentence)])
                    for r in seen.values() for w in [_as_said(when_label(r), r.inspected.sentence)]]
        earliest = bool(asked.lemmas & EARLIEST_WORDS) and not asked.lemmas & LATEST_WORDS
        rec = dated[0] if earliest else dated[-1]
        which = "" if asked.year else ("first " if earliest else "last ")
        when = _as_said(when_label(rec), rec.inspected.sentence)
        days = _days_said(rec.inspected.sentence, when)
        claims = [Claim(f"{council} was {which}inspected {days or 'in ' + when}.", [(rec.source, rec.inspected.sentence)])]
        if asked.lemmas & RATING_WORDS:  # "… and what was the result?": that inspection's grade too
            graded = rec if rec.overall and rec.overall.sentence else self._pick(council, replace(asked, year=rec.when[:4]))
            claim = self._grade_claim(graded) if graded is not None else None
            claims += [claim] if claim else []
        return claims

    def _published(self, council: str, asked: Asked) -> list[Claim] | None:
        """"When was X's 2023 report published?": the publication date a record read from its text."""
        from index.nlp import MONTHS

        dated = [r for r in self._of(council) if r.published and r.published.sentence and r.published.value.count("-") == 2
                 and (not asked.year or r.when.startswith(asked.year) or r.published.value.startswith(asked.year))]
        if not dated:
            return None
        earliest = bool(asked.lemmas & EARLIEST_WORDS) and not asked.lemmas & LATEST_WORDS
        rec = dated[0] if earliest else dated[-1]
        year, month, day = rec.published.value.split("-")
        on = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
        return [Claim(f"{council}'s report was published on {on}.", [(rec.source, rec.published.sentence)])]

    def _gap(self, council: str) -> list[Claim] | None:
        """"How long was the gap between X's two inspections?": the years between its first and
        last inspections, each cited to its grade."""
        recs = [r for r in self._inspections(council) if r.when[:4].isdigit()]
        if len(recs) < 2:
            return None
        a, b = recs[0], recs[-1]
        years = _years_apart(a, b)
        return [Claim(f"About {years} year{'s' if years != 1 else ''}: {when_label(a)} ({a.overall.value}) "
                      f"to {when_label(b)} ({b.overall.value}).")] + [self._grade_claim(a), self._grade_claim(b)]

    def _yes_no(self, council: str, asked: Asked) -> list[Claim] | None:
        # "was X rated good before it got failed?": before the year it first got the grade that dates the question
        anchored = next((g.year for g in self.grades_over_time(council) if g.grade == asked.anchor and g.year), None) \
            if asked.anchor and asked.relative and not asked.year else None
        if anchored:
            asked = replace(asked, year=anchored)
        if ("ever" in asked.lemmas or anchored) and (not asked.year or asked.relative) and not asked.area:
            # "has X ever been rated outstanding?" (before or after the year asked: "… before 2022?")
            side = asked.relative if asked.year else None
            of_side = lambda year: not side or bool(year) and \
                (year < asked.year if side == "before" else year > asked.year)  # noqa: E731
            recs = [r for r in self._inspections(council) if of_side(r.when[:4])]
            if side:  # every grade of that time, reported or recalled, each once
                graded = {(r.when[:4], r.overall.value): (r.source, r.overall.sentence) for r in recs}
                for r in self._of(council):
                    for e in r.recalled:
                        if of_side(e.year):
                            graded.setdefault((e.year, e.grade), (r.source, e.sentence))
                if not graded:
                    return None
                yes = any(g == asked.grade for _, g in graded)
                return [Claim(f"{'Yes' if yes else 'No'} — {council} {side} {asked.year}: "
                              f"{', then '.join(f'{g} ({y})' for y, g in sorted(graded))}.", list(dict.fromkeys(graded.values())))]
            recalled = [(r, e) for r in self._of(council) for e in r.recalled if e.grade == asked.grade]
            if not recs:
                return None
            yes = any(r.overall.value == asked.grade for r in recs) or bool(recalled)
            # ("did X ever get outstanding for anything?": an area's grade counts too)
            areas = [(r, a) for r in recs for a in r.areas if a.grade == asked.grade] if asked.any_area else []
            if areas and not yes:
                return [Claim(f"Yes — {council}: {a.area} {a.grade}{_in_brackets(when_label(r))}.",
                              [(r.source, a.sentence)]) for r, a in areas]
            claims = [self._grade_claim(r) for r in recs]
            claims += [Claim(f"{council}: {e.grade}{' in ' + e.year if e.year else ''}.", [(r.source, e.sentence)])
                       for r, e in recalled[:1] if not any(x.overall.value == asked.grade for x in recs)]
            return [Claim(f"{'Yes' if yes else 'No'} — {council}'s grades in the articles: "
                          f"{', then '.join(r.overall.value + _in_brackets(when_label(r)) for r in recs)}.")] + claims
        rec = self._pick(council, asked)
        if rec is None:
            if asked.year:  # an earlier grade another article recalls ("inadequate in 2017", "down from good in 2018")
                for r in self._of(council):
                    for e in r.earlier:
                        if e.year == asked.year and e.area == (asked.area or ""):
                            yes = e.grade == asked.grade
                            what = f"{e.area} {e.grade}" if e.area else e.grade
                            return [Claim(f"{'Yes' if yes else 'No'} — {council}: {what} in {e.year}.",
                                          [(r.source, e.sentence)])]
            return None
        if asked.every_area and rec.areas and not asked.area:  # "was every area outstanding?": each area the article grades
            others = [a for a in rec.areas if a.area != "overall effectiveness" and a.grade != asked.grade]
            if not others:
                return [Claim(f"Yes — {council}: every area graded {asked.grade}.",
                              [(rec.source, a.sentence) for a in rec.areas])]
            return [Claim(f"No — {council}: "
                          f"{'; '.join(f'{a.area} {a.grade}' for a in others)}.", [(rec.source, a.sentence) for a in others])]
        if asked.any_area and rec.areas and not asked.area:  # "was any part judged good?": the areas that were
            hits = [a for a in rec.areas if a.grade == asked.grade]
            shown = hits or rec.areas
            return [Claim(f"{'Yes' if hits else 'No'} — {council}: "
                          f"{'; '.join(f'{a.area} {a.grade}' for a in shown)}.", [(rec.source, a.sentence) for a in shown])]
        if asked.area:
            got = next((a for a in rec.areas if a.area == asked.area), None)
            if got is None:
                return None
            yes = got.grade == asked.grade
            claim = self._grade_claim(rec, asked.area)
        else:
            yes = rec.overall.value == asked.grade
            claim = self._grade_claim(rec)
        if asked.grade_side == "before":  # "did it get out of the bottom grade by 2022?": whether it left
            # it (for the better with "up", for the worse with "down")
            moved = rank(got.grade if asked.area else rec.overall.value) - rank(asked.grade)
            yes = moved < 0 if asked.change == "up" else moved > 0 if asked.change == "down" else moved != 0
        if asked.ended:  # "is it no longer inadequate?": yes when its grade is another now
            yes = not yes
        claim.text = f"{'Yes' if yes else 'No'} — {claim.text}"
        return [claim]

    def _moved(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Did X's kids in care services slip in 2022?", "was help and protection marked down?":
        the grade (of the area asked, else overall) at the inspection asked (else the latest)
        against the inspection before it — "Yes" when it moved the way asked."""
        rec = self._pick(council, asked)
        now = _graded_in(rec, asked.area) if rec is not None else None
        if now is None:
            return None
        before = next((g for r in reversed(self._inspections(council)) if r.when[:4] < rec.when[:4]
                       and (g := _graded_in(r, asked.area))), None)
        if before is None and not asked.area:  # the grade its own article recalls
            before = self._before(rec)
        if before is None:  # … for the area: "were judged to require improvement, down from good in 2018"
            e = max((e for e in rec.earlier if e.area == asked.area and e.grade != now.grade), default=None,
                    key=lambda e: e.year or "0")
            before = Graded(e.grade, e.year, rec.source, e.sentence) if e else None
        if before is None:
            return None
        moved = rank(now.grade) - rank(before.grade)  # (a higher rank is a worse grade)
        yes = moved > 0 if asked.change == "down" else moved < 0
        what = asked.area or "overall"
        return [Claim(f"{'Yes' if yes else 'No'} — {council}: {what} {now.grade}{_in_brackets(now.year)}, "
                      f"from {before.grade}{_in_brackets(before.year)}.",
                      list(dict.fromkeys([(now.source, now.sentence), (before.source, before.sentence)])))]

    def _graded_at(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Did Ofsted give X a grade after its November 2021 visit?": "Yes" and the grade when the
        article of that time gives one, else "No" — a monitoring or focused visit gives none."""
        recs = self._of_time(self._of(council), asked)
        if not recs:
            return None
        graded = [r for r in recs if r.overall and r.overall.sentence]
        if graded:
            claim = self._grade_claim(graded[-1])
            claim.text = f"Yes — {claim.text}"
            return [claim]
        rec = recs[-1]
        said = rec.inspected.sentence if rec.inspected else self.leads.get(rec.source) or rec.headline
        event = _visit_kind(said) or ("visit" if "visit" in asked.lemmas else "inspection")
        return [Claim(f"No — the articles give no grade from {council}'s {when_label(rec)} {event}.", [(rec.source, said)])]

    def _grade_of(self, council: str, asked: Asked) -> list[Claim] | None:
        """"What was X rated in 2014?", "How was X's leadership judged?": the grade of the
        inspection the question points at, or one an article recalls for that year."""
        rec = self._pick(council, asked)
        if rec is None:
            recalled = [(r, e) for r in self._of(council) for e in r.earlier
                        if asked.year and e.year == asked.year and e.area == (asked.area or "")]
            if not recalled:
                return None
            r, e = recalled[0]
            return [Claim(f"{council}: {e.area + ' ' if e.area else ''}{e.grade} in {e.year}.", [(r.source, e.sentence)])]
        # (dated when it is not the latest report and the question named no time: "sandlow adoption grade?")
        claim = self._grade_claim(rec, asked.area, dated=not (asked.year or asked.month) and rec is not self._latest(council))
        return [claim] if claim else None

    def _relative(self, council: str, asked: Asked) -> list[Claim] | None:
        """The inspection before or after the one asked about — the year's, the first (before)
        or last (after) with the grade asked, else the latest: its grade."""
        recs = self._inspections(council)
        if asked.year:
            at = [i for i, r in enumerate(recs)  # inspected or reported that year (or undated, and may be of it)
                  if asked.year in (r.when[:4], r.published.value[:4] if r.published else "")
                  or not r.when[:4].isdigit() and self._of_year(r, asked.year)]
        elif asked.grade:
            at = [i for i, r in enumerate(recs) if r.overall.value == asked.grade]
        else:
            at = [len(recs) - 1] if recs else []
        if not at:
            return None
        if asked.relative == "after":
            return [self._grade_claim(recs[at[-1] + 1], asked.area, dated=True)] if at[-1] + 1 < len(recs) else None
        before = self._before(recs[at[0]]) if not asked.area else None
        if at[0] > 0 and (before is None or before.source == recs[at[0] - 1].source):
            return [self._grade_claim(recs[at[0] - 1], asked.area, dated=True)]
        if before is None:
            return None
        # (and the council's article before that, when the grade recalled came between them)
        return [Claim(f"{council}: {before.grade}{' in ' + before.year if before.year else ''}.",
                      [(before.source, before.sentence)])] + \
            ([self._grade_claim(recs[at[0] - 1], dated=True, prefix="Before that, ")] if at[0] > 0 else [])

    def _before(self, rec: InspectionRecord) -> Graded | None:
        """The grade of the inspection before `rec`: the latest of a year before it that the
        council's articles give or recall ("rated requires improvement in January 2019" in a feature
        on its 2024 result, or in another article), else one its own article recalls undated ("up
        from inadequate")."""
        year = rec.when[:4]
        had = [g for g in self.grades_over_time(rec.council.value) if g.year and year and g.year < year]
        if had:
            return had[-1]
        # (an undated one: the latest grade its article looks back on — "had been rated inadequate since 2019")
        e = max((e for e in rec.recalled if e.grade != rec.overall.value and (not e.year or not year)),
                key=lambda e: e.year, default=None)
        return Graded(e.grade, e.year, rec.source, e.sentence) if e else None

    def _changed(self, asked: Asked, among: list[str] | None) -> list[Claim] | None:
        """"Which councils went downhill at their latest inspection?", "… moved up from requires
        improvement?": the councils one of whose inspections (the latest, when asked) got a worse
        (better) grade than the one before it — from or to the grade asked — each with both
        grades cited."""
        down, claims, named = asked.change == "down", [], []
        side = asked.grade_side or ("before" if down else "after")  # "lost its good rating", "moved up to good"
        for council in among or sorted(self.by_council):
            latest = self._latest(council)
            # (the latest, or the last of the two the question has in mind: "between their two inspections")
            two = asked.lemmas & {"two", "both"} and asked.lemmas & INSPECTION_NOUNS
            recs = [latest] if asked.lemmas & LATEST_WORDS or two else self._inspections(council)
            for rec in reversed([r for r in recs if r is not None]):
                before = self._before(rec)
                if before is None or rank(before.grade) == rank(rec.overall.value) or \
                        (rank(rec.overall.value) > rank(before.grade)) != down:
                    continue
                if asked.grade and asked.grade != (before.grade if side == "before" else rec.overall.value):
                    continue
                named.append(council)
                claims.append(Claim(f"{council}: {rec.overall.value}{_in_brackets(when_label(rec))}, "
                                    f"from {before.grade}{_in_brackets(before.year)}.",
                                    [(rec.source, rec.overall.sentence), (before.source, before.sentence)]))
                break
        return [Claim(join_names(named) + ".")] + claims if claims else None

    def _areas(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Which areas was X rated outstanding for?", "List the grades X received in 2018": the
        area grades of the inspection the question points at."""
        rec = self._pick(council, asked)
        if rec is None or len(rec.areas) < 3:  # not the article's grid of judgements: it may name more in prose
            return None
        got = [a for a in rec.areas if not asked.grade or a.grade == asked.grade]
        if asked.extreme and not asked.grade:  # "which areas got the lowest grade?": those of the lowest one given
            pick = max if asked.extreme == "worst" else min
            top = pick(rank(a.grade) for a in got)
            got = [a for a in got if rank(a.grade) == top]
        if not got:
            return None
        when = when_label(rec)
        head = (f"{council}{' (' + when + ')' if when else ''}: " +
                (f"{join_names([_wording(a.area, a.sentence) for a in got])}." if asked.grade or asked.extreme
                 else f"{rec.overall.value} overall."))
        claims = [Claim(head)]
        for a in got:
            label = _wording(a.area, a.sentence)
            claims.append(Claim(f"{label[0].upper() + label[1:]}: {a.grade}.", [(rec.source, a.sentence)]))
        return claims

    def _writer(self, councils: list[str], asked: Asked) -> list[Claim] | None:
        """"Who wrote it?": the byline of the article asked about (of the year asked, or the one
        whose headline the question's words name; one article about all the councils named);
        None when that article has none."""
        signed = []
        for council in councils:
            recs = self._of_time(self._of(council), asked)
            recs = self._named_by_headline(recs, asked, council) or recs
            signed.append({r.source: r for r in recs if r.author})
        shared = set.intersection(*(set(s) for s in signed))
        signed = [signed[0][source] for source in sorted(shared)]
        if len(signed) != 1:
            return None  # (several signed articles: which one is meant is unclear)
        rec = signed[0]
        who = rec.author.value + ("," if "," in rec.author.value else "")  # "Bryony Tate, chief executive of …,"
        return [Claim(f"{who} wrote it.", [(rec.source, rec.author.sentence)])]

    def _still(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Is <person> still <role>?", "did the director stay on?", "has she quit?": an article
        says they left ("… left the council in August") or were succeeded, or the council's latest
        article names another in their role; or the latest names them still. The person is named,
        or the one in the role asked of the inspection asked about."""
        recs = self._of(council)
        named = [(r, p) for r in recs for p in r.people if p.role and p.name.split()[-1].lower() in asked.lemmas]
        own = {w.lower() for w in council.split()} | asked.lemmas
        if not named and asked.role:
            named = [(r, p) for r in self._of_time(recs, asked) for p in r.people if p.role and not _elsewhere(p.role, own)
                     and set(asked.role) <= role_words(p.role.split() + p.name.split()[:1])]
        if not named:
            return None
        person, latest = named[0][1], recs[-1]
        last = person.name.split()[-1]
        gone = next(((r, p.sentence) for r in reversed(recs) for p in r.people
                     if p.name.split()[-1] == last and p.left), None) or \
            next(((r, p.follows_sentence) for r in reversed(recs) for p in r.people
                  if p.follows and p.follows.split()[-1] == last), None)  # (or succeeded: "… replaced X")
        # ("did X change its director?" asks whether they went)
        yes, no = ("Yes", "No") if asked.lemmas & GONE_WORDS and "still" not in asked.lemmas else ("No", "Yes")
        role = role_words(person.role.split()) - _GENERIC
        other = next((p for p in latest.people if p.role and p.name.split()[-1] != last and role
                      and not _elsewhere(p.role, own) and len(role & role_words(p.role.split())) >= min(2, len(role))), None)
        claims = [Claim(f"{yes} — {_clipped(gone[1])}", [(gone[0].source, gone[1])])] if gone else []
        if other is not None:
            claims.append(Claim(f"{'' if claims else yes + ' — '}{other.name} is {other.role}{_in_brackets(when_label(latest))}.",
                                [(latest.source, other.sentence)]))
        there = next((p for p in latest.people if p.name.split()[-1] == last), None)
        if not claims and there is not None:
            return [Claim(f"{no} — {there.name}, {there.role or person.role}{_in_brackets(when_label(latest))}.",
                          [(latest.source, there.sentence)])]
        return claims or None

    def _is_holder(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Is Oliver Stanton Trenholm's council leader?": the person the articles give the role
        asked (of the time asked) against the person named — "Yes", or "No" with the role the
        named person has and who holds the one asked; None when the articles name no one holder."""
        named = [(r, p) for r in self._of(council) for p in r.people if p.role and p.name.split()[-1].lower() in asked.lemmas]
        if not named:
            return None
        rec, person = named[-1]
        last = person.name.split()[-1]
        found = self._person(council, replace(asked, lemmas=asked.lemmas - {last.lower()}))
        if not found or len(found) != 1:
            return None
        holder = found[0]
        if holder.sources and any(last in sentence and holder.text.startswith(person.name) for _, sentence in holder.sources):
            return [Claim(f"Yes — {holder.text}", holder.sources)]
        # (then the holder, with the role as the article words it: the question's role words have no order)
        return [Claim(f"No — {_named(person)}.", [(rec.source, person.sentence)]), Claim(holder.text, holder.sources)]

    def _succession(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Who's replacing Angela Frost?": whom the articles say took over from the person named
        ("Mrs Frost will be succeeded by Owen Gallagher"); "who did she replace?": whom they say
        that person took over from."""
        people = [(r, p) for r in self._of(council) for p in r.people]
        named = {p.name.split()[-1].lower() for _, p in people} & asked.lemmas
        if asked.succession == "after":
            hits = [(r, p, _named(p)) for r, p in people if p.follows and p.follows.split()[-1].lower() in named]
        else:  # (the one followed as the articles name them in full: "Mr Dale" is "Sam Dale, director …")
            full = {p.name.split()[-1]: _named(p) for _, p in people if p.role}
            hits = [(r, p, full.get(p.follows.split()[-1], p.follows)) for r, p in people
                    if p.follows and p.name.split()[-1].lower() in named]
        return [Claim(f"{who}.", [(r.source, p.follows_sentence)]) for r, p, who in hits[-1:]] or None

    def _person(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Who is X's council leader?": the person whose role, as an article gives it, shares
        the most role words with the question and has fewest it did not ask for ("assistant
        director … and strategic lead" is not "the director"); when articles of different
        dates name different people in that role, each of them, dated."""
        recs = self._of_time(self._of(council), asked)
        picked = [r for r in recs if r.overall and r.overall.value == asked.grade] if asked.grade else []
        # "… when it got outstanding": that inspection's article, else any of its time; "after it
        # failed": a later article may be the one that names who came then
        found = (picked and self._holder(council, asked, picked)) or self._holder(council, asked, recs)
        if not found and asked.relative == "after" and asked.year:  # ("after the 2019 disaster" too)
            found = self._holder(council, asked, [r for r in self._of(council) if r.when[:4] >= asked.year])
        return found

    def _holder(self, council: str, asked: Asked, recs: list[InspectionRecord]) -> list[Claim] | None:
        council_words = {w.lower() for w in council.split()}
        # (the body a role belongs to, however the question is cased: "ofsted regional director")
        owners = asked.role_owner | (asked.before_role & self.owners)
        scored = []
        for rec in reversed(recs):  # the latest article first
            for person in rec.people:
                if person.name.split()[-1].lower() in asked.lemmas:
                    continue  # "who ran it before Jonathan Pryce?" is not answered by him
                words = _role_words_of(person) - council_words
                hits = set(asked.role) & words
                if not hits or _elsewhere(person.role, council_words | asked.lemmas) or (owners and not any(  # "which Ofsted regional director …"
                        has_phrase(f"{person.role} {person.sentence}".lower(), o) for o in owners)):
                    continue
                # (a title is no role it was not asked for: "Cllr Bernadette Quinn, Council leader")
                unasked = role_words({bare_word(w) for w in person.role.split()}) - set(asked.role)
                # (nor is a role they held before, unless asked: "a former director of …, appointed interim DCS")
                unasked |= {bare_word(w) for w in person.role.split()} & FORMER_WORDS - asked.lemmas
                bonus = len({w for w in (asked.lemmas - set(asked.role)) & words - _GENERIC if not is_stop(w)})
                # what the question says they did, in the sentence that names them ("which councillor
                # called the report a wake-up call?")
                said = {w.lower().strip(",.'’\"“”:;") for w in person.sentence.split()}
                bonus += 2 * bool(asked.action & said)
                scored.append((len(hits) - 0.5 * len(unasked) + 0.25 * bonus, rec, person))
        if asked.lemmas & NOW_WORDS and recs:  # "who is X's director now?": the latest article's, or none
            latest = recs[-1]  # (in the records' order: an undated article after the years it names)
            scored = [x for x in scored if x[1] is latest and not x[2].left]  # (not one it says has gone)
        if not scored:
            return None
        top = max(s for s, _, _ in scored)
        best: dict[str, tuple] = {}
        for score, rec, person in scored:
            if score == top:
                best.setdefault(person.name.split()[-1], (rec, person))
        if len(best) == 1:
            rec, person = next(iter(best.values()))
            return [Claim(f"{_named(person)}.", [(rec.source, person.sentence)])]
        claims = [Claim(f"{_named(person)}{_in_brackets(_as_said(when_label(rec), person.sentence))}.",
                        [(rec.source, person.sentence)]) for rec, person in best.values()]
        return [Claim(f"The articles name {len(claims)}:")] + claims

    def speakers(self, asked: Asked) -> tuple[str, ...]:
        """The people a question asks what they said, named by their role ("on the day X got
        outstanding, what did the union guy say?"): those in that role in the council's articles
        (of the inspection the question picks), lower case."""
        if not asked.role or asked.asks_person or not asked.lemmas & SAID_VERBS:
            return ()
        out = []
        for council in asked.councils:
            recs = self._of_time(self._of(council), asked)
            recs = [r for r in recs if r.overall and r.overall.value == asked.grade] or recs if asked.grade else recs
            out += [p.name.lower() for r in recs for p in r.people if set(asked.role) <= _role_words_of(p)]
        return tuple(dict.fromkeys(out))

    def _people(self, councils: list[str], asked: Asked) -> list[Claim] | None:
        """A role asked of several councils: each council's holder, or the one person who held it
        for all of them ("which regional director commented on both A and B?")."""
        found = {c: self._person(c, asked) for c in councils}
        found = {c: claims for c, claims in found.items() if claims}
        if not found:
            return None
        texts = {claims[0].text for claims in found.values()}
        if len(found) == len(councils) and len(texts) == 1 and all(len(c) == 1 for c in found.values()):
            return [Claim(texts.pop(), [src for claims in found.values() for src in claims[0].sources])]
        lines = [Claim(f"{c}: {claim.text}", claim.sources) for c, claims in found.items() for claim in claims
                 if claim.sources]  # (not a council's own "The articles name 2:")
        return [Claim(f"The articles name {len(lines)}:")] + lines

    def _with_role(self, councils: list[str], asked: Asked) -> list[Claim] | None:
        """The councils whose articles name someone in the role asked, each with them, cited."""
        found = {c: claims for c in councils if (claims := [x for x in self._person(c, asked) or () if x.sources])}
        if not found:
            return None
        return [Claim(join_names(list(found)) + ".")] + \
            [Claim(f"{c}: {claim.text}", claim.sources) for c, claims in found.items() for claim in claims]

    def _names_person(self, asked: Asked) -> bool:
        """Whether a question names someone the articles name ("which council's director is X?")."""
        return any(p.name.split()[-1].lower() in asked.lemmas for r in self.records for p in r.people if p.name.split())

    def _named_people(self, council: str, asked: Asked) -> list[Claim] | None:
        """"Who was quoted in X's latest story?", "list everyone who commented on X's 2022
        report": the people the articles of that inspection (its year, the latest or earliest, or
        the article whose headline the question names; else all of X's) name, each with the role
        given, cited."""
        recs = self._of_time(self._of(council), asked)
        recs = self._named_by_headline(recs, asked, council) or recs
        if not recs:
            return None
        if not asked.year and asked.lemmas & (EARLIEST_WORDS | LATEST_WORDS):  # the latest (or earliest) article's inspection
            pick = recs[0] if asked.lemmas & EARLIEST_WORDS and not asked.lemmas & LATEST_WORDS else recs[-1]
            recs = [r for r in recs if r.when[:4] == pick.when[:4]] or [pick]
        people: dict[str, tuple] = {}
        for rec in recs:
            for p in rec.people:
                people.setdefault(p.name.split()[-1], (p, rec))
        if len(people) < 2:
            return None
        claims = [Claim(f"The articles name {len(people)}:")]
        for p, rec in people.values():
            claims.append(Claim(f"{p.name}{', ' + p.role if p.role else ''}.", [(rec.source, p.sentence)]))
        return claims

    def _findings(self, council: str, asked: Asked) -> list[Claim] | None:
        """"What did Ofsted ask X to improve?", "What did inspectors praise in X in 2023?": the
        findings of that kind the article of the inspection asked about lists, each cited; when
        the question names an area ("… with care leavers"), only the findings about it."""
        # ("… on the monitoring visit": the article whose headline the question names, when it
        # names one clearly; if it lists no such findings, the evidence answers)
        of_time = self._of_time(self._of(council), asked)
        named = self._named_by_headline(of_time, asked, council, least=2)
        recs = [r for r in named or of_time if any(f.kind == asked.finding for f in r.findings)]
        latest = self._latest(council)
        picked = [r for r in recs if asked.grade_picks and r.overall and r.overall.value == asked.grade]
        if picked:  # "… when it was rated good": that inspection's
            recs = picked
        elif not asked.year and not asked.moved_at and not named and latest is not None \
                and not asked.lemmas & EARLIEST_WORDS:
            recs = [r for r in recs if r.when[:4] >= latest.when[:4]]  # not an older inspection's, unasked
        if not recs:
            return None
        graded = [r for r in recs if r.overall and r.overall.sentence]  # an inspection's report over other news
        recs = graded or recs
        rec = recs[0] if asked.lemmas & EARLIEST_WORDS and not asked.lemmas & LATEST_WORDS else recs[-1]
        # of the articles on that inspection, the one that lists most of them
        rec = max((r for r in recs if r.when[:4] == rec.when[:4]),
                  key=lambda r: sum(f.kind == asked.finding for f in r.findings))
        found = [f for f in rec.findings if f.kind == asked.finding]
        # (an article about that area alone, a focused visit to care leavers: all its findings are of it)
        if asked.area and not (rec.areas and all(a.area == asked.area for a in rec.areas)):
            wordings = [w for w, name in areas().items() if name == asked.area and w != "overall"]
            found = [f for f in found if any(has_phrase(f.text.lower(), w) for w in wordings)]
            if not found:
                return None  # the evidence may say what the question asks about that area
        when = _in_brackets(when_label(rec))
        head = (f"{council}{when} was asked to improve:" if asked.finding == "improve"
                else f"Inspectors praised in {council}{when}:")
        head = ("Yes. " if asked.yes_no else "") + head  # "were there any positives …?"
        return [Claim(head)] + [Claim(_capital(f.text.rstrip(",;.")) + ".", [(rec.source, f.sentence)]) for f in found]

    def known_role(self, name: str, councils: list[str] = ()) -> set[str]:
        """The role words the articles (of `councils`, when given) give a person ("regional",
        "director"), by any part of the name."""
        last = name.split()[-1].lower() if name.split() else ""
        return role_words(w for r in self.records if not councils or r.council.value in councils for p in r.people
                          if p.name.split()[-1].lower() == last for w in p.role.split() + p.name.split()[:1])

    def _compare(self, councils: list[str], asked: Asked) -> list[Claim] | None:
        """Two councils' latest grades (or one council's inspections): each cited, then what set
        them apart (the areas graded differently), with the better one first when asked; of an
        area when the question names one ("whose care leavers got the better grade?")."""
        if len(councils) == 1:
            recs = self._inspections(councils[0])
            if asked.area:
                recs = [r for r in recs if any(a.area == asked.area for a in r.areas)]
        elif asked.year:  # "compare how A and B did in 2019": each one's inspection of that year
            recs = [r for c in councils if (r := max((x for x in self._graded(c) if self._of_year(x, asked.year)
                                                      and (not asked.area or any(a.area == asked.area for a in x.areas))),
                                                     key=_fullness, default=None)) is not None]
        else:
            recs = [r for c in councils if (r := self._latest(c, asked.area)) is not None]
        if len(recs) < 2:
            return None
        grade = (lambda r: next(a.grade for a in r.areas if a.area == asked.area)) if asked.area \
            else (lambda r: r.overall.value)
        one = len(councils) == 1
        def label(r, said):  # "Kelderby (April)": the date as far as the cited sentence says it
            return f"{r.council.value}{_in_brackets(_as_said(when_label(r), said))}" if one else r.council.value
        claims = [self._grade_claim(r, asked.area) for r in recs]
        if not asked.area:  # what set them apart: areas graded unlike the other's, or unlike its own overall grade
            for r in recs:
                others = [o for o in recs if o is not r]
                claims += [Claim(f"{label(r, x.sentence)}: {_wording(x.area, x.sentence)} {x.grade}.",
                                 [(r.source, x.sentence)])
                           for x in r.areas if (x.grade != r.overall.value if one else
                                                any(y.area == x.area and y.grade != x.grade
                                                    for o in others for y in o.areas))]
        if one and not asked.area:  # and what each article counts most (caseloads, agency staff, children in care)
            claims += [Claim(f"{label(r, f)}: {f}", [(r.source, f)]) for r in recs for f in r.figures[:1]]
        what = f"{asked.area} grade" if asked.area else "grade"
        a, b = recs[0], recs[-1]
        if one:
            steps = abs(_level(grade(b)) - _level(grade(a)))  # ("up two grades": inadequate to good)
            move = ("improved" if rank(grade(b)) < rank(grade(a)) else
                    "declined" if rank(grade(b)) > rank(grade(a)) else "stayed the same") + \
                (f" by {count_name(steps)} grade{'s' if steps > 1 else ''}" if steps else "")
            subject = f"{councils[0]}{' (' + asked.area + ')' if asked.area else ''}"
            head = Claim(f"{subject} {move}: {grade(a)}{' in ' + when_label(a) if a.when else ''}, "
                         f"then {grade(b)}{' in ' + when_label(b) if b.when else ''}.")  # each cited below
        else:
            ordered = sorted(recs, key=lambda r: rank(grade(r)))
            head = Claim(f"{ordered[0].council.value} has the better {what} ({grade(ordered[0])}, "
                         f"{join_names([f'{r.council.value} {grade(r)}' for r in ordered[1:]])})"
                         if rank(grade(ordered[0])) < rank(grade(ordered[-1]))
                         else f"Both have the same {what}: {grade(a)}")
            head.text += "."
            if asked.yes_no and asked.compares:  # "is A doing better than B?"
                first, other = rank(grade(recs[0])), rank(grade(recs[-1]))
                yes = first > other if asked.lemmas & WORSE_WORDS else first < other
                head.text = f"{'Yes' if yes else 'No'} — {head.text}"
        return [head] + _dedupe(claims)

    def _summary(self, councils: list[str], asked: Asked) -> list[Claim] | None:
        """"Summarise X's inspection": the grade, the article's opening, each area's grade, and
        the first things inspectors praised and asked to improve — each cited."""
        rec = self._pointed(councils[0], asked)
        if rec is None:
            return None
        claims = [self._grade_claim(rec)] if rec.overall and rec.overall.sentence else []
        if len(self._inspections(councils[0])) >= 2 and not (asked.year or asked.month or asked.relative) \
                and rec.overall and rec.overall.sentence:
            claims = self._history(councils[0], one_line=True)  # "tell me about X": its grades over time first, each cited
            # (and the visits between that gave no grade: "October 2021: Ofsted focused visit finds delays …")
            for r in self._of(councils[0]):
                lead = self.leads.get(r.source, "")
                if not (r.overall and r.overall.sentence) and r.when and lead and "visit" in f"{r.headline} {lead}".lower():
                    claims.append(Claim(f"{_capital(when_label(r))}: {r.headline.rstrip('.')} (no grade).", [(r.source, lead)]))
        lead = self.leads.get(rec.source, "")
        if lead and all(lead != s for c in claims for _, s in c.sources):
            claims.append(Claim(lead, [(rec.source, lead)]))
        # (a monitoring or focused visit's letter: it gives no grade, and a summary says so)
        told = f"{rec.headline} {lead}".lower().replace(",", " ").split()
        if not (rec.overall and rec.overall.sentence) and lead and any(w.startswith("visit") for w in told):
            claims.append(Claim(f"The {when_label(rec)} visit gave no grade.", [(rec.source, lead)]))
        by_grade: dict[str, list] = {}  # the areas in one line, grouped by grade, each cited
        for a in rec.areas:
            by_grade.setdefault(a.grade, []).append(a)
        if by_grade:
            parts = [f"{join_names([_wording(a.area, a.sentence) for a in group])}: {grade}"
                     for grade, group in by_grade.items()]
            claims.append(Claim(_capital("; ".join(parts)) + ".",
                                list(dict.fromkeys((rec.source, a.sentence) for a in rec.areas))))
        extra = []
        for kind, said in (("praised", "Praised"), ("improve", "To improve")):
            items = [f for f in rec.findings if f.kind == kind][:SUMMARY_FINDINGS]
            extra += [Claim(f"{said}: {f.text.rstrip(',;.')}.", [(rec.source, f.sentence)]) for f in items]
        extra += [Claim(f, [(rec.source, f)]) for f in rec.figures]  # the numbers it gives
        named = [p for p in rec.people if p.role and p.sentence][:SUMMARY_PEOPLE]  # who is who
        if named:
            extra.append(Claim("People named: " + "; ".join(f"{p.name}, {p.role}" for p in named) + ".",
                               list(dict.fromkeys((rec.source, p.sentence) for p in named))))
        cited = {s for c in claims for _, s in c.sources}
        for c in extra:  # each sentence once
            if not {s for _, s in c.sources} <= cited:
                cited |= {s for _, s in c.sources}
                claims.append(c)
        return claims or None

    def _pointed(self, council: str, asked: Asked) -> InspectionRecord | None:
        """The article a summary request points at: of the council's articles (of the year asked),
        the one whose headline shares most of the question's words ("the monitoring visit",
        "the inadequate rating"); else the inspection `_pick` chooses."""
        recs = self._of_time(self._of(council), asked)
        named = self._named_by_headline(recs, asked, council)
        if named:  # of the articles the request names best, the one that reports the inspection most fully
            return max(named, key=lambda r: len(r.areas) + len(r.findings))
        full = [r for r in recs if r.overall and r.overall.sentence and (r.areas or r.findings)]
        return (full[-1] if full else None) or self._pick(council, asked) or (recs[-1] if recs else None)

    def _named_by_headline(self, recs: list[InspectionRecord], asked: Asked, council: str,
                           least: int = 1) -> list[InspectionRecord]:
        """Of a council's articles, those whose headline and opening share most of the question's
        own words ("the joint inspection", "the monitoring visit"); none when no article shares
        `least` of them."""
        words = {w for w in asked.lemmas if len(w) > 3} - _GENERIC - SUMMARY_WORDS - _REPORT_WORDS \
            - {w.lower() for w in council.split()}
        said = {r.source: {w.lower().strip(",.'’:") for w in f"{r.headline} {self.leads.get(r.source, '')}".split()}
                for r in recs}
        scored = [(len(words & said[r.source]), r) for r in recs]
        best = max((n for n, _ in scored), default=0)
        return [r for n, r in scored if n == best] if best >= least else []


def _elsewhere(role: str, own: set[str]) -> bool:
    """Whether a role is another body's ("Ofsted's regional director": the possessive that opens
    it, not "… of children's services"), which answers only for that body when the question
    names it (`own`: the council's words and the question's)."""
    # (a body the question names by its kind is named: "union" for "Unison's")
    # (a body by its name: "Ofsted's", not "children's services commissioner")
    return any(w.lower().endswith(("'s", "’s")) and w[:1].isupper() and w.lower()[:-2] not in own | COUNCIL_NOUNS
               and not role_words([w.lower()[:-2]]) & own for w in role.split()[:1])


def _role_words_of(person) -> set[str]:
    """The words of a person's role, with the role words its wording and title name ("Cllr" is a councillor)."""
    return {bare_word(w) for w in person.role.split()} | role_words(person.role.split() + person.name.split()[:1])


def _many_people(doc) -> bool:
    """Whether a question asks for several people: a plural role ("the regional directors"),
    "everyone" / "everybody", "who all", "who's who", plural "names" / "people", or who was quoted."""
    # (not a noun inside a prepositional phrase: "what to sort for young people leaving care")
    # (an acronym's plural however tagged: "MPs")
    # (or a plural taken for a verb in a noun's place: "name the union reps quoted")
    plural = lambda t: t.tag_ in ("NNS", "NNPS") or t.text.endswith("s") and t.text[:-1].isupper() \
        or t.tag_ == "VBZ" and t.dep_ in NOMINAL_DEPS  # noqa: E731
    return any((plural(t) and (t.lemma_.lower() in PERSON_NOUNS | {"name"} or role_words([t.lower_]))
                # (but a list of them asked for is them: "make me a list of the directors")
                and not any(a.pos_ == "ADP" and not (a.lower_ == "of" and a.head.dep_ in ("dobj", "ccomp"))
                            for a in t.ancestors))
               or t.lemma_.lower() in ("everyone", "everybody")
               or (t.lower_ == "who" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "all")
               or (t.lower_ == "who" and doc[t.i + 1:t.i + 3].text.lower().replace("’", "'") in ("'s who", "is who"))
               # ("who got quoted in the story?": a story quotes several; "who spoke at the scrutiny
               # meeting?", "who commented on it?": all who did)
               or (t.lemma_.lower() in ("quote", "speak", "comment") and t.pos_ == "VERB" and any(w.lower_ == "who" for w in doc))
               for t in doc)


def _years_apart(a: InspectionRecord, b: InspectionRecord) -> int:
    """Years between two records' dates (0 when either is undated)."""
    ya, yb = a.when[:4], b.when[:4]
    return abs(int(yb) - int(ya)) if ya.isdigit() and yb.isdigit() else 0


def _fullness(rec: InspectionRecord) -> int:
    """How fully an article reports its inspection: the areas it grades, the findings it lists and
    whether it says when the inspection was (of equals, `max` keeps the first it is given)."""
    return len(rec.areas) + len(rec.findings) + (1 if rec.inspected else 0)


SUMMARY_FINDINGS = 2  # praised / to-improve items a summary gives of each
SUMMARY_PEOPLE = 3  # the people with a role a summary names (who said what is in their cited sentences)


def _month_year(year: str, sentence: str) -> str:
    """A year with the month the sentence gives it ("January 2019"), or the year alone."""
    from index.nlp import MONTHS

    return next((f"{m} {year}" for m in MONTHS if f"{m} {year}" in sentence), year)


def _as_said(label: str, sentence: str) -> str:
    """A date label as far as the cited sentence says it: "July 2019" -> "July" when the
    sentence gives no year (the year came from elsewhere; the citation carries the date)."""
    year = label[-4:]
    if year.isdigit() and year not in sentence:
        return label[:-4].strip()
    return label


def _days_said(sentence: str, when: str) -> str:
    """The days of a visit as its sentence says them ("between 15 and 26 October", "from 3 to 14
    June"), with the year of `when` ("October 2018") when the sentence gives it; "" if it gives none."""
    from index.nlp import parse_cached
    from index.records import day_run

    doc = parse_cached(sentence)
    month = when.split()[0] if when else ""
    for ent in doc.ents:
        if ent.label_ == "DATE" and month in ent.text and day_run(ent):
            opener = doc[ent.start - 1].lower_ if ent[0].lower_ not in ("between", "from") else ""
            text = " ".join(w for w in (opener, ent.text) if w)
            year = when[-4:]
            return text if not year.isdigit() or year in text or year not in sentence else f"{text} {year}"
    return ""


def _named(person) -> str:
    """"Cllr Tom Reeve, portfolio holder for children", or the name alone when no role is given."""
    return f"{person.name}, {person.role}" if person.role.strip(" ,") else person.name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_by_others(rec: InspectionRecord, council_records: list[InspectionRecord], by_gap: bool) -> None:
    """An undated article that counts the years back to an earlier inspection ("four years after
    inspectors found …", "six years ago it was judged inadequate") is that inspection's year plus
    them — the year its own article or another of the council's gives that grade; one whose grade
    another of the council's articles recalls in one year ("in 2014 the council was rated
    inadequate") is that year's."""
    others = [o for o in council_records if o is not rec]
    if by_gap:
        if not rec.gap:
            return
        said = {name for phrase, name in grades().items() if has_phrase(rec.gap.sentence.lower(), phrase)}
        years = [int(e.year) for e in rec.recalled if e.year and e.grade in said] + \
            [int(o.when[:4]) for o in others if o.when[:4].isdigit() and o.overall and o.overall.value in said]
        if years:
            rec.inspected = Fact(str(max(years) + int(rec.gap.value)), rec.gap.sentence)
        return
    # (not a year before one its own article looks back on: "had been rated inadequate since 2019"
    # is after 2019, whatever grade another article recalls from 2015)
    own = max((e.year for e in rec.recalled if e.year), default="")
    recalled = {(e.year, e.sentence) for o in others for e in o.recalled
                if e.year and rec.overall and e.grade == rec.overall.value and o.when[:4] > e.year > own}
    if len({y for y, _ in recalled}) == 1:
        year, sentence = recalled.pop()
        rec.inspected = Fact(year, sentence)


def _restated(rec: InspectionRecord, council_records: list[InspectionRecord]) -> None:
    """An article that gives no inspection date of its own and recalls its own grade in a year
    another of the council's articles dates an inspection with that grade ("It was rated … good in
    November 2022" in a story on the trust handed back in 2024) tells of that inspection."""
    if rec.inspected or not rec.overall:
        return
    years = [e for e in rec.recalled if e.year and e.grade == rec.overall.value]
    latest = max(years, key=lambda e: e.year, default=None)
    if latest is None or any(e.year > latest.year for e in rec.recalled) or rec.when[:4] <= latest.year:
        return
    if any(o is not rec and o.when[:4] == latest.year and o.overall and o.overall.value == rec.overall.value
           for o in council_records):
        rec.inspected = Fact(latest.year, latest.sentence)


def _graded_in(rec: InspectionRecord, area: str | None) -> Graded | None:
    """The grade an inspection's record gives the area (None: overall), with its sentence."""
    fact = next((a for a in rec.areas if a.area == area), None) if area else rec.overall
    if fact is None or not fact.sentence:
        return None
    return Graded(fact.grade if area else fact.value, rec.when[:4], rec.source, fact.sentence)


def _visit_kind(sentence: str) -> str:
    """The kind of visit a sentence names ("a focused visit", "the fourth monitoring visit"): the
    noun with the words that qualify it, or ""."""
    from index.nlp import parse_cached

    for visit in parse_cached(sentence):
        kind = [c for c in visit.children if c.dep_ in ("amod", "compound") and c.i < visit.i and c.tag_ != "JJS"]
        if visit.lemma_.lower() == "visit" and visit.pos_ == "NOUN" and kind:
            return " ".join(t.lower_ for t in [*kind, visit])
    return ""


def _in_brackets(text: str) -> str:
    return f" ({text})" if text else ""


def _wording(area: str, sentence: str) -> str:
    """How the article itself names an area ("the impact of leaders" for "leadership")."""
    import re

    low = sentence.lower()
    spans = sorted(m.span() for alias, name in areas().items() if name == area and alias != "overall"
                   for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", low))
    merged = []  # wordings that overlap are one ("help and protection" + "protection of children")
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return max((low[a:b] for a, b in merged), key=len) if merged else area


_GENERIC = frozenset("council children child service services".split())  # (no sign of which role is meant)
_REPORT_WORDS = frozenset("ofsted report inspection article story news happen happened".split())


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """Each claim once, citing every article that says it."""
    out: dict[str, Claim] = {}
    for c in claims:
        if c.text in out:
            out[c.text].sources = list(dict.fromkeys(out[c.text].sources + c.sources))
        else:
            out[c.text] = Claim(c.text, list(c.sources))
    return list(out.values())


def cite(claims: list[Claim], documents: dict[str, dict]) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers, and one `Citation` per distinct source sentence."""
    numbers: dict[tuple[str, str], int] = {}
    citations: list[Citation] = []
    parts = []
    for claim in claims:
        marks = ""
        for source, sentence in claim.sources:
            if not sentence:
                continue
            key = (source, sentence)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                meta = documents.get(source, {})
                citations.append(Citation(number=numbers[key], text=sentence, source=source,
                                          title=str(meta.get("title", "")), council=str(meta.get("council", "")),
                                          date=str(meta.get("published") or meta.get("sort_date") or ""), score=1.0))
            marks += f"[{numbers[key]}]"
        parts.append(f"{claim.text} {marks}".strip())
    return layout(parts), citations


def layout(parts: list[str]) -> str:
    """One line for a single claim; a head line and a bulleted list for several, or for one
    item a head line leads into ("Inspectors praised:")."""
    if len(parts) <= 2 and not (len(parts) == 2 and parts[0].endswith(":")):
        return " ".join(parts)
    return parts[0] + "\n" + "\n".join(f"- {p}" for p in parts[1:])
