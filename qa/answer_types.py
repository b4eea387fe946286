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

import re
from dataclasses import dataclass

from index import tokenize

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 "hundred|hundreds|thousand|thousands|dozen|dozens|million|billion|single|both|half|"
                 "double|twice|no")
_UNITS = "seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|terms?"

# "May" and "march" are also ordinary words; months count when capitalised or next to a day/year.
# "today" or "this year" are not dates a reader can use (the article's own date is unknown).
_DATE = re.compile(
    rf"\b(?:(?:{_WEEKDAYS})|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b)|(?:(?:{_MONTHS})\s+\d{{1,4}})"
    rf"|(?:19|20)\d{{2}}s?)\b|\b(?-i:January|February|March|April|May|June|July|August|September|October|"
    rf"November|December)\b", re.I)
_NUMBER = re.compile(rf"\b(?:\d[\d,]*(?:\.\d+)?%?|(?:{_NUMBER_WORDS}))\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_DURATION = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|a|an|several|few)(?:[\s-]+\w+)?[\s-]+(?:{_UNITS})\b",
                       re.I)
_MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:million|billion|bn|m|k)\b|\b(?:pounds|pence|euros|dollars)\b",
                    re.I)
_HONORIFIC = r"(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor|Prof|Lord|Lady|Baroness)\.?"
_NOT_NAME = (r"(?!(?:The|A|An|This|That|These|Those|It|He|She|They|We|I|Our|In|On|At|But|And|So|As|For|Its|His|"
             r"Her|Their|Speaking|Council|County|Borough|City|North|South|East|West|Children)\b)")
_PERSON = re.compile(rf"\b{_HONORIFIC}\s+[A-Z][\w'’-]+|\b{_NOT_NAME}[A-Z][a-z][\w'’-]*\s+(?:[A-Z]\.?\s+)?"
                     rf"{_NOT_NAME}[A-Z][a-z][\w'’-]+")

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
    if _Q_PERSON.search(question) and not _PERSON.search(question):  # "Who is Amanda Amesbury?" wants a role
        # Not strict: "Who inspected it?" may rightly be answered "Ofsted" or "the inspectors".
        return AnswerType("person", strict=False)
    if _Q_GRADE.search(question):  # "What rating did …", "How was it judged …"
        return AnswerType("grade")
    if _Q_GRADE_OPEN.search(question):  # "Did it keep its rating?": a grade helps, but is not the question
        return AnswerType("grade", strict=False)
    return None


def _stem(term: str) -> str:
    return term[:5] if len(term) >= 5 else term


def mentions(text: str, kind: AnswerType, question: str = "") -> list[str]:
    """Mentions of the wanted type in `text` that the question does not already contain."""
    q = question.lower()
    if kind.kind == "date":
        found = _DATE.findall(text)
    elif kind.kind == "council":  # the passage's own council is what it names; see select_evidence
        found = []
    elif kind.kind == "weekday":
        found = re.findall(rf"\b(?:{_WEEKDAYS})\b", text, re.I)
    elif kind.kind == "duration":
        found = _DURATION.findall(text)
    elif kind.kind == "money":
        found = _MONEY.findall(text)
    elif kind.kind == "person":
        found = _PERSON.findall(text)
    elif kind.kind == "grade":
        found = grades(text)
    else:  # a count: a number within three words before the counted noun ("two of the four judgement areas")
        found = []
        words = re.findall(r"[\w'’%,.-]+", text)
        stems = {_stem(t) for t in kind.counted}
        for i, w in enumerate(words):
            clean = w.strip(",.")
            if not _NUMBER.fullmatch(clean) or _YEAR.match(clean):
                continue
            after = [_stem(t) for t in tokenize(" ".join(words[i + 1:i + 4]))]
            if not stems or stems & set(after):
                found.append(clean)
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
