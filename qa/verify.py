"""Citation verification: every answer sentence is checked against the passages it cites,
re-cited to one that supports it, or dropped when none does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index import tokenize

from . import policy
from .answer_types import grades, is_year, qualified, qualifier_of
from .evidence import Passage, Scorer, coverage, date_label, forms, forms_of, stems
from .retrieval import time_words

_MARKER = re.compile(r"\s*\[(\d+)\]")
_ENTITY = re.compile(r"\b(?:\d[\d,.]*%?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|none|nothing|cannot)\b|n[’']t\b", re.I)


# How a small model opens a sentence about its sources; the claim is what follows.
_PREAMBLE = re.compile(r"^(?:based on|according to|from|in)\b[^,]{0,60}?\b(?:passages?|articles?|text|context|"
                       r"information|evidence)\b[^,]{0,20}?(?:\s*\[\d+\])?\s*,\s*|"
                       r"^(?:the|this)\s+(?:passages?|articles?|text)\s+(?:\[\d+\]\s*)?(?:states?|says?|mentions?|"
                       r"indicates?|notes?)\s+(?:that\s+)?", re.I)


def split_answer(text: str) -> list[tuple[str, list[int]]]:
    """Answer sentences with the passage numbers each cites (markers removed from the text)."""
    text = text.strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'(\[])|(?<=\])\s+(?=[A-Z“\"'(])|\n+", text)
    out = []
    pending: list[int] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        nums = [int(n) for n in _MARKER.findall(part)]
        clean = _MARKER.sub("", part).strip()
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        bare = _PREAMBLE.sub("", clean)
        if bare != clean and bare:  # "Based on the passage, X received …" -> "X received …"
            clean = bare[0].upper() + bare[1:]
        if not re.search(r"\w", clean):  # a bare marker belongs to the sentence before
            if out:
                out[-1][1].extend(n for n in nums if n not in out[-1][1])
            else:
                pending.extend(nums)
            continue
        out.append((clean, pending + nums))
        pending = []
    return out


def support(sentence: str, passage: Passage, scorer: Scorer, question: str = "") -> float:
    """How well `passage` supports `sentence`, 0..1 (0 when a name or number is not in it)."""
    m = passage.meta
    # The article's own words (and its council and date) — not the title, which for some
    # articles was written for the corpus rather than taken from the article.
    context = f"{m.get('council', '')} {date_label(m)} {passage.speaker} {passage.text}"
    s_terms = tokenize(sentence)
    if len(s_terms) < 1:
        return 0.0
    lex = scorer.lexical(s_terms, set(tokenize(context)))
    # Names and numbers the sentence states must be in the passage or the question (whole
    # tokens: "2" is not supported by "2020").
    # A year is when the passage says it happened: the question's year grounds no other ("rated
    # outstanding in 2022" is not supported by a 2019 article's "rated outstanding").
    grounding = set(re.findall(r"\w+", context.lower())) | \
        {w for w in re.findall(r"\w+", question.lower()) if not (len(w) == 4 and w[:2] in ("19", "20") and w.isdigit())}
    for ent in _ENTITY.findall(sentence):
        words = [w for w in re.findall(r"\w+", ent.lower()) if w not in ("the", "a")]
        if words and not all(w in grounding for w in words) and ent.lower() not in ("ofsted",):
            if any(ch.isdigit() for ch in ent) or not sentence.startswith(ent):
                return 0.0
    # A grade the sentence gives ("rated good") must be the passage's: a 0.5B model most often
    # pins the grade of one inspection on another.
    text = re.sub(r"\s+", " ", passage.text.lower())
    if any(g not in text for g in grades(sentence, loose=True)):
        return 0.0
    # What a figure counts: "395 children on child protection plans" is not supported by "looks
    # after 395 children" — the passage's sentence with the figure must say what it is of.
    if not _counts_the_same(sentence, passage.text, scorer.similar):
        return 0.0
    # "It did not keep its rating" is not supported by "we've maintained our rating": a negation
    # the passage does not make turns the claim around, however many words they share.
    if _NEGATION.search(sentence) and not _NEGATION.search(passage.text):
        return 0.0
    # Who did it: "Ofsted apologised" is not supported by "Cllr Smith apologised". A verb the
    # sentence shares with the passage must have a subject that shares a word with the passage's.
    if not _same_subjects(sentence, passage.text):
        return 0.0
    # A sentence that repeats the question's own terms ("the chief executive is …") must find at
    # least half of them (idf-weighted) in the passage: otherwise it answers the question with an
    # unrelated fact. Not all: "Ofsted's four grades are …" may rest on "four levels of ranking".
    # (a question word the passage puts in other words counts: "care kids" asks of "children in care")
    repeated = set(s_terms) & (set(tokenize(question)) - set(tokenize(" ".join(time_words(question)))))
    if repeated:
        have = set(tokenize(context))
        if scorer.lexical(list(repeated), have) < policy.SUPPORT_QUESTION_TERMS:
            have |= scorer.near([t for t in repeated if not forms(t) & forms_of(have)], have)
            if scorer.lexical(list(repeated), have) < policy.SUPPORT_QUESTION_TERMS:
                return 0.0
    # A fragment ("Amanda Perraton.") means "the answer to the question is …": the passage must
    # be about the question too, not merely contain the words of the fragment.
    if question and len(s_terms) <= policy.FRAGMENT_TERMS and \
            coverage(question, passage, scorer, [m.get("council", "")]) < policy.FRAGMENT_COVERAGE:
        return 0.0
    cos = float(scorer.vectors([sentence])[0] @ scorer.vectors([passage.text])[0])
    if lex >= policy.SUPPORT_LEXICAL:
        return max(lex, cos)
    if lex >= policy.SUPPORT_LEXICAL_WITH_DENSE and cos >= policy.SUPPORT_DENSE:
        return (lex + cos) / 2
    return 0.0


def _counts_the_same(sentence: str, passage: str, similar=None) -> bool:
    from index.nlp import parse_cached

    pdoc = None
    for t in parse_cached(sentence):
        if not (t.like_num and t.dep_ == "nummod" and not is_year(t.text)):
            continue
        of = qualifier_of(t.head)
        if not of:
            continue
        pdoc = pdoc or parse_cached(passage)
        holding = [s for s in pdoc.sents if any(x.text == t.text for x in s)]
        if holding and not any(qualified(s, of, similar) for s in holding):
            return False
    return True


def _same_subjects(sentence: str, passage: str) -> bool:
    from index.nlp import parse_cached, subjects

    mine, theirs = subjects(parse_cached(sentence)), subjects(parse_cached(passage))
    for verb, who in mine.items():
        if verb in theirs and who and theirs[verb] and not who & theirs[verb]:
            return False  # a pronoun subject ("she", "it") has no content word: not compared
    return True


def echoes(sentence: str, question: str) -> bool:
    """Whether a sentence only restates the question ("It was published in 2016." for "When was
    it published in 2016?"): it is supported, but it answers nothing."""
    said = stems(sentence)
    return bool(question) and bool(said) and said <= stems(question)


@dataclass
class Verified:
    sentences: list[tuple[str, list[int], float]]  # (text, passage numbers, support)
    dropped: list[str]


def verify(answer: str, passages: list[Passage], scorer: Scorer, question: str = "") -> Verified:
    """Keep answer sentences a passage supports, each cited to its best supporting passage(s)."""
    by_number = {p.number: p for p in passages}
    kept, dropped = [], []
    seen: set[str] = set()
    for sentence, cited in split_answer(answer):
        key = re.sub(r"\W+", " ", sentence.lower()).strip()
        if key in seen:  # small models repeat themselves; say each thing once
            continue
        seen.add(key)
        if len(re.findall(r"\w+", sentence)) < policy.MIN_SENTENCE_WORDS or echoes(sentence, question):
            dropped.append(sentence)
            continue
        scores = {p.number: support(sentence, p, scorer, question) for p in passages}
        good_cited = [n for n in dict.fromkeys(cited) if scores.get(n, 0) > 0 and n in by_number]
        if good_cited:
            kept.append((sentence, good_cited, max(scores[n] for n in good_cited)))
            continue
        best = max(scores, key=scores.get, default=None)
        if best is not None and scores[best] > 0:
            kept.append((sentence, [best], scores[best]))  # re-cited to the passage that supports it
            continue
        parts = _clause_support(sentence, cited, passages, scorer, question)
        if parts:
            kept.extend(parts)
        else:
            dropped.append(sentence)
    return Verified(kept, dropped)


_CLAUSE = re.compile(r"\s*;\s*|,\s*(?:and|but|while|whereas|whilst)\s+|\s+(?:while|whereas|whilst)\s+")


def _clause_support(sentence: str, cited: list[int], passages: list[Passage], scorer: Scorer,
                    question: str) -> list[tuple[str, list[int], float]]:
    """A sentence that joins two facts ("X led it in 2019, and Y leads it now") is supported
    when each of its clauses is, each by a passage of its own. When only some are, those are kept
    on their own ("The average caseload in 2018 was 24" of "…, and they climbed off the bottom
    rating by 2022"): what the model got right is not lost with what it made up. A single clause
    that no one passage supports is never pieced together from two: that is how inspections get
    blended ("it was rated good in 2009")."""
    clauses = [c.strip(" ,") for c in _CLAUSE.split(sentence) if tokenize(c)]
    if len(clauses) < 2:
        return []
    by_number = {p.number: p for p in passages}
    order = [by_number[n] for n in dict.fromkeys(cited) if n in by_number] + passages  # cited first
    found = []
    for clause in clauses:
        score, best = max(((support(clause, p, scorer, question), p) for p in order), key=lambda x: x[0])
        found.append((clause, best.number, score))
    held = [(c, n, sc) for c, n, sc in found if sc > 0]
    if len(held) == len(found):
        return [(sentence, list(dict.fromkeys(n for _, n, _ in held)), min(sc for _, _, sc in held))]
    return [(c[:1].upper() + c[1:].rstrip(".") + ".", [n], sc) for c, n, sc in held
            if len(re.findall(r"\w+", c)) >= policy.MIN_SENTENCE_WORDS and not echoes(c, question)]
