"""Questions about a measure across councils or inspections, answered from each one's evidence.

"Which council has the most children in care?", "out of A, B and C, which had the biggest share
of agency social workers?", "how do caseloads in A and B compare?", "how did agency staffing at
A change between 2018 and 2023?": the answer is one passage per council (or per inspection),
each the best evidence of that group about the question's topic, and — for a superlative — the
group whose figure is the extreme. Grades across councils are the records' (`qa.records`); this
is for what the records do not hold.

Only the question's parse is read: its superlative ("most", "highest", "lowest", tags JJS/RBS),
the councils and years it names, and whether it compares; never a known question's wording.
"""
from __future__ import annotations

from dataclasses import dataclass

from index import tokenize
from index.nlp import number_value

from .answer_types import AnswerType, is_year, mentions
from .evidence import Passage, Scorer, select_evidence
from .records import AFTER_WORDS, BEFORE_WORDS, COMPARE_WORDS, EARLIEST_WORDS, LATEST_WORDS, superlative

# Superlatives (and comparatives: lemmas "big", "more") that pick the largest figure; any other picks the smallest.
HIGH = frozenset("most more high highest big biggest large largest great greatest many heavy long steep".split())
WORST = frozenset("bad worse worst".split())
FIGURE_PASSAGES = 3  # a group's best passages whose figures are compared
# Measures a figure gives as a share of the social work workforce, whatever noun the question puts
# them in ("use of agency staff", "agency staffing", "the agency number"): "38% of social workers
# were agency staff".
SHARES = frozenset({"agency"})
# Verbs (and their particles) that move a measure up or down between inspections: "did caseloads
# go up", "has X cut its use of agency staff", "had turnover fallen". Not "improve" or "better":
# fewer cases is the better caseload, so those say no direction of the figure.
TREND_UP = frozenset("rise increase grow climb up double triple soar".split())
TREND_DOWN = frozenset("fall drop cut reduce decrease lower shrink decline down halve ease".split())
MOVE_VERBS = frozenset("change move happen shift".split())  # "how had that agency number moved?"
# A follow-up's words that only move the question in time: "and by the time of the re-inspection?",
# "what had that come down to by the latest inspection", "what are they like now"
TIME_NOUNS = frozenset("time inspection re-inspection reinspection visit monitoring report one judgement".split())
MOTION = frozenset("come go move change happen compare stand look get be like".split()) | TREND_UP | TREND_DOWN


@dataclass
class Group:
    label: str  # "Kelderby" or "Kelderby, 2018"
    passage: Passage
    value: float | None  # the figure it gives, for a superlative


def across_question(doc, named: list[str], years: list[str], council_question: bool,
                    amount: bool = False) -> tuple[str, bool] | None:
    """("most" | "least" | "", by_year) when a question asks about a measure across councils
    (a superlative over them, a comparison of two or more, or an amount asked of each: "how many
    kids were in care at A and at B?") or across one council's inspections (a comparison naming
    two years); None otherwise."""
    lemmas = {t.lemma_.lower() for t in doc}
    more = _comparative(doc)  # "whose overspend is bigger, A or B?"
    compares = bool(lemmas & COMPARE_WORDS) or more is not None
    sup = superlative(doc) or (more if len(named) >= 2 else None)
    if sup is not None and (council_question or len(named) >= 2):
        # (the worst of what is measured here — an overspend, caseloads, agency use — is the most of it)
        return ("most" if {sup.lemma_.lower(), sup.lower_} & (HIGH | WORST) else "least"), False
    # (or an amount asked of every council: "which councils overspent, and by how much?", "what
    # share of social workers are agency at each council?")
    if (compares or amount) and (len(named) >= 2 or council_question and not named):
        return "", False
    if compares and len(named) == 1 and len(set(years)) >= 2:
        return "", True
    return None


def trend(doc) -> str | None:
    """"up" / "down" when the question's verb (or its particle) moves a figure: "did agency use go
    up", "has it cut caseloads"; None when it names no direction."""
    for t in doc:
        if t.pos_ == "VERB" or (t.dep_ == "prt" and t.head.pos_ == "VERB"):
            word = t.lemma_.lower()
            if word in TREND_UP:
                return "up"
            if word in TREND_DOWN:
                return "down"
    return None


def moves(doc) -> bool:
    """Whether the question asks how something moved: "how had it changed", "what happened to …"."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in MOVE_VERBS for t in doc)


def names_measure(doc) -> bool:
    """Whether a question names a measure a figure gives: a caseload, turnover, an amount, a
    number or share of something."""
    from .answer_types import COUNT_NOUNS, PERCENT_NOUNS, TYPED_MEASURES  # (the typed measures hold caseload, turnover)

    return any(t.lemma_.lower() in COUNT_NOUNS | PERCENT_NOUNS | SHARES and t.pos_ in ("NOUN", "PROPN")
               or {t.lower_, t.lemma_.lower()} & TYPED_MEASURES for t in doc)  # (however tagged: "caseloads")


def only_moves_in_time(doc, names: frozenset) -> bool:
    """A follow-up with no topic of its own, only a time or a movement: "and by the
    re-inspection?", "what had that come down to by the latest inspection", "what are they like
    now" — it asks the last question's measure at another time."""
    when = TIME_NOUNS | LATEST_WORDS | EARLIEST_WORDS | BEFORE_WORDS | AFTER_WORDS | {"then"}
    own = [t for t in doc if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "ADV")
           and t.lower_ not in names and {t.lemma_.lower(), t.lower_}.isdisjoint(when | MOTION)]
    timed = [t for t in doc if {t.lemma_.lower(), t.lower_} & when or (t.like_num and is_year(t.text))]
    return not own and bool(timed)


def _comparative(doc):
    """The question's first comparative ("bigger", "more"), if any."""
    return next((t for t in doc if t.tag_ in ("JJR", "RBR")), None)


def measured(doc, wanted: AnswerType | None, names: list[str] = ()) -> AnswerType:
    """What a superlative or comparison measures: a share ("the highest share of …"), an amount
    ("the biggest overspend") or a count of its noun ("the most kids in care", "the lowest
    caseloads", "A vs B on caseloads"); `names`: the councils, whose words are no measure."""
    from .answer_types import (ANY_MONEY, COUNT_NOUNS, COUNCIL_NOUNS, MEASURE_NOUNS, MONEY_NOUNS, PERCENT_NOUNS,
                               TYPED_MEASURES)

    if wanted is not None and wanted.kind in ("percent", "count", "money"):
        return wanted
    sup = superlative(doc) or _comparative(doc)
    subject = next((c for c in sup.head.children if c.dep_ == "nsubj"), None) if sup is not None else None
    named = {w.lower() for n in names for w in n.split()}
    noun = next((t for t in doc if t.pos_ == "NOUN" and t.lower_ not in named and t.dep_ != "compound"
                 and t.lemma_.lower() not in COMPARE_WORDS | COUNCIL_NOUNS), None) if sup is None else \
        sup.head if sup.head.pos_ == "NOUN" else \
        subject if subject is not None and subject.pos_ == "NOUN" else \
        next((t for t in doc[sup.i + 1:] if t.pos_ == "NOUN"), None)  # "whose overspend is bigger"
    typed = next((t for t in doc if {t.lower_, t.lemma_.lower()} & TYPED_MEASURES
                  or t.pos_ == "NOUN" and t.lemma_.lower() in PERCENT_NOUNS), None)
    if (sup is not None or noun is None) and typed is not None and \
            (noun is None or noun.lemma_.lower() not in TYPED_MEASURES | PERCENT_NOUNS):
        noun = typed  # "A vs B overspend - who was worse", "the biggest children's services overspend": a measure however tagged
    while noun is not None and noun.dep_ in ("compound", "nmod") and noun.head.pos_ == "NOUN":
        noun = noun.head  # the phrase's head: "the lowest agency social worker rate" measures a rate
    if noun is not None and noun.lemma_.lower() in COUNT_NOUNS:  # "the number of children in care": children
        of = next((c for c in noun.children if c.lower_ == "of"), None)
        # (the first noun after it, however parsed: "the number of looked after children")
        noun = next((t for t in doc[of.i + 1:of.i + 5] if t.pos_ == "NOUN" and t.dep_ != "compound"), noun) \
            if of is not None else noun
    share = next((t.lemma_.lower() for t in doc if t.lemma_.lower() in SHARES), None)
    if share and (noun is None or noun.lemma_.lower() not in MONEY_NOUNS | PERCENT_NOUNS | set(MEASURE_NOUNS)):
        return AnswerType("percent", (share,))  # "did its use of agency staff go up": agency staff's share
    if noun is not None and noun.lemma_.lower() in MONEY_NOUNS:  # ("the biggest overspend": an overspend's, not any sum)
        return AnswerType("money", () if noun.lemma_.lower() in ANY_MONEY else (noun.lemma_.lower(),))
    if noun is not None and noun.lemma_.lower() in MEASURE_NOUNS:  # "the lightest caseloads": a caseload counts cases
        return AnswerType(*MEASURE_NOUNS[noun.lemma_.lower()])
    if noun is not None and noun.lemma_.lower() in PERCENT_NOUNS:  # "share of agency social workers"
        of = next((c for c in noun.children if c.lower_ == "of"), None)
        what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else \
            next((c for c in noun.children if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"), None)  # "agency rate"
        return AnswerType("percent", (what.lower_,) if what is not None else ())
    return AnswerType("count", (noun.lower_,) if noun is not None else ())


def across(question: str, search: str, chunks: list, scorer: Scorer, councils: list[str], direction: str,
           by_year: bool, years: list[str], latest: bool, measure: AnswerType,
           year_of: dict[str, str] | None = None, dated: dict[str, str] | None = None) -> list[Group]:
    """The best passage of each group (council, or article of a year) about the question, with
    the figure it gives when the question asks for the most or least of something; `year_of`:
    the year a council's group is asked of ("… when each was rated inadequate")."""
    groups: dict[str, list] = {}
    for c in chunks:
        council = c.metadata.get("council", "")
        if council not in councils:
            continue
        if by_year:  # (an article's date, or the one the records give it: `dated`, source -> year)
            when = str(c.metadata.get("sort_date", "")) or (dated or {}).get(c.metadata.get("source", ""), "")
            year = next((y for y in years if when.startswith(y)), None)
            if year:
                groups.setdefault(f"{council}, {year}", []).append(c)
        else:
            groups.setdefault(council, []).append(c)
    out = []
    for label, docs in groups.items():
        pools = [docs]
        asked_year = (year_of or {}).get(label)
        if asked_year and not by_year:  # "when it failed": the articles of that inspection's year
            pools.insert(0, [d for d in docs if str(d.metadata.get("sort_date", "")).startswith(asked_year)])
        elif latest and not by_year:  # "at its latest inspection", "now": the council's latest article that gives it
            newest = max(str(d.metadata.get("sort_date", "")) for d in docs)
            pools.insert(0, [d for d in docs if str(d.metadata.get("sort_date", "")) == newest])
        for pool in pools:
            # (a group is one council or inspection: what it says of the measure, however weakly
            # its sentences match the question's other words — a bullet "Average caseloads of 16")
            passages = select_evidence(question, search, pool, scorer, [label.split(",")[0]], wanted=measure, floor=0.0)
            if any(mentions(p.text, measure, similar=scorer.similar) for p in passages[:FIGURE_PASSAGES]):
                break
        if not direction:  # the best passage that gives the measure, else the best
            if passages:
                out.append(Group(label, next((p for p in passages if _figure(p.text, measure, scorer, question)
                                              is not None), passages[0]), None))
            continue
        # the group's figure: the extreme of what its few best passages say ("at an inspection")
        figures = [(f, p) for p in passages[:FIGURE_PASSAGES] if (f := _figure(p.text, measure, scorer, question)) is not None]
        if figures:
            value, p = (max if direction == "most" else min)(figures, key=lambda fp: fp[0])
            out.append(Group(label, p, value))
    if direction:
        out.sort(key=lambda g: g.value, reverse=direction == "most")
    elif by_year:  # one council's inspections, earliest first
        out.sort(key=lambda g: g.label)
    return out


def moved(groups: list[Group], measure: AnswerType, scorer: Scorer, question: str = "") -> str | None:
    """"up" / "down": how the measure moved from the first group (the earliest inspection) to the
    last, by the figures their passages give; None when either gives none or they are equal."""
    first, last = (_figure(g.passage.text, measure, scorer, question) for g in (groups[0], groups[-1]))
    if first is None or last is None or first == last:
        return None
    return "up" if last > first else "down"


def _figure(text: str, measure: AnswerType, scorer: Scorer, question: str = "") -> float | None:
    """The figure a passage gives of the measure: the first share / count it states that is not
    where things went from ("fell from 38% to 12%" gives 12); of a list, the item most about
    what the question asks ("- the number of children in care had risen to 812", not "- the
    average caseload was 22")."""
    lines = [line for line in text.split("\n") if mentions(line, measure, similar=scorer.similar)]
    if len(lines) > 1 and question:
        terms = tokenize(question)
        text = max(lines, key=lambda line: scorer.lexical(terms, set(tokenize(line))))
    values = []
    for said in mentions(text, measure, similar=scorer.similar):
        at = text.find(said)
        before = text[:at].split()[-1:] if at > 0 else []
        if " to " in said:  # "38% to 12%": where it went
            said = said.rsplit(" to ", 1)[1]
        elif before == ["from"] and " to " in text[at:at + len(said) + 12]:
            continue
        value = number_value(said)
        if value is not None:
            values.append(value)
    return values[0] if values else None
