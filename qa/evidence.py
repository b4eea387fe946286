"""Evidence selection and citation verification.

Selection: split the retrieved chunks into sentences, score each against the question (dense
+ idf-weighted lexical + retrieval prior) and keep the few that matter, as numbered passages.
Verification: check every answer sentence against the passages it cites, re-cite it to one
that supports it, drop it if none does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.documents import Document

from index import split_sentences, tokenize

from . import policy
from .answer_types import AnswerType, count_name, grades, has_mention, list_question, named_items, stated_count
from .retrieval import time_words

_QUOTE_OPEN = ("“", '"', "‘")
_PRONOUN_START = re.compile(r"^(She|He|They|It|This|These|That)\b")
# "funding from this programme will be used …": the programme is named in the sentence before.
_DEMONSTRATIVE = re.compile(r"\b(?:this|these)\s+([a-z]{4,})\b")


def _refers_back(sentence: str, before: str) -> bool:
    """Whether `sentence` opens with a pronoun, or says "this <thing>" of a thing `before` names."""
    if _PRONOUN_START.match(sentence):
        return True
    named = {stem(t) for t in tokenize(before)}
    return any(stem(m.group(1)) in named for m in _DEMONSTRATIVE.finditer(sentence))
_MARKER = re.compile(r"\s*\[(\d+)\]")
_ENTITY = re.compile(r"\b(?:\d[\d,.]*%?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\b")


@dataclass
class Passage:
    """One numbered piece of evidence: a sentence (with its lead-in when it needs one)."""

    number: int
    text: str  # verbatim from the chunk
    doc: Document  # the chunk it comes from
    score: float
    speaker: str = ""  # who says it, when it is inside a quotation

    @property
    def meta(self) -> dict:
        return self.doc.metadata

    def date_label(self) -> str:
        return date_label(self.meta)

    def header(self) -> str:
        """"Warrington, 2019-07" for the prompt: the council and the article's date, short (each
        token costs the 0.5B model reading time; "inferred" tells it nothing)."""
        m = self.meta
        when = str(m.get("published") or m.get("sort_date") or "")
        return f"{m.get('council') or 'Unknown council'}{', ' + when if when else ''}"


def date_label(meta: dict) -> str:
    if meta.get("published"):
        return str(meta["published"])
    if meta.get("sort_date"):
        return f"~{meta['sort_date']} (inferred)"
    return ""


class Scorer:
    """Scores sentences against a question; shares the index's term weights and embedder."""

    def __init__(self, embeddings, idf: dict[str, float], reranker=None):
        self.embeddings = embeddings
        self.idf = idf
        self.reranker = reranker  # an optional langchain_core BaseCrossEncoder (see rerank.py)
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            if len(self._vectors) > 50_000:  # bounded cache: a large corpus must not grow memory
                self._vectors.clear()
            for t, v in zip(missing, self.embeddings.embed_documents(missing)):
                self._vectors[t] = np.asarray(v, dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def lexical(self, query_terms: list[str], text_terms: set[str], boost: set[str] = frozenset()) -> float:
        """idf-weighted share of the query's terms that the text contains (light stems match:
        "funding" finds "funded"); terms in `boost` weigh double."""
        terms = set(query_terms)
        if not terms:
            return 0.0
        stems = {stem(t) for t in text_terms}
        weight = lambda t: self.idf.get(t, 2.0) * (2 if t in boost else 1)  # noqa: E731 — unseen: rare
        total = sum(weight(t) for t in terms)
        return sum(weight(t) for t in terms if t in text_terms or stem(t) in stems) / total


_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*-]|\d+[.)])\s+")


def _blocks(text: str) -> list[str]:
    """Sentences of a chunk, with a list kept whole together with the line introducing it."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and _BULLET.match(lines[j]):
            j += 1
        if j > i + 1 and line.rstrip().endswith(":"):
            out.extend(split_sentences(line)[:-1])
            out.append(split_sentences(line)[-1] + "\n" + "\n".join(ln.strip() for ln in lines[i + 1:j]))
            i = j
            continue
        out.extend(split_sentences(line))
        i += 1
    return out


def _span(doc: Document, first: str, last: str) -> str:
    """The chunk's own text from `first` to the end of `last` (verbatim, whitespace kept)."""
    text = doc.page_content
    start = text.find(first.split("\n")[0])
    end_anchor = last.split("\n")[-1]
    end = text.find(end_anchor, max(start, 0))
    if start < 0 or end < 0:
        return last
    return text[start:end + len(end_anchor)]


_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in policy.INSTRUCTION_PATTERNS), re.I | re.M)


def speaks_to_the_model(text: str) -> bool:
    """Whether a sentence reads as an instruction to an AI (a prompt injection), not reporting."""
    return bool(_INSTRUCTION.search(text))


_NAME = re.compile(r"\b(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)+")
_NOT_A_PERSON = {"Council", "Borough", "County", "Ofsted", "Services", "Service", "Children", "Department", "Board",
                 "Education", "Families", "Family", "North", "South", "East", "West", "The", "This", "Programme"}
_ATTRIBUTION = re.compile(r"\b(?:said|says|added|told|shared|commented|explained|praise[ds]?|hailed)\b|:\s*[“\"]")


def speakers(sentences: list[str]) -> list[str]:
    """Who says each sentence, when it is inside a quotation ("" otherwise). News quotes run
    over sentences and paragraphs ("He said: “I think it is excellent. We have a small team …")
    with the speaker named once, before; the later sentences are still theirs."""
    out, speaker, named, quoting = [], "", "", False
    for s in sentences:
        names = [n for n in _NAME.findall(re.split(r"[“\"]", s)[0]) if not _NOT_A_PERSON & set(n.split())]
        if _ATTRIBUTION.search(s):  # "X, <role>, said: …", or "She said: …" after a sentence naming her
            speaker = names[0] if names else named
        named = names[-1] if names else named
        opens = s.lstrip().startswith(("“", '"')) or bool(re.search(r"[:,]\s*[“\"]", s))
        out.append(speaker if (quoting or opens) else "")
        balance = s.count("“") - s.count("”")
        if balance > 0 or s.count('"') % 2 == 1 and not quoting:
            quoting = True
        elif balance < 0 or s.count('"') % 2 == 1 or s.rstrip().endswith(("”", '"')):
            quoting = False
    return out


def candidate_passages(docs: list[Document]) -> list[tuple[str, Document, str]]:
    """(passage text, chunk, speaker) for each sentence of the chunks, verbatim. A sentence
    that opens with a pronoun ("She said: …") or refers back ("this programme") keeps the
    sentence before it, which names who or what; a list keeps the line that introduces it; a quoted sentence knows who says it."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        sentences = _blocks(doc.page_content)
        said_by = speakers(sentences)
        for i, s in enumerate(sentences):
            first = s
            if i > 0 and len(sentences[i - 1]) < 300 and _refers_back(s, sentences[i - 1]):
                first = sentences[i - 1]
            text = _span(doc, first, s)
            key = re.sub(r"\s+", " ", text)
            if key in seen or len(tokenize(text)) < 2 or speaks_to_the_model(text):
                continue
            seen.add(key)
            out.append((text, doc, said_by[i]))
    return out


def select_evidence(question: str, search_text: str, docs: list[Document], scorer: Scorer,
                    councils: list[str] | None = None, limit: int = policy.MAX_EVIDENCE,
                    wanted: AnswerType | None = None) -> list[Passage]:
    """The best passages for the question, numbered 1..n in score order."""
    cands = candidate_passages(docs)
    if not cands:
        return []
    # The council a question names is handled by weighting; scoring sentences on it too would
    # favour every sentence that repeats the council's name over the one that answers.
    council_terms = {t for c in (councils or []) for t in tokenize(c)}
    q_terms = [t for t in tokenize(search_text) if t not in council_terms] or tokenize(search_text)
    lq = list_question(question, council_terms)  # "Which areas got 'good'?": passages naming such areas
    sv = scorer.vectors([t for t, _, _ in cands])
    dense = sv @ scorer.vectors([search_text])[0]
    own = set(tokenize(question))
    if search_text != question:  # a follow-up: its own words say what is asked, the earlier turn what about
        dense = (dense + sv @ scorer.vectors([question])[0]) / 2
    prior_max = max((d.metadata.get("score", 0.0) for d in docs), default=1.0) or 1.0
    scored = []
    for (text, doc, speaker), cos in zip(cands, dense):
        m = doc.metadata
        terms = set(tokenize(f"{m.get('council', '')} {speaker} {text}"))
        lex = scorer.lexical(q_terms, terms, boost=own if search_text != question else frozenset())
        prior = m.get("score", 0.0) / prior_max
        score = policy.W_DENSE * float(cos) + policy.W_LEXICAL * lex + policy.W_PRIOR * prior
        if has_mention(text, wanted, question):  # holds what the question asks for (a date, a count …)
            score += policy.W_ANSWER_TYPE
        if lq:  # each item it names with the quality asked about is a piece of the answer
            score += policy.W_ANSWER_TYPE * min(named_items(text, lq), policy.LIST_ITEMS_COUNTED)
        if councils and m.get("council") not in councils:
            score *= policy.OTHER_COUNCIL_WEIGHT + (1 - policy.OTHER_COUNCIL_WEIGHT) / 2
        if m.get("time_match") is False:  # "the later report": another article of that council
            score *= policy.OTHER_TIME_EVIDENCE_WEIGHT
        scored.append((score, text, doc, speaker))
    scored.sort(key=lambda x: x[0], reverse=True)
    if scorer.reranker is not None:  # a cross-encoder reads each (question, sentence) pair: it replaces the cosine
        head = scored[:policy.RERANK_CANDIDATES]
        cross = scorer.reranker.score([(search_text, text) for _, text, _, _ in head])
        by_text = {text: float(cos) for (text, _, _), cos in zip(cands, dense)}
        head = [(score + policy.W_DENSE * (c - by_text[text]), text, doc, speaker)
                for (score, text, doc, speaker), c in zip(head, cross)]
        scored = sorted(head, key=lambda x: x[0], reverse=True) + scored[policy.RERANK_CANDIDATES:]
    unique = []
    for item in scored:  # overlapping chunks give the same sentence twice, once with a lead-in
        flat = re.sub(r"\s+", " ", item[1])
        if not any(flat in re.sub(r"\s+", " ", u[1]) or re.sub(r"\s+", " ", u[1]) in flat for u in unique):
            unique.append(item)
    scored = unique
    best = scored[0][0]
    picked = [s for s in scored if s[0] >= max(policy.MIN_EVIDENCE_SCORE, best * policy.EVIDENCE_RELATIVE)]
    if wanted is not None and wanted.kind == "council":  # "Which council …?": each council's best passage first
        firsts: dict[str, tuple] = {}
        for item in scored:
            if item[0] >= policy.MIN_EVIDENCE_SCORE:
                firsts.setdefault(item[2].metadata.get("council", ""), item)
        lead = list(firsts.values())[:limit]
        picked = lead + [s for s in picked if s not in lead]
    picked = picked[:limit]
    if not picked:
        picked = scored[:1]
    return [Passage(i + 1, text, doc, score, speaker) for i, (score, text, doc, speaker) in enumerate(picked)]


def format_passages(passages: list[Passage]) -> str:
    """Numbered passages for the prompt; the council and date go first only when the passages
    come from more than one article (a 0.5B model copies headers into its answer otherwise)."""
    several = len({p.meta.get("source") for p in passages}) > 1
    return "\n".join(f"[{p.number}] {'(' + p.header() + ') ' if several else ''}{p.text}" for p in passages)


# ----- verification -------------------------------------------------------------------------
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
    grounding = set(re.findall(r"\w+", f"{context} {question}".lower()))
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
    # "It did not keep its rating" is not supported by "we've maintained our rating": a negation
    # the passage does not make turns the claim around, however many words they share.
    if _NEGATION.search(sentence) and not _NEGATION.search(passage.text):
        return 0.0
    # A sentence that repeats the question's own terms ("the chief executive is …") must find at
    # least half of them (idf-weighted) in the passage: otherwise it answers the question with an
    # unrelated fact. Not all: "Ofsted's four grades are …" may rest on "four levels of ranking".
    repeated = set(s_terms) & (set(tokenize(question)) - set(tokenize(" ".join(time_words(question)))))
    if repeated and scorer.lexical(list(repeated), set(tokenize(context))) < policy.SUPPORT_QUESTION_TERMS:
        return 0.0
    # A fragment ("Amanda Perraton.") means "the answer to the question is …": the passage must
    # be about the question too, not merely contain the words of the fragment.
    if question and len(s_terms) <= policy.FRAGMENT_TERMS and \
            coverage(question, passage, scorer, [m.get("council", "")]) < policy.ANSWERED_COVERAGE:
        return 0.0
    cos = float(scorer.vectors([sentence])[0] @ scorer.vectors([passage.text])[0])
    if lex >= policy.SUPPORT_LEXICAL:
        return max(lex, cos)
    if lex >= policy.SUPPORT_LEXICAL_WITH_DENSE and cos >= policy.SUPPORT_DENSE:
        return (lex + cos) / 2
    return 0.0


_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|none|nothing|cannot)\b|n[’']t\b", re.I)
_SUFFIX = re.compile(r"(?:ings?|ed|ers?|ment|ments|ly|es|s)$")


def stem(term: str) -> str:
    """A light stem, enough to match "planning" with "plan", "judged" with "judgement" and
    "leads" with "leader"."""
    if len(term) > 5:
        term = _SUFFIX.sub("", term)
        if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "aeiou":
            term = term[:-1]  # "plann" -> "plan"
    return term.rstrip("e")[:6]


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokenize(text)}


def echoes(sentence: str, question: str) -> bool:
    """Whether a sentence only restates the question ("It was published in 2016." for "When was
    it published in 2016?"): it is supported, but it answers nothing."""
    said = _stems(sentence)
    return bool(question) and bool(said) and said <= _stems(question)


# Words that frame a question rather than say what it is about ("according to the article",
# "which words did they use").
_FRAME = frozenset(tokenize("according article articles passage passages mention mentioned describe described "
                            "word words use used tell time"))
_WHEN = re.compile(r"\b(?:(?:19|20)\d{2}|january|february|march|april|may|june|july|august|september|october|"
                   r"november|december)\b", re.I)


def topic_terms(question: str, councils: list[str] | None = None, dated: bool = False) -> set[str]:
    """The terms saying what a question is about: not the council it names, nor its framing
    words, nor the words that pick an article by date (`dated`: its year / month picked one)."""
    ignore = {t for c in (councils or []) for t in tokenize(c)} | set(tokenize(" ".join(time_words(question)))) | _FRAME
    if dated:
        ignore |= set(tokenize(" ".join(_WHEN.findall(question))))
    return {t for t in tokenize(question) if t not in ignore}


def coverage(question: str, passage: Passage, scorer: Scorer, councils: list[str] | None = None) -> float:
    """idf-weighted share of the question's topic terms that the passage (with its council and
    speaker) contains: is the passage about what was asked? One rare word shared with a
    question of three or more terms ("the lead Ofsted inspector" / "strategic lead") counts half."""
    terms = topic_terms(question, councils, dated=bool(passage.meta.get("time_match")))
    have = _stems(f"{passage.meta.get('council', '')} {passage.speaker} {passage.text}")
    weight = {t: scorer.idf.get(t, 2.0) for t in terms}  # an unseen term weighs like a rare one
    total = sum(weight.values())
    found = [t for t in terms if stem(t) in have]
    share = sum(weight[t] for t in found) / total if total else 0.0
    return share / 2 if len(terms) >= 3 and len(found) < 2 else share


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
        pair = _joint_support(sentence, cited, passages, scorer, question)
        if pair:
            kept.append(pair)
        else:
            dropped.append(sentence)
    return Verified(kept, dropped)


_CLAUSE = re.compile(r"\s*;\s*|,\s*(?:and|but|while|whereas|whilst)\s+|\s+(?:while|whereas|whilst)\s+")


def _joint_support(sentence: str, cited: list[int], passages: list[Passage], scorer: Scorer,
                   question: str) -> tuple[str, list[int], float] | None:
    """A sentence that joins two facts ("X led it in 2019, and Y leads it now") is supported
    when each of its clauses is, each by a passage of its own. A single clause that no one
    passage supports is never pieced together from two: that is how inspections get blended
    ("it was rated good in 2009")."""
    clauses = [c for c in _CLAUSE.split(sentence) if tokenize(c)]
    if len(clauses) < 2:
        return None
    by_number = {p.number: p for p in passages}
    order = [by_number[n] for n in dict.fromkeys(cited) if n in by_number] + passages  # cited first
    numbers, scores = [], []
    for clause in clauses:
        score, best = max(((support(clause, p, scorer, question), p) for p in order), key=lambda x: x[0])
        if score <= 0:
            return None
        numbers.append(best.number)
        scores.append(score)
    return sentence, list(dict.fromkeys(numbers)), min(scores)


def cited_sentences(p: Passage) -> list[tuple[str, list[int], float]]:
    """A passage to quote, one entry per sentence, each cited (a passage with its lead-in is two)."""
    return [(sentence, [p.number], p.score) for sentence in split_sentences(p.text) or [p.text]]


def backing(sentences: list[tuple[str, list[int], float]], passages: list[Passage], question: str = "",
            wanted: AnswerType | None = None) -> list[tuple[str, list[int], float]]:
    """The cited passages that say more than the answer sentences resting on them, as
    (passage text, [number], score) to quote after the answer. A 0.5B model shortens what it
    reads ("Assistant director." for "assistant director …, and strategic lead for children in
    care"), or cites the passage holding the grade asked for without giving it; the passage's own
    words carry what the paraphrase lost."""
    by_number = {p.number: p for p in passages}
    said = {t for text, _, _ in sentences for t in tokenize(text)}
    lacks_type = wanted is not None and not any(has_mention(t, wanted, question) for t, _, _ in sentences)
    out = []
    for n in dict.fromkeys(n for _, nums, _ in sentences for n in nums):
        p = by_number.get(n)
        terms = set(tokenize(p.text)) if p else set()
        if not terms or len(out) >= policy.BACKING_MAX:
            continue
        if len(terms - said) / len(terms) >= policy.BACKING_NOVELTY or lacks_type and has_mention(p.text, wanted, question):
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
    council_terms = {t for c in (councils or []) for t in tokenize(c)}
    q_terms = [t for t in tokenize(question) if t not in council_terms]
    top = passages[0].score
    lacks_type = wanted is not None and not any(has_mention(t, wanted, question) for t, _, _ in sentences)
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
    lq = list_question(question, {t for c in (councils or []) for t in tokenize(c)})
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
        quotes = [(quoted(text), nums, score) for text, nums, score in cited_sentences(p)]
        out.extend([(label + quotes[0][0], *quotes[0][1:])] + quotes[1:])
    return out


def quoted(text: str) -> str:
    """A passage in quote marks, once: one already in quotes keeps its own (closed), and a
    closing mark left over from a quotation the passage does not open is dropped."""
    if text.startswith(("“", '"')):  # its own quotation: closed if the article leaves it open
        return text + "”" if text.count("“") > text.count("”") else text
    if text.endswith("”") and text.count("”") > text.count("“") or text.endswith('"') and text.count('"') % 2:
        text = text[:-1]
    return f"“{text}”"


def enumeration(question: str, sentences: list[tuple[str, list[int], float]], passages: list[Passage],
                councils: list[str] | None = None) -> tuple[list[tuple[str, list[int], float]], tuple | None]:
    """For "Which <things> got <quality>?" when an article gives a count ("two of the four
    judgement areas"): the passages of that article that name such a thing (to quote), and a
    note, cited to the count, when the article names fewer than it counts."""
    lq = list_question(question, {t for c in (councils or []) for t in tokenize(c)})
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
