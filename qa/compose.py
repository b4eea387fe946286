"""Composing the answer around the verified sentences: what the paraphrase lost (backing),
strong evidence it left out (complement), what the council's other articles say
(other_articles), and the items of a counted list (enumeration).

What is added is the clause of a passage that says it (`excerpt`): its words verbatim, cited,
without the rest of the passage — the whole passage is in the citation. Quote marks are the
article's own, never wrapped around a passage, so they do not nest.
"""
from __future__ import annotations

from index import tokenize
from index.nlp import is_list_item, item_text

from . import policy
from .answer_types import AnswerType, count_name, has_mention, list_question, named_items, stated_count
from .evidence import Passage, Scorer, councils_terms, coverage


def cited_sentences(p: Passage) -> list[tuple[str, list[int], float]]:
    """A passage to add to an answer, cited: (text, [number], score); `excerpt` later cuts it to
    the clause that answers."""
    return [(p.text, [p.number], p.score)]


def _lacks(sentences: list[tuple[str, list[int], float]], wanted: AnswerType | None, question: str) -> bool:
    """Whether the answer's sentences lack what the question asks for (a date for "when …")."""
    return wanted is not None and not any(has_mention(t, wanted, question) for t, _, _ in sentences)


def backing(sentences: list[tuple[str, list[int], float]], passages: list[Passage], question: str = "",
            wanted: AnswerType | None = None) -> list[tuple[str, list[int], float]]:
    """The cited passages that say more than the answer sentences resting on them, as
    (passage text, [number], score) to quote after the answer. A 0.5B model shortens what it
    reads ("Assistant director." for "assistant director …, and strategic lead for children in
    care"), or cites the passage holding the grade asked for without giving it; the passage's own
    words carry what the paraphrase lost."""
    by_number = {p.number: p for p in passages}
    said = {t for text, _, _ in sentences for t in tokenize(text)}
    lacks_type = _lacks(sentences, wanted, question)
    out = []
    for n in dict.fromkeys(n for _, nums, _ in sentences for n in nums):
        p = by_number.get(n)
        terms = set(tokenize(p.text)) if p else set()
        if not terms or len(out) >= policy.BACKING_MAX:
            continue
        # A paraphrase that lost most of a short passage gets it back; a long passage only when
        # the answer lacks the thing asked for (the citation holds the rest).
        says_more = (len(terms - said) / len(terms) >= policy.BACKING_NOVELTY
                     and len(p.text.split()) <= policy.BACKING_WORDS)
        if says_more or lacks_type and has_mention(p.text, wanted, question):
            out.extend(cited_sentences(p))
            said |= terms
    return out


def complement(question: str, sentences: list[tuple[str, list[int], float]], passages: list[Passage],
               scorer: Scorer, councils: list[str] | None = None,
               wanted: AnswerType | None = None) -> list[tuple[str, list[int], float]]:
    """Strong evidence the answer left out: uncited passages that share the question's terms
    and add new content, as (passage text, [number], score) to append, quoted, to the answer.
    An answer that lacks what the question asks for (no date for "when …") first gets the best
    passage that has it."""
    if not passages or not sentences:
        return []
    cited = {n for _, nums, _ in sentences for n in nums}
    said = {t for text, _, _ in sentences for t in tokenize(text)}
    council_terms = councils_terms(councils)
    q_terms = [t for t in tokenize(question) if t not in council_terms]
    top = passages[0].score
    lacks_type = _lacks(sentences, wanted, question)
    typed_numbers = {p.number for p in passages if lacks_type and has_mention(p.text, wanted, question)}
    out, added = [], 0
    for p in sorted(passages, key=lambda p: p.number not in typed_numbers):  # typed first, else by score
        if added >= policy.COMPLEMENT_MAX:
            break
        terms = set(tokenize(p.text))
        typed = p.number in typed_numbers
        if (p.number in cited or not terms or len(terms - said) / len(terms) < policy.COMPLEMENT_NOVELTY
                or p.score < policy.COMPLEMENT_RELATIVE * top
                or not typed and scorer.lexical(q_terms, terms) < policy.COMPLEMENT_MIN_LEXICAL):
            continue
        out.extend(cited_sentences(p))
        said |= terms
        added += 1
    return out


def other_articles(question: str, sentences: list[tuple[str, list[int], float]], passages: list[Passage],
                   scorer: Scorer, councils: list[str] | None = None,
                   wanted: AnswerType | None = None) -> list[tuple[str, list[int], float]]:
    """When a council's articles report different inspections and the question does not pick
    one by date: for each article of that council the answer does not cite, its best passage
    that is about the question (and holds what it asks for), labelled by when that article is
    relative to the cited one — "A later article says: “…”" — never blended into one claim.
    For "Which councils …?": the best such passage of each council the answer does not cite."""
    by_number = {p.number: p for p in passages}
    cited = [by_number[n] for _, nums, _ in sentences for n in nums if n in by_number]
    if not cited or not passages:
        return []
    first = cited[0]
    across = wanted is not None and wanted.kind == "council"
    lq = list_question(question, councils_terms(councils))
    group = (lambda p: p.meta.get("council")) if across else (lambda p: p.meta.get("source"))  # noqa: E731
    out, seen = [], {group(p) for p in cited}
    for p in passages:  # in score order: the best passage of each other article / council
        if (group(p) in seen or not across and p.meta.get("council") != first.meta.get("council")
                or p.score < policy.OTHER_ARTICLE_RELATIVE * passages[0].score
                or wanted is not None and not across and not has_mention(p.text, wanted, question)
                or lq and not named_items(p.text, lq)  # "Which areas got X?": one that names such areas
                or coverage(question, p, scorer, councils) < policy.ANSWERED_COVERAGE):
            continue
        seen.add(group(p))
        later = str(p.meta.get("sort_date", "")) > str(first.meta.get("sort_date", ""))
        label = "" if across else f"{'A later' if later else 'An earlier'} article says: "
        out.append((label + excerpt(p.text, question, wanted, p.speaker), [p.number], p.score))
    return out


_QUOTES = "“”\"‘’'"


def excerpt(text: str, question: str = "", wanted: AnswerType | None = None, speaker: str = "",
            similar=None) -> str:
    """The part of a passage that says what the question asks: the passage when it is short;
    else its clause (from spaCy's parse: a verb with its own subtree) holding the wanted type
    or most of the question's terms (`similar`: word similarity, so that a count of "kids" is one
    of children). A list keeps its lead-in and items on one line; a quoted
    sentence names its speaker; outer quote marks are dropped and unbalanced ones removed."""
    raw = [ln.strip() for ln in text.split("\n") if ln.strip()]
    lines = [item_text(ln) for ln in raw]
    if len(lines) > 1 and (raw[0].endswith(":") or is_list_item(raw[1])):  # "Areas to improve are:" + items
        head = lines[0].rstrip(":").rstrip()
        items = lines[1:]
        if wanted is not None and wanted.kind in ("count", "percent", "money"):  # a figure asked for: the items giving it
            items = [ln for ln in items if has_mention(ln, wanted, question, similar)] or items
        return _balanced(f"{head}: {'; '.join(ln.rstrip('.;') for ln in items)}")
    text = lines[-1] if lines else text.strip()  # a lead-in sentence only names who or what: the citation has it
    first, _, rest = text.partition(" ")
    if speaker and first in ("She", "He", "They") and rest.startswith(("said", "says", "added")):
        text = f"{speaker} {rest}"  # "She said: …" -> "Amanda Perraton said: …"
    if len(text.split()) > policy.EXCERPT_WORDS:
        text = _best_clause(text, question, wanted, similar) or text
    text = _balanced(text.strip(_QUOTES + " ") if text[:1] in "“\"" else text)
    if speaker and speaker.split()[-1] not in text and lines and lines[0][:1] in "“\"":
        text = f"{speaker}: {text}"
    return text


def _best_clause(text: str, question: str, wanted: AnswerType | None, similar=None) -> str:
    from index.nlp import parse

    doc = parse(text)
    q_terms = set(tokenize(question))
    best, best_score = "", -1.0
    for tok in doc:
        # a clause of its own: a main or coordinated verb with its own subject, not "which …" or "to …"
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("ROOT", "conj", "ccomp") or \
                not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") for c in tok.children):
            continue
        inner = {t.i for c in tok.children if c.dep_ in ("conj", "ccomp") and c.i > tok.i for t in c.subtree}
        words = [t for t in tok.subtree if t.i not in inner and not (t.i > tok.i and t.dep_ == "cc")]
        clause = doc[words[0].i:words[-1].i + 1].text.strip(" ,;–-")
        if len(clause.split()) < 6 or doc[words[0].i].pos_ in ("CCONJ", "SCONJ", "ADP", "PART"):
            continue
        terms = set(tokenize(clause))
        score = len(terms & q_terms) + (2 if has_mention(clause, wanted, question, similar) else 0) - len(clause) / 1000
        if score > best_score:
            best, best_score = clause, score
    return best


def _balanced(text: str) -> str:
    """Drop a quote mark the text opens or closes without its pair."""
    for open_, close in (("“", "”"), ("‘", "’")):
        if text.count(open_) != text.count(close):
            if open_ == "‘":  # ’ is also the apostrophe: only a missing opener can be dropped
                if text.count(open_) > text.count(close):
                    text = text.replace(open_, "", text.count(open_) - text.count(close))
                continue
            extra = open_ if text.count(open_) > text.count(close) else close
            text = text.replace(extra, "", abs(text.count(open_) - text.count(close)))
    if text.count('"') % 2:
        text = text.replace('"', "", 1)
    return text.strip()


def enumeration(question: str, sentences: list[tuple[str, list[int], float]], passages: list[Passage],
                councils: list[str] | None = None) -> tuple[list[tuple[str, list[int], float]], tuple | None]:
    """For "Which <things> got <quality>?" when an article gives a count ("two of the four
    judgement areas"): the passages of that article that name such a thing (to quote), and a
    note, cited to the count, when the article names fewer than it counts."""
    lq = list_question(question, councils_terms(councils))
    counted = [(p, stated_count(p.text, lq)) for p in passages] if lq else []
    counted = [(p, n) for p, n in counted if n and n >= 2]
    if not counted:
        return [], None
    count, n = counted[0]
    items = [p for p in passages if p.meta.get("source") == count.meta.get("source") and named_items(p.text, lq)]
    named = sum(named_items(p.text, lq) for p in items)
    cited = {c for _, nums, _ in sentences for c in nums}
    quote = [s for p in [count] + items if p.number not in cited for s in cited_sentences(p)]
    if named >= n:
        return quote, None
    rest = n - named
    note = (f"The article names {count_name(named)} of the {count_name(n)} {lq.noun}; it does not say which "
            f"the other{'s are' if rest > 1 else ' is'}." if named else f"The article does not say which {lq.noun} they are.")
    return quote, (note, [count.number], 1.0)  # cited to the passage that gives the count
