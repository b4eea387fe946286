"""Expected answer types: what kind of thing a question asks for, and where a text gives one.

Classic question-answering practice (question classification, answer-type matching): "When …"
wants a date, "How many X …" a count of X, "How much money …" an amount, "Who …" a person.
The pipeline uses it three ways: evidence that holds a new mention of the wanted type ranks
higher; an answer that lacks one gets the evidence passage that has one; and when no evidence
holds one for a strict type (a date, a count, an amount, a duration), the articles do not
answer the question, whatever the similarity scores say.

Only the shape of the question is read (its wh-word and the noun it counts), never its topic.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from index import tokenize
from index.nlp import LIGHT_VERBS, NUMBER_WORDS, number_value

# Mentions of a type are spaCy's entities (DATE, MONEY, PERSON, CARDINAL) of the text, read from
# one cached parse; only the question's shape is matched by the patterns below.
_UNITS = frozenset("second minute hour day week fortnight month year decade term".split())
_WEEKDAYS = frozenset(d.lower() for d in calendar.day_name)

# What the noun a wh-word asks about ("which month", "what share of …", "which official") wants.
# English question words, not any article's wording; the people's roles are data (index/data/roles.txt).
_DATE_NOUNS = frozenset("date day month year week time".split())
PERCENT_NOUNS = frozenset("proportion share percentage percent fraction rate".split())  # ("the vacancy rate")
COUNT_NOUNS = frozenset("number total count figure".split())
# Measures that are their own figure ("the average caseload", "the turnover rate"): the kind of
# figure that answers them, and the words the figure must be said of (a caseload counts cases).
MEASURE_NOUNS = {"caseload": ("count", ("caseload", "case")), "headcount": ("count", ("headcount",)),
                 "turnover": ("percent", ("turnover",))}
MONEY_NOUNS = frozenset("money cost budget price sum funding spend spending investment grant overspend overspent overspending "
                        "pay payment cash fee salary wage".split())
# What a figure measures, as a question may type it however tagged ("overspend" read as a verb; not
# "rate", which is also the verb of a grade)
TYPED_MEASURES = MONEY_NOUNS | frozenset(MEASURE_NOUNS)
# Money words that name no particular sum ("how much money / cash"): any amount may answer them; the
# others name what was spent, budgeted or overspent, and only an amount said of that answers.
MONEY_VERBS = frozenset("pay cost spend earn charge".split())  # what a "what" of theirs asks is an amount
ANY_MONEY = frozenset("money sum pay payment cash".split())
_AGAINST = frozenset("over under within above below beyond".split())  # "over budget"
_MEASURES = frozenset(MEASURE_NOUNS)
_TYPED_NOUNS = PERCENT_NOUNS | COUNT_NOUNS | MONEY_NOUNS | _MEASURES
_PERSON_NOUNS = frozenset("person people official officer name spokesperson inspector councillor".split())
FIGURE_KINDS = frozenset("date count percent money".split())  # what a request's noun may ask for ("give me the dates")
_GRADE_NOUNS = frozenset("grade rating judgement judgment verdict".split())
_GRADE_VERBS = frozenset("rate judge grade".split())
COUNCIL_NOUNS = frozenset("council authority borough county place la las".split())  # "which (of the) councils …", "which LAs …"
_DASHES = frozenset("–—-")
SAME_WORD = 0.7  # cosine of two words' embeddings at which a counted noun is the same thing ("kids", "children")
_FRACTIONS = frozenset("half third quarter fifth tenth majority minority".split())
_SAY_VERBS = frozenset("say describe call".split())


@dataclass(frozen=True)
class AnswerType:
    """What a question wants: kind in {"date", "duration", "count", "percent", "money", "person",
    "grade", "weekday", "council"}."""

    kind: str
    counted: tuple[str, ...] = ()  # for "count": the noun's terms ("social", "worker")
    # for "count": the lemmas of what the counted noun is said to be in or on ("children on child
    # protection plans": "protection", "plan"), which the figure's sentence must name too
    qualifier: tuple[str, ...] = ()
    strict: bool = True  # whether evidence without such a mention cannot answer the question
    other: bool = False  # "Which other council …": one besides the council the evidence is about
    future: bool = False  # "When will Ofsted next inspect X?": a date said of what is to come


def is_year(word: str) -> bool:
    """A token that is a year ("2019"), not a count ("212") or an amount."""
    return re.fullmatch(r"(?:19|20)\d\d", word) is not None


def question_word(doc):
    """The wh-word a question asks with: the first, unless it opens a subordinate clause and
    another follows ("when they were graded, who had the lightest caseloads?" asks who)."""
    whs = [t for t in doc if t.tag_ in ("WDT", "WP", "WP$", "WRB")]
    # (a clause closed by a comma before the next wh-word, its subject straight after the wh-word:
    # the small model's parse of such a preamble varies, its punctuation and word order do not —
    # "When had X last been judged …, and what was the result?" asks both, the auxiliary first)
    opens_clause = lambda w, nxt: w.tag_ == "WRB" and w.i + 1 < len(doc) and doc[w.i + 1].pos_ not in ("AUX", "VERB") \
        and any(t.text in (",", ")") for t in doc[w.i:nxt.i])  # noqa: E731
    # (a yes/no question's time clause asks nothing: "was X still director when the report came
    # out?" — unless its verb asks to be told: "can you tell me when …")
    yes_no = len(doc) > 1 and doc[0].pos_ == "AUX" and doc[0].head.dep_ == "ROOT" \
        and doc[0].head.lemma_.lower() not in TELLING_VERBS or tagged_statement(doc)
    # (nor does any clause after its verb: "did he accept what the inspectors said?")
    whs = [w for w in whs if not (yes_no and w.i > doc[0].head.i)]
    # (nor does a time or place clause after the words asked for: "name of the lead inspector when
    # X climbed out of failing", "number of kids in care at the time it was rated outstanding")
    whs = [w for w in whs if not (w.tag_ == "WRB" and w.i > 0 and w.head.dep_ in ("advcl", "relcl", "acl")
                                  and any(t.pos_ in ("NOUN", "PROPN") for t in doc[:w.i]))]
    return next((w for w, nxt in zip(whs, whs[1:] + [None]) if nxt is None or not opens_clause(w, nxt)), None)


TELLING_VERBS = frozenset("tell know say remember explain show find check".split())
SIZE_WORDS = frozenset("big large high low small".split())  # "how big …": a size, said as a figure
TAG_WORDS = frozenset("right correct true yeah yes eh ok okay".split())  # "X was rated good, right?"


def tagged_statement(doc) -> bool:
    """Whether a question is a statement with a question tag, asking yes or no: "dunmarsh was
    failed again in 2022 right?", "… in 2019, wasn't it?", "…, is that right?", "…, yeah?"."""
    words = [t for t in doc if not t.is_punct]
    if not doc.text.rstrip().endswith("?") or len(words) < 4 or words[0].tag_ in ("WDT", "WP", "WP$", "WRB"):
        return False
    if words[-1].lower_ in TAG_WORDS:  # "…, right?", "…, is that right?"
        return True
    # "…, wasn't it?", "…, didn't they?": an auxiliary, its negation and a pronoun
    return words[-1].pos_ == "PRON" and words[-2].dep_ == "neg" and words[-3].pos_ == "AUX"


# Words that put what a sentence says in the future ("is due", "expects", "the next inspection").
FUTURE_WORDS = frozenset("due expect expected plan planned schedule scheduled intend next upcoming".split())
WILL = ("will", "'ll", "shall")  # the modals of the future ("would" too, in a passage's reported speech)


def _future(doc) -> bool:
    """Whether a question asks about what is to come: "will", "going to", or a present tense with
    "due" / "next" ("When is X due its next inspection?")."""
    if any(t.tag_ == "MD" and t.lower_ in WILL for t in doc) or "going to" in doc.text.lower():
        return True
    present = any(t.tag_ in ("VBZ", "VBP") for t in doc)
    return present and any(t.lower_ in ("due", "next", "upcoming") for t in doc)


def _about(sent, question: str) -> bool:
    """Whether a sentence shares a content word (as its lemma) with the question, past its wh-word
    and names ("the trust … is expected to take over" for "when will the trust take over?")."""
    from index.nlp import parse_cached

    names = {t.lower_ for t in sent if t.text[:1].isupper()}  # (a council's name is no content: "whitcaster")
    asked = {t.lemma_.lower() for t in parse_cached(question) if t.is_alpha and not t.is_stop
             and t.pos_ in ("NOUN", "VERB") and t.lower_ not in names} - FUTURE_WORDS
    return not asked or bool(asked & {t.lemma_.lower() for t in sent})


def _said_of_future(sent) -> bool:
    return any((t.tag_ == "MD" and t.lower_ in WILL + ("would",)) or t.lemma_.lower() in FUTURE_WORDS for t in sent)


def expected_type(question, names: frozenset[str] = frozenset()) -> AnswerType | None:
    """The answer type a question asks for, or None when it asks for something open — read from
    its parse (a spaCy `Doc`, or text to parse): the first wh-word and the word it asks about
    ("how many <noun>", "what share of …", "which month", "which official", "when …"); `names`:
    the words of the councils' names, which qualify no count ("children in easthaven")."""
    from index.nlp import parse_cached

    doc = parse_cached(question) if isinstance(question, str) else question
    lemmas = {t.lemma_.lower() for t in doc}
    wh = question_word(doc)
    if wh is None:
        # a question that opens with the noun it asks for ("number of looked after kids … when it
        # was rated outstanding", "name of the lead inspector when …"), whatever clause follows
        first = next((t for t in doc if t.dep_ != "det" and not t.is_punct), None)
        if first is not None and first.pos_ == "NOUN" and first.i + 1 < len(doc) and doc[first.i + 1].lower_ == "of" \
                and (k := _noun_kind(first, doc, names)) is not None:
            return k
        # a request for a typed noun asks for it: "give me the dates the inspectors were in X",
        # "tell me the number of children in care"
        obj = next((c for c in first.children if c.dep_ == "dobj"), None) \
            if first is not None and first.tag_ == "VB" and first.dep_ == "ROOT" else None
        if obj is not None and (k := _noun_kind(obj, doc, names)) is not None and k.kind in FIGURE_KINDS:
            return k
        # a question of nouns alone asks for the figure its measure names ("yarrowby average
        # caseload 2019?", "number of children in care gorsemere 2017 v 2022")
        if not any(t.pos_ in ("VERB", "AUX") for t in doc):
            figure = next((k for t in doc if t.pos_ == "NOUN" and (k := _noun_kind(t, doc, names)) is not None
                           and k.kind in ("count", "percent", "money")), None)
            if figure is not None:
                return figure
        return _grade_talk(doc, lemmas)
    word, nxt = wh.lower_, doc[wh.i + 1] if wh.i + 1 < len(doc) else None
    # (a "which" that a figure follows asks for the figure of each: "which councils overspent, and by how much?")
    later = next((t for t in doc[wh.i + 1:-1] if t.lower_ == "how" and doc[t.i + 1].lower_ in ("much", "many")), None) \
        if word in ("which", "what") else None
    if later is not None:
        wh, word, nxt = later, "how", doc[later.i + 1]
    if word == "how" and nxt is not None:
        if nxt.lower_ == "many":
            noun = nxt.head
            while noun.dep_ == "poss" and noun.head is not noun:  # "how many children's centres" counts centres
                noun = noun.head
            noun = noun if noun.pos_ in ("NOUN", "PROPN") else None
            return AnswerType("count", counted_terms(noun), qualifier=qualifier_of(noun, names))
        if nxt.lower_ == "much":
            # (what a person is paid is their salary: "how much is the new director paid?")
            from index.records import roles

            # (passive however parsed: "is … paid", a "be" before it)
            if any(t.lemma_.lower() == "pay" and any(x.lemma_ == "be" for x in doc[:t.i])
                   and any(c.dep_ in ("nsubj", "nsubjpass") and (c.pos_ in ("PRON", "PROPN")
                                                                 or c.lemma_.lower() in _PERSON_NOUNS | roles())
                           for c in t.children) for t in doc):
                return AnswerType("money", ("salary",))
            # (a sum the amount is measured against is not what it measures: "how much over budget?")
            against = {t.lemma_.lower() for t in doc if t.dep_ == "pobj" and t.head.lower_ in _AGAINST}
            return AnswerType("money", tuple(sorted(lemmas & MONEY_NOUNS - ANY_MONEY - against))) \
                if lemmas & MONEY_NOUNS else AnswerType("count")
        if nxt.lower_ == "long":
            return AnswerType("duration")
        if nxt.lower_ in SIZE_WORDS:  # "how big was the overspend / were caseloads / was the backlog?": a figure
            return next((k for t in doc if t.pos_ == "NOUN" or t.lemma_.lower() in TYPED_MEASURES
                         if (k := _noun_kind(t, doc, names)) is not None and k.kind in ("count", "percent", "money")),
                        AnswerType("count", strict=False))
        if nxt.lower_ == "often" or nxt.pos_ in ("ADJ", "ADV"):
            return None
        return _grade_talk(doc, lemmas, strict=bool(lemmas & _GRADE_VERBS))  # "How was it judged?"
    if word == "when":
        return AnswerType("date", future=_future(doc))
    if word in ("who", "whom", "whose"):
        # (between councils it names, "who" asks which of them: "orrindale or tevingham - who had
        # lighter caseloads?", "out of A, B and C, whose agency rate was the highest?")
        if len({t.lower_ for t in doc} & names) >= 2 and \
                any(t.lower_ == "or" or t.tag_ in ("JJR", "JJS", "RBR", "RBS") for t in doc):
            return AnswerType("council", strict=False)
        named = wh.head.lemma_ == "be" and any(c.pos_ == "PROPN" for c in wh.head.children if c is not wh)
        return None if named else AnswerType("person", strict=False)  # "Who is X?" wants a role
    if word in ("what", "which"):
        noun = asked_noun_of(wh)
        if noun is None and wh.head.lemma_ == "be":  # "what was X's overspend", the noun parsed as a verb
            noun = next((t for t in doc[wh.i + 1:] if t.lemma_.lower() in _TYPED_NOUNS
                         and t.tag_ not in ("VBD", "VBN", "VBG")), None)  # (not "… when it was rated")
        if noun is not None:
            kind = _noun_kind(noun, doc, names)
            if kind is not None:
                return kind
        # ("what is X paying its new head?", however the "be" is parsed; not "what is it spending on?")
        if wh.dep_ in ("dobj", "nsubj") and not stranded(doc) and (
                wh.head.lemma_.lower() in MONEY_VERBS or wh.head.lemma_ == "be"
                and any(t.tag_ == "VBG" and t.lemma_.lower() in MONEY_VERBS for t in doc)):
            return AnswerType("money")
    return _grade_talk(doc, lemmas)


def asked_noun_of(wh):
    """The noun a "which"/"what" asks about: its head when it is the noun's determiner ("which
    month"), the noun after "of" ("which of the councils"), else the first noun of its phrase
    ("which Ofsted regional director")."""
    if wh.dep_ == "det" and wh.head.pos_ in ("NOUN", "PROPN"):
        noun = wh.head
        verb = noun.head
        # "what inspectors found" asks for what was found: "what" is the object its verb lacks
        # ("which inspector found problems" asks for the inspector)
        if wh.lower_ == "what" and noun.dep_ == "nsubj" and verb.pos_ == "VERB" and noun.tag_ == "NNS" \
                and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd", "acomp") for c in verb.children):
            return None
        return noun
    of = next((c for c in wh.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        return next((c for c in of.children if c.dep_ == "pobj"), None)
    if wh.head.lemma_ == "be" and not stranded(wh.doc):  # "what is the name of …", "what was the cost …"
        noun = next((c for c in wh.head.children if c is not wh and c.dep_ in ("nsubj", "attr")
                     and c.pos_ == "NOUN"), None)
        # ("the heaviest caseload inspectors found …", parsed as a compound "caseload inspectors": the
        # clause's subject follows the noun asked about, and its verb lacks the object that noun is)
        modifier = next((c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"), None) if noun is not None else None
        if modifier is not None and any(c.dep_ in ("acl", "relcl") and c.tag_ in ("VBD", "VBN") and not any(
                g.dep_ in ("dobj", "ccomp", "xcomp") for g in c.children) for c in noun.rights):
            return modifier
        return noun
    for t in wh.doc[wh.i + 1:wh.i + 5]:
        if t.i == wh.i + 1 and t.lower_ == "about":
            continue  # "what about caseloads?" asks for the caseloads
        if t.dep_ in ("amod", "compound") and t.head.i > t.i and t.head.pos_ == "NOUN":
            continue  # a modifier of the noun to come, however tagged ("Which Ofsted[VBD] regional directors")
        if t.pos_ in ("VERB", "AUX", "ADP") or t.is_punct:
            return None
        if t.pos_ == "NOUN" and (t.dep_ not in ("compound", "amod") or t.head.i <= t.i):
            return t
    return None


def stranded(doc) -> bool:
    """Whether a verb's (or adjective's) preposition lacks its object ("what was the union rep
    complaining about?", "what were inspectors unhappy about?"):
    "what" is that object, not the noun after "was"."""
    return any(t.pos_ == "ADP" and t.dep_ == "prep" and t.head.pos_ in ("VERB", "ADJ")
               and not any(c.dep_ in ("pobj", "pcomp") for c in t.children) for t in doc)


def _noun_kind(noun, doc, names: frozenset[str] = frozenset()) -> AnswerType | None:
    from index.records import roles

    lemma = noun.lemma_.lower()
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if lemma == "day" and what is not None and what.lemma_.lower() == "week":
        return AnswerType("weekday")
    if lemma in _DATE_NOUNS:  # "which month" wants a month, not a year
        return AnswerType("date", ("month",) if lemma == "month" else (), future=_future(doc))
    if lemma in PERCENT_NOUNS:
        return AnswerType("percent")
    if lemma in MEASURE_NOUNS:
        return AnswerType(*MEASURE_NOUNS[lemma])
    if lemma in COUNT_NOUNS:
        return AnswerType("count", counted_terms(what), qualifier=qualifier_of(what, names))
    if lemma in MONEY_NOUNS:
        return AnswerType("money", () if lemma in ANY_MONEY else (lemma,))
    if lemma in _GRADE_NOUNS and not any(t.lemma_.lower() in _SAY_VERBS for t in doc):
        return AnswerType("grade")
    if lemma in COUNCIL_NOUNS:
        return AnswerType("council", strict=False, other=any(c.lower_ in ("other", "else") for c in noun.children))
    if lemma in _PERSON_NOUNS or lemma in roles():  # "which official", "which regional director"
        return AnswerType("person", strict=False)
    return None


def counted_terms(noun) -> tuple[str, ...]:
    """The terms of a counted noun with its modifiers ("newly qualified social workers")."""
    if noun is None:
        return ()
    words = [t.text for t in noun.lefts if t.dep_ in ("amod", "compound") and t.pos_ != "ADV"
             and t.lower_ not in ("many", "much")] + [noun.text]
    return tuple(tokenize(" ".join(words)))[-2:]


def qualifier_of(noun, names: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """What a counted noun is said to be in or on: the content lemmas of its prepositional
    phrases ("children on child protection plans", "kids in care") and, when it is the subject of
    "be", of the verb's ("how many children are on child protection plans?") — not a name, a
    date or a number ("children in Easthaven", "in 2019"), nor a council's generic name ("grades for
    council children's services": "… for local authority children's services"), nor the counted
    noun's own words."""
    if noun is None:
        return ()
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_ == "be":
        preps += [c for c in noun.head.children if c.dep_ == "prep"]
    # (a phrase of time qualifies nothing: "at the 2023 inspection", "at their latest inspections")
    preps = [p for p in preps if not any(t.lemma_.lower() in _TIME_NOUNS or t.ent_type_ == "DATE" for t in p.subtree)]
    own = {noun.lemma_.lower()} | {t.lemma_.lower() for t in noun.lefts}
    return tuple(dict.fromkeys(
        t.lemma_.lower() for p in preps for t in p.subtree
        if t.pos_ in ("NOUN", "ADJ") and t.is_alpha and not t.is_stop and not t.ent_type_
        and t.lower_ not in names and t.lemma_.lower() not in own | COUNCIL_NOUNS))


_TIME_NOUNS = frozenset("inspection visit report time".split()) | _UNITS


def qualified(sent, qualifier: tuple[str, ...], similar=None) -> bool:
    """Whether a figure's sentence names what the count is of: each qualifier lemma (or a word
    like it), or another wording of the judgement area the qualifier names ("children in care":
    "the city looks after 455 children", as "looked after children")."""
    if not qualifier:
        return True
    said = {t.lemma_.lower() for t in sent if t.is_alpha} | {t.lower_ for t in sent if t.is_alpha}
    if all(q in said or (similar is not None and any(similar(q, w) >= SAME_WORD for w in said)) for q in qualifier):
        return True
    from index.records import areas

    named = {area for wording, area in areas().items() if set(qualifier) <= _wording(wording)}
    return any(_wording(wording) <= said for wording, area in areas().items() if area in named)


@lru_cache(maxsize=None)
def _wording(phrase: str) -> frozenset[str]:
    from index.nlp import parse_cached

    return frozenset(t.lemma_.lower() for t in parse_cached(phrase) if t.is_alpha)


def _grade_talk(doc, lemmas: set[str], strict: bool = False) -> AnswerType | None:
    """A question that talks about rating ("Did it keep its rating?"): a grade helps, but is not
    the question unless it asks how something was rated."""
    # (the noun "rate" is a share: "the vacancy rate")
    if any(t.lemma_.lower() in _GRADE_NOUNS or t.lemma_.lower() in _GRADE_VERBS and t.pos_ != "NOUN" for t in doc):
        return AnswerType("grade", strict=strict)
    return None


# Inspection grades: Ofsted's four (and the "adequate" of older frameworks). "Good" is an
# ordinary word too, so a grade counts when quoted or said as one ("rated good", "good overall").
_GRADES = r"requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good"
_GRADE = re.compile(
    rf"[‘'\"“]({_GRADES})[’'\"”]|\b(?:rated|judged|graded|as|overall)\s+({_GRADES})\b|"
    rf"\b({_GRADES})\s+(?:overall|rating|judgement|judgment|grade)\b|\b(requires\s+improvement|inadequate)\b", re.I)


def _stem(term: str) -> str:
    return term[:5] if len(term) >= 5 else term


def mentions(text: str, kind: AnswerType, question: str = "", similar=None) -> list[str]:
    """Mentions of the wanted type in `text` that the question does not already contain, from
    the text's entities: a date (a year, a month, a day; "this year" is no date a reader can
    use), a weekday, a duration ("four weeks"), an amount of money, a share ("41%", "half"), a person, or a number
    within three words of the counted noun ("two of the four judgement areas", "caseloads of 17")."""
    if kind.kind == "council":  # the passage's own council is what it names; see select_evidence
        return []
    if kind.kind == "grade":
        found = grades(text)
    else:
        from index.nlp import parse_cached, read_date

        doc = parse_cached(text)
        ents = [e for e in doc.ents]
        if kind.kind in ("date", "weekday", "duration"):
            dates = [e for e in ents if e.label_ in ("DATE", "TIME")]
            if kind.future:  # what is to come is dated by a sentence about it ("is expected in 2026")
                dates = [e for e in dates if _said_of_future(e.sent) and _about(e.sent, question)]
            elif question and kind.kind == "date":  # "when was it published?": the date of publishing,
                # where a sentence also dates something else ("published today (19 February 2016) follows
                # an inspection carried out in November and December 2015")
                verbs = {t.lemma_.lower() for t in parse_cached(question) if t.pos_ == "VERB"} - LIGHT_VERBS
                dates = [e for e in dates if _verb_of(e) in verbs] or dates
            weekday = [e.text for e in dates if {t.lower_ for t in e} & _WEEKDAYS]
            span = [e.text for e in dates if {t.lemma_.lower() for t in e} & _UNITS
                    and any(t.like_num or t.lower_ in ("a", "an", "several", "few") for t in e)]
            if kind.kind == "weekday":
                found = weekday
            elif kind.kind == "duration":
                found = span
            else:
                read = [(e.text, read_date(e.text)) for e in dates if e.text not in span]
                found = weekday + [t for t, w in read if w is not None and (w.year or w.month)
                                   and (w.month or "month" not in kind.counted)]
        elif kind.kind == "money":  # an amount of what was asked ("the overspend", not "the budget")
            said = {_stem(t.lemma_.lower()) for t in doc} | {_stem(t.lower_) for t in doc}
            found = [e.text for e in _amounts(doc) if not kind.counted or any(_stem(c) in said for c in kind.counted)]
        elif kind.kind == "percent":  # "41%", "forty-one per cent", "almost half", "one in five" (of the counted noun)
            shares = [e for e in ents if e.label_ == "PERCENT"] + [_per_cent(e) for e in ents if _per_cent(e)] + \
                [doc[t.i:t.i + 1] for t in doc if t.lemma_.lower() in _FRACTIONS
                 or (t.lower_ == "in" and 0 < t.i < len(doc) - 1 and doc[t.i - 1].like_num and doc[t.i + 1].like_num)]
            found = [e.text for e in shares if _near(doc, e.start, e.end, kind.counted, similar, subject=None)]
        elif kind.kind == "person":  # (not one a "who" question names: "who's filling in after nwosu goes?")
            asked = {w.strip(".,'’?").lower() for w in question.split()}
            found = [e.text for e in ents if e.label_ == "PERSON" and not (asked & {"who", "who's", "whom", "whose"} and any(
                t.lower_ in asked for t in e if t.is_alpha and len(t.text) > 2))]
        else:  # a count is no share, amount or date ("38%" counts no social workers)
            # (a date has words: "9 September", "four weeks"; the small model calls a bare "31" a date too)
            measures = {t.i for e in ents if e.label_ == "PERCENT" or _per_cent(e)
                        or (any(t.is_alpha for t in e) and (e.label_ in ("DATE", "TIME") or _is_date(e.text)))
                        for t in e} | {t.i for e in _amounts(doc) for t in e}
            # (an ordinal ranks, it does not count: "the first full inspection")
            # (nor does "one of" them: "one of Ofsted's most experienced inspectors")
            found = [tok.text for tok in doc if tok.like_num and not is_year(tok.text)
                     and tok.ent_type_ != "ORDINAL" and tok.tag_ != "JJ" and tok.i not in measures
                     and not (tok.lower_ == "one" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of")
                     and not (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "%")
                     and _near(doc, tok.i, tok.i + 1, kind.counted, similar,
                               subject=COUNT_NOUNS | (_MEASURES & set(kind.counted)))
                     and qualified(tok.sent, kind.qualifier, similar)]
    q = question.lower()
    return [f for f in found if f.lower() not in q]


_GRADE_WORD = re.compile(rf"\b({_GRADES})\b", re.I)
_RATING_TALK = re.compile(r"\b(?:rat\w*|judge?\w*|grade\w*|ofsted|inspect\w*)\b", re.I)


def grades(text: str, loose: bool = False) -> list[str]:
    """The inspection grades a text gives ("rated ‘good’" -> ["good"]), lower-cased. `loose`:
    any grade word of a text that talks about ratings ("Ofsted found it good"), for checking
    what an answer claims."""
    if loose and _RATING_TALK.search(text):
        return [re.sub(r"\s+", " ", m.group(1)).lower() for m in _GRADE_WORD.finditer(text)]
    return [re.sub(r"\s+", " ", next(g for g in m.groups() if g)).lower() for m in _GRADE.finditer(text)]


_MAGNITUDES = frozenset("m bn k million billion thousand".split())


def _amounts(doc) -> list:
    """Amounts of money: the MONEY entities, and a currency sign before a number that the small
    model leaves unlabelled ("an extra £4m a year")."""
    spans = [e for e in doc.ents if e.label_ == "MONEY" and not _per_cent(e)]
    taken = {t.i for e in spans for t in e}
    for t in doc[:-1]:
        if t.is_currency and doc[t.i + 1].like_num and t.i + 1 not in taken:
            end = t.i + 2 + (t.i + 2 < len(doc) and doc[t.i + 2].lower_ in _MAGNITUDES)
            spans.append(doc[t.i:end])
    return spans


def _verb_of(span) -> str:
    """The lemma of the verb a span hangs from: its own root's, or the nearest verb above it."""
    return next((t.lemma_.lower() for t in [span.root, *span.root.ancestors] if t.pos_ == "VERB"), "")


def _is_date(text: str) -> bool:
    """A day and month ("9 September 2021"), whatever label the small model gave it."""
    from index.nlp import read_date

    when = read_date(text)
    return when is not None and bool(when.month)


def _per_cent(ent):
    """"Forty-three per cent", which the small model reads as a number, not a share."""
    if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY"):
        return None
    if ent.text.lower().endswith(("per cent", "percent", "%")):  # the small model may call "41 per cent" money
        return ent
    doc, end = ent.doc, ent.end
    if doc[end:end + 2].text.lower() == "per cent":
        return doc[ent.start:end + 2]
    if end < len(doc) and doc[end].lower_ in ("percent", "%"):
        return doc[ent.start:end + 1]
    return None


def _near(doc, start: int, end: int, counted: tuple[str, ...], similar=None,
          subject: frozenset | None = frozenset()) -> bool:
    """Whether the counted noun is within three words of a figure (not past a comma) — "40 social
    workers", "the caseload is now 17", "44% of social workers" — or in the subject of a verb
    above it, when that subject has a `subject` noun ("the number of children in care has risen
    … to 1,020", a measure counted "average caseloads had risen to 24"; None: any subject of its
    own verb, for a share: "the share of social workers … has fallen to 12%"); any figure when
    nothing is counted."""
    if not counted:
        return True
    window = []
    # (a figure that is a noun's number counts that noun: "17 children per worker" counts children)
    head = doc[start].head if doc[start].dep_ == "nummod" and doc[start].head.i >= end else None
    while head is not None and head.dep_ == "poss" and head.head.i > head.i:  # "25 children's centres": centres
        head = head.head
    for t in doc[end:end + 4 if head is None else head.i + 1]:  # up to three words after ("of" is a stop word) …
        if t.is_punct and t.text not in _DASHES:
            break
        window.append(t)
    for of in (c for t in doc[start:end] for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
        # "11 of its 25 centres", "8% of the borough's social workers"
        window += [t for c in of.children if c.dep_ == "pobj" for t in c.subtree]
    for t in reversed(doc[max(0, start - 3):start]):  # … or before ("social workers – 44% –")
        if t.is_punct and t.text not in _DASHES:
            break
        window.append(t)
    # (a line's value after its label's colon counts what the label names: "Children in care at
    # the time of the inspection: 438")
    breaks = lambda t: "\n" in t.whitespace_ or t.is_space and "\n" in t.text  # noqa: E731 — a line ends at it
    if start and doc[start - 1].text == ":" and (end == len(doc) or breaks(doc[end - 1]) or breaks(doc[end])
                                                  or doc[end].is_punct and end + 1 >= len(doc)):
        label = start - 1
        while label > max(0, start - 13) and not breaks(doc[label - 1]):
            label -= 1
        window += list(doc[label:start - 1])
    # … or in the subject of its verb, when that subject is a share or number of something
    # ("… has risen from 870 when the council was formed to 1,020": the clauses it sits in, upwards)
    verbs = [t for t in [doc[start], *doc[start].ancestors] if t.pos_ in ("VERB", "AUX")]
    # (the verb of its noun names what is counted too: "27 children were adopted" counts adoptions)
    window += [v for v in verbs[:1] if v.pos_ == "VERB" and doc[start].head.head == v]
    # (a share that is its verb's subject is said of what the verb makes it: "11 per cent of social
    # workers were agency staff", "11% of social workers are employed through agencies")
    if subject is None and doc[start:end].root.dep_ in ("nsubj", "nsubjpass") and doc[start:end].root.head in verbs[:1]:
        verb = doc[start:end].root.head
        window += [t for c in verb.children if c.dep_ in ("attr", "prep") for t in c.subtree]
    for verb in verbs[:1] if subject is None else verbs:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (subject is None or any(
                    t.lemma_.lower() in subject for t in c.subtree)):
                window += list(c.subtree)
    # (a possessive names whose the counted thing is: "two more children's homes" counts homes)
    words = [t.lower_ for t in window if t.is_alpha and not t.is_stop and not any(c.dep_ == "case" for c in t.children)]
    stems = {_stem(c) for c in counted}
    return any(_stem(w).startswith(st) or st.startswith(_stem(w)) for w in words for st in stems
               if min(len(w), len(st)) >= 4) \
        or (similar is not None and any(similar(c, w) >= SAME_WORD
                                        for c in counted for w in words))  # "kids" ~ "children"


def has_mention(text: str, kind: AnswerType | None, question: str = "", similar=None) -> bool:
    return kind is not None and bool(mentions(text, kind, question, similar))


# ----- lists: "Which areas got 'outstanding'?" -------------------------------------------------
# Words after the listed noun that are not the quality asked about.
_COUNT_SKIP = {"of", "the", "did", "do", "does", "were", "was", "are", "is", "have", "has", "had", "in", "at", "on"}
_Q_LIST = re.compile(r"^\W*(?:for|in|on)?\s*(?:which|what)\s+(?P<noun>[a-z]+s)\b(?P<rest>.*)$", re.I)
_NUMBER_NAMES = {v: k for k, v in NUMBER_WORDS.items()}
_AWARD = r"(?:received|got|gained|achieved|given|rated|judged|awarded|graded|found)"
_QUOTE_OPEN, _QUOTE_CLOSE = r"[‘'\"“]?", r"[’'\"”]?"


@dataclass(frozen=True)
class ListQuestion:
    """"Which <noun>s … <qualifier>?": the plural noun and the quality the items must have."""

    noun: str  # "areas"
    qualifiers: tuple[str, ...]  # ("outstanding",): words of the question the items are said to have


def list_question(question: str, ignore: set[str] = frozenset()) -> ListQuestion | None:
    m = _Q_LIST.match(question)
    if not m or m.group("noun").lower() in ("is", "was", "does", "has", "its", "this", "ofsted") \
            or m.group("noun").lower().rstrip("s") in COUNCIL_NOUNS or \
            m.group("noun").lower() == "authorities":  # "Which councils …?" lists councils: each one's evidence
        return None
    quals = tuple(t for t in tokenize(m.group("rest")) if t not in ignore and t not in _COUNT_SKIP)
    return ListQuestion(m.group("noun").lower(), quals) if quals else None


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def stated_count(text: str, lq: ListQuestion) -> int | None:
    """N in "N of the M <noun>" ("two of the four judgement areas"), when the text says it."""
    stem = lq.noun[:-1][:5]
    m = re.search(rf"\b(\w+)\s+of\s+(?:the\s+|its\s+|our\s+)?(\w+)\s+(?:[\w-]+\s+)?{re.escape(stem)}\w*", text, re.I)
    if not m or _number(m.group(1)) is None or _number(m.group(2)) is None:
        return None
    return _number(m.group(1))


def named_items(text: str, lq: ListQuestion) -> int:
    """How many things the text says got the qualifier ("children in care services received an
    outstanding rating" names one; "'outstanding' for leadership …, and 'outstanding' for
    adoption" names two). Hopes ("to gain an outstanding rating") and counts name none."""
    n = 0
    for q in lq.qualifiers:
        n += len(re.findall(rf"\b{_AWARD}\s+(?:an?\s+)?{_QUOTE_OPEN}{re.escape(q)}{_QUOTE_CLOSE}"
                            rf"\s*(?:rating|judgement|grade)\b", text, re.I))
        n += len(re.findall(rf"{_QUOTE_OPEN}\b{re.escape(q)}{_QUOTE_CLOSE}\s+for\s+(?!the\s+future)\w", text, re.I))
    return n




def count_name(n: int) -> str:
    return _NUMBER_NAMES.get(n, str(n))


# ----- thresholds: "did X have over 700 children in care?" -----------------------------------
_ABOVE = frozenset("over above more exceed exceeding beyond least".split())
_BELOW = frozenset("under below less fewer few".split())
_SHARE_WORDS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0, "majority": 50.0}


@dataclass(frozen=True)
class Threshold:
    """A yes/no question's bound on a figure: "over 700 looked after children" (count, above
    700), "under 15 percent" (share, below 15), "over half of its care leavers" (share, above 50)."""

    value: float
    above: bool
    kind: AnswerType  # what the evidence's figure is: a count of the noun, or a share
    inclusive: bool = False  # "at least 700", "no more than 15 percent": the bound itself passes

    def passes(self, value: float) -> bool:
        if self.inclusive and value == self.value:
            return True
        return value > self.value if self.above else value < self.value


def threshold(doc) -> Threshold | None:
    """The bound a question sets on a figure, from the words just before a number or a share
    ("over", "more than", "at least", "under", "fewer than"); None when it sets none."""
    for t in doc:
        share = _SHARE_WORDS.get(t.lemma_.lower())
        if share is None and not (t.like_num and not is_year(t.text) and number_value(t.text) is not None):
            continue
        before = {w for x in doc[max(0, t.i - 3):t.i] for w in (x.lemma_.lower(), x.lower_)}
        above, below = bool(before & _ABOVE), bool(before & _BELOW)
        # "at least 700", "at most", "no more than" (at most), "no fewer than" (at least): the bound passes too
        inclusive = bool(before & {"least", "most", "no"})
        if "most" in before and not below:
            above, below = False, True
        elif "no" in before:
            above, below = below, above
        if above == below:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if share is not None or (nxt is not None and nxt.lower_ in ("%", "percent", "per")):
            # (a share of what: "over half of maddenfield care leavers")
            of = next((x for x in doc[t.i + 1:t.i + 4] if x.lower_ == "of"), None)
            what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            return Threshold(share if share is not None else number_value(t.text), above,
                             AnswerType("percent", counted_terms(what)), inclusive)
        noun = t.head if t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN") else \
            next((x for x in doc[t.i + 1:t.i + 5] if x.pos_ == "NOUN"), None) or \
            next((x for x in reversed(doc[max(0, t.i - 5):t.i]) if x.pos_ == "NOUN"), None)  # "caseload below 20"
        return Threshold(number_value(t.text), above, AnswerType("count", counted_terms(noun)), inclusive)
    return None
