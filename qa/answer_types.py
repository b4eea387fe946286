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

from index import tokenize

# Mentions of a type are spaCy's entities (DATE, MONEY, PERSON, CARDINAL) of the text, read from
# one cached parse; only the question's shape is matched by the patterns below.
_UNITS = frozenset("second minute hour day week fortnight month year decade term".split())
_WEEKDAYS = frozenset(d.lower() for d in calendar.day_name)
_PERSON_TITLE = re.compile(r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+[A-Z]")  # "Who is Cllr X?" wants a role

# Question shapes. Order matters: "how much money" before "how many", "how long" before "when".
_Q_MONEY = re.compile(r"\bhow much\b.*\b(money|cost|costs|spend|spent|spends|budget|fund|funds|funding|pay|paid|"
                      r"worth|price|invest|invested|investment|grant)\b|\bwhat (?:is|was) the (?:cost|budget|price)\b",
                      re.I)
_Q_COUNT = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)", re.I)
_Q_DURATION = re.compile(r"\bhow long\b|\bfor how many (?:days|weeks|months|years)\b", re.I)
_Q_DATE = re.compile(r"^\W*when\b|\b(?:on|in|at|by|since|until)\s+when\b|\b(?:what|which)\s+(?:day|date|month|year|"
                     r"time of year|week)\b|\bwhen (?:was|were|did|is|does|had|has|will)\b", re.I)
# Inspection grades: Ofsted's four (and the "adequate" of older frameworks). "Good" is an
# ordinary word too, so a grade counts when quoted or said as one ("rated good", "good overall").
_GRADES = r"requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good"
_GRADE = re.compile(
    rf"[‘'\"“]({_GRADES})[’'\"”]|\b(?:rated|judged|graded|as|overall)\s+({_GRADES})\b|"
    rf"\b({_GRADES})\s+(?:overall|rating|judgement|judgment|grade)\b|\b(requires\s+improvement|inadequate)\b", re.I)
_Q_GRADE = re.compile(r"\b(?:what|which)\s+(?!(?:[\w'’&]+\s+){0,4}?(?:say|said|describe)\b)(?:[\w'’&]+\s+){0,4}?"
                      r"(?:rating|grade|judgement|judgment)s?\b|"
                      r"\bhow\s+(?:was|were|is|are|did|has|have)\b.*\b(?:rated|judged|graded|rate|judge|grade)\b",
                      re.I)
_Q_GRADE_OPEN = re.compile(r"\b(?:rating|grade|judgement|judgment|rated|judged|graded)\b", re.I)
_Q_COUNCIL = re.compile(r"^\W*(?:in\s+|for\s+)?(?:which|what)\s+(?P<other>other\s+)?"
                        r"(?:councils?|authorit(?:y|ies)|local authorit(?:y|ies)|areas? of (?:the )?country)\b", re.I)
_Q_WEEKDAY = re.compile(r"\b(?:what|which)\s+day of the week\b|\bwhat weekday\b", re.I)
_Q_PERSON = re.compile(r"^\W*(?:who|whom|whose)\b|\b(?:who|whom)\s+(?:is|was|are|were|leads|led|said|runs|ran)\b|"
                       r"\bwhat is the name of\b|\bname (?:of )?the (?:person|director|leader|inspector|councillor)\b",
                       re.I)
# Words after "how many" that are not the counted noun.
_COUNT_SKIP = {"of", "the", "did", "do", "does", "were", "was", "are", "is", "have", "has", "had", "in", "at", "on"}


@dataclass(frozen=True)
class AnswerType:
    """What a question wants: kind in {"date", "duration", "count", "money", "person", "grade",
    "weekday", "council"}."""

    kind: str
    counted: tuple[str, ...] = ()  # for "count": the noun's terms ("social", "worker")
    strict: bool = True  # whether evidence without such a mention cannot answer the question
    other: bool = False  # "Which other council …": one besides the council the evidence is about


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for, or None when it asks for something open."""
    if _Q_MONEY.search(question):
        return AnswerType("money")
    m = _Q_COUNT.search(question)
    if m:
        words = []
        for w in m.group(1).split():
            if w.lower() in _COUNT_SKIP:
                break
            words.append(w)
        return AnswerType("count", tuple(tokenize(" ".join(words))))
    if _Q_DURATION.search(question):
        return AnswerType("duration")
    m = _Q_COUNCIL.search(question)
    if m:  # "Which council was rated outstanding?": each council's best evidence
        return AnswerType("council", strict=False, other=bool(m.group("other")))
    if _Q_WEEKDAY.search(question):
        return AnswerType("weekday")
    if _Q_DATE.search(question):
        return AnswerType("date")
    if _Q_PERSON.search(question) and not _names_someone(question):  # "Who is Amanda Amesbury?" wants a role
        # Not strict: "Who inspected it?" may rightly be answered "Ofsted" or "the inspectors".
        return AnswerType("person", strict=False)
    if _Q_GRADE.search(question):  # "What rating did …", "How was it judged …"
        return AnswerType("grade")
    if _Q_GRADE_OPEN.search(question):  # "Did it keep its rating?": a grade helps, but is not the question
        return AnswerType("grade", strict=False)
    return None


def _stem(term: str) -> str:
    return term[:5] if len(term) >= 5 else term


def _names_someone(question: str) -> bool:
    from index.nlp import parse_cached

    return bool(_PERSON_TITLE.search(question)) or any(e.label_ == "PERSON" for e in parse_cached(question).ents)


def mentions(text: str, kind: AnswerType, question: str = "") -> list[str]:
    """Mentions of the wanted type in `text` that the question does not already contain, from
    the text's entities: a date (a year, a month, a day; "this year" is no date a reader can
    use), a weekday, a duration ("four weeks"), an amount of money, a person, or a number
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
            weekday = [e.text for e in dates if {t.lower_ for t in e} & _WEEKDAYS]
            span = [e.text for e in dates if {t.lemma_.lower() for t in e} & _UNITS
                    and any(t.like_num or t.lower_ in ("a", "an", "several", "few") for t in e)]
            if kind.kind == "weekday":
                found = weekday
            elif kind.kind == "duration":
                found = span
            else:
                read = [(e.text, read_date(e.text)) for e in dates if e.text not in span]
                found = weekday + [t for t, w in read if w is not None and (w.year or w.month)]
        elif kind.kind == "money":
            found = [e.text for e in ents if e.label_ == "MONEY"]
        elif kind.kind == "person":
            found = [e.text for e in ents if e.label_ == "PERSON"]
        else:
            stems = {_stem(t) for t in kind.counted}
            found = []
            for tok in doc:
                if not tok.like_num or re.fullmatch(r"(?:19|20)\d\d", tok.text):
                    continue
                window = []
                for t in doc[tok.i + 1:tok.i + 4]:  # up to three words after, not past a comma
                    if t.is_punct:
                        break
                    window.append(t)
                for t in reversed(doc[max(0, tok.i - 3):tok.i]):  # ... or before ("the caseload is now 17")
                    if t.is_punct:
                        break
                    window.append(t)
                after = [_stem(t.lower_) for t in window if t.is_alpha and not t.is_stop]
                if not stems or any(a.startswith(st) or st.startswith(a) for a in after for st in stems
                                    if min(len(a), len(st)) >= 4):  # "cases" ~ "caseload"
                    found.append(tok.text)
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


def has_mention(text: str, kind: AnswerType | None, question: str = "") -> bool:
    return kind is not None and bool(mentions(text, kind, question))


# ----- lists: "Which areas got 'outstanding'?" -------------------------------------------------
_Q_LIST = re.compile(r"^\W*(?:for|in|on)?\s*(?:which|what)\s+(?P<noun>[a-z]+s)\b(?P<rest>.*)$", re.I)
_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_NAMES = {v: k for k, v in _NUMBERS.items()}
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
            or _Q_COUNCIL.search(question):  # "Which councils …?" lists councils: each one's evidence
        return None
    quals = tuple(t for t in tokenize(m.group("rest")) if t not in ignore and t not in _COUNT_SKIP)
    return ListQuestion(m.group("noun").lower(), quals) if quals else None


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


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
