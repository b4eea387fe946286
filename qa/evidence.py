"""Evidence selection: the sentences of the retrieved chunks that matter, as numbered passages.

Each sentence (with its lead-in when it refers back, and its speaker when it is quoted) is
scored against the question: dense cosine (or a cross-encoder) + idf-weighted lexical overlap
+ the chunk's retrieval score + what the question asks for (answer_types.py). The term matching
shared with verification (light stems, topic terms, coverage) lives here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langchain_core.documents import Document

from index import split_sentences, tokenize
from index.nlp import is_list_item, is_word, lemmas, parse_cached
from index.records import SPEECH_VERBS, role_names

from . import policy
from .answer_types import AnswerType, has_mention, list_question, named_items
from .retrieval import MONTHS, find_councils, time_words

_PRONOUN_START = re.compile(r"^(She|He|They|It|This|These|That)\b")
# "funding from this programme will be used …": the programme is named in the sentence before.
_DEMONSTRATIVE = re.compile(r"\b(?:this|these)\s+([a-z]{4,})\b")


def _refers_back(sentence: str, before: str) -> bool:
    """Whether `sentence` opens with a pronoun, or says "this <thing>" of a thing `before` names."""
    if _PRONOUN_START.match(sentence):
        return True
    named = {stem(t) for t in tokenize(before)}
    return any(stem(m.group(1)) in named for m in _DEMONSTRATIVE.finditer(sentence))

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

    def near(self, terms, text_terms: set[str]) -> set[str]:
        """The `terms` that `text_terms` hold in other words: a word whose embedding is close to
        the term's ("kids" in "children", "mum" in "mother"). A chat user's paraphrase of the
        article's word is the same thing asked."""
        terms, words = list(dict.fromkeys(terms)), sorted(text_terms)
        if not terms or not words:
            return set()
        a, b = self.vectors(terms), self.vectors(words)
        a = a / (np.linalg.norm(a, axis=1, keepdims=True) + 1e-9)
        b = b / (np.linalg.norm(b, axis=1, keepdims=True) + 1e-9)
        return {t for t, best in zip(terms, (a @ b.T).max(axis=1)) if best >= policy.SYNONYM}

    def similar(self, a: str, b: str) -> float:
        """Cosine similarity of two short texts' embeddings (cached)."""
        va, vb = self.vectors([a, b])
        return float(va @ vb / ((np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0))

    def lexical(self, query_terms: list[str], text_terms: set[str], boost: set[str] = frozenset()) -> float:
        """idf-weighted share of the query's terms that the text contains (as `forms`: "funding"
        finds "funded", "send" finds "sent"); terms in `boost` weigh double."""
        terms = set(query_terms)
        if not terms:
            return 0.0
        have = forms_of(text_terms)
        weight = lambda t: self.idf.get(t, 2.0) * (2 if t in boost else 1)  # noqa: E731 — unseen: rare
        total = sum(weight(t) for t in terms)
        return sum(weight(t) for t in terms if t in text_terms or forms(t) & have) / total


def _blocks(text: str) -> list[str]:
    """Sentences of a chunk, with a list kept whole together with the line introducing it."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and is_list_item(lines[j]):
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


# Verbs of saying: a question asking who said, spoke or commented is about a passage quoting someone.
SAYING = frozenset("say speak comment tell react respond".split())
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


def asked_speakers(question: str) -> list[str]:
    """The people a question asks what they said ("what did Karen Pollitt tell councillors?"), lower case."""
    out = []
    for e in parse_cached(question).ents:
        said = e.root if e.root.dep_ != "appos" else e.root.head
        if e.label_ == "PERSON" and said.dep_ == "nsubj" and said.head.lemma_.lower() in SPEECH_VERBS:
            out.append(e.text.lower())
    return out


def candidate_passages(docs: list[Document]) -> list[tuple[str, Document, str]]:
    """(passage text, chunk, speaker) for each sentence of the chunks, verbatim. A sentence
    that opens with a pronoun ("She said: …") or refers back ("this programme") keeps the
    sentence before it, which names who or what; a list keeps the line that introduces it; a
    quoted sentence knows who says it."""
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
                    wanted: AnswerType | None = None, floor: float = policy.MIN_EVIDENCE_SCORE,
                    speakers: tuple[str, ...] = ()) -> list[Passage]:
    """The best passages for the question, numbered 1..n in score order; `floor`: the score below
    which a sentence is noise (none for one article's sentences, when the question is what that
    article says of a measure); `speakers`: the people it asks what they said, named by their
    role ("what did the union rep say?"), lower case."""
    cands = candidate_passages(docs)
    if councils and not (wanted is not None and wanted.other):
        # A question about a council is answered by what is said of that council: another
        # council's chief executive is no answer to "who is Kelderby's chief executive?".
        cands = [c for c in cands if c[1].metadata.get("council") in councils or find_councils(c[0], councils)]
    if not cands:
        return []
    # The council a question names is handled by weighting; scoring sentences on it too would
    # favour every sentence that repeats the council's name over the one that answers.
    council_terms = councils_terms(councils)
    q_terms = [t for t in tokenize(search_text) if t not in council_terms] or tokenize(search_text)
    lq = list_question(question, council_terms)  # "Which areas got 'good'?": passages naming such areas
    sv = scorer.vectors([t for t, _, _ in cands])
    dense = sv @ scorer.vectors([search_text])[0]
    own = set(tokenize(question))
    quoted = asked_speakers(question) + list(speakers)  # "what did Karen Pollitt say about …?": her quotes hold it
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
        if has_mention(text, wanted, question, scorer.similar):  # holds what is asked for (a date, a count …)
            score += policy.W_ANSWER_TYPE
        # (theirs when they say it, or a sentence names them: "Cllr Mundry hailed the staff …")
        theirs = [n for n in quoted if speaker and (n in speaker.lower() or speaker.lower() in n)
                  or n.split()[-1] in text.lower()]
        if theirs:
            score += policy.W_ANSWER_TYPE
        if lq:  # each item it names with the quality asked about is a piece of the answer
            score += policy.W_ANSWER_TYPE * min(named_items(text, lq), policy.LIST_ITEMS_COUNTED)
        if councils and m.get("council") not in councils:
            score *= policy.OTHER_COUNCIL_WEIGHT + (1 - policy.OTHER_COUNCIL_WEIGHT) / 2
        if m.get("time_match") is False:  # "the later report": another article of that council
            score *= policy.OTHER_TIME_EVIDENCE_WEIGHT
        scored.append((score, text, doc, speaker, bool(set(theirs) & set(speakers))))
    # (what someone the records know by their role said is in their words and the sentences naming
    # them, when the articles have any; a name the parser finds in the question only weighs: it may
    # be a council's, "what did Cheshire West say …")
    scored = [x[:4] for x in scored if x[4] or not any(y[4] for y in scored)]
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
    picked = [s for s in scored if s[0] >= max(floor, best * policy.EVIDENCE_RELATIVE)]
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


# ----- matching the question's terms ------------------------------------------------------
_SUFFIX = re.compile(r"(?:ings?|ed|ers?|ment|ments|ly|es|s)$")


def stem(term: str) -> str:
    """A light stem, enough to match "planning" with "plan", "judged" with "judgement" and
    "leads" with "leader"."""
    if len(term) > 5:
        term = _SUFFIX.sub("", term)
        if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "aeiou":
            term = term[:-1]  # "plann" -> "plan"
    return term.rstrip("e")[:6]


def stems(text: str) -> set[str]:
    return {stem(t) for t in tokenize(text)}


@lru_cache(maxsize=65536)
def forms(term: str) -> frozenset[str]:
    """A term's light stem and its lemmas' ("sent": sent, send): two words match when their
    forms meet, so an irregular verb or plural finds its other forms (cached: every candidate
    passage's every word is looked up on each question)."""
    return frozenset({stem(term)} | {stem(lemma) for lemma in lemmas(term)})


def forms_of(terms) -> set[str]:
    """The forms of all the terms of a text."""
    return {f for t in terms for f in forms(t)}


# Words that frame a question rather than say what it is about ("according to the article",
# "which words did they use").
_FRAME = frozenset(tokenize("according article articles passage passages mention mentioned describe described "
                            "word words use used tell time"))
_WHEN = re.compile(rf"\b(?:(?:19|20)\d{{2}}|{'|'.join(MONTHS)})\b", re.I)  # the date words that pick an article


def councils_terms(councils: list[str] | None) -> set[str]:
    """The words of the councils' names ("cheshire", "west", "chester"): a question's subject, not its topic."""
    return {t for c in (councils or []) for t in tokenize(c)}


FUNCTION_POS = frozenset("ADP PART PRON DET AUX CCONJ SCONJ INTJ".split())


def topic_terms(question: str, councils: list[str] | None = None, dated: bool = False) -> set[str]:
    """The terms saying what a question is about: not the council it names, nor its framing
    words, nor the words that pick an article by date (`dated`: its year / month picked one)."""
    ignore = councils_terms(councils) | set(tokenize(" ".join(time_words(question)))) | _FRAME
    # (nor its function words, as spaCy tags them: "what are they like now?" names no topic)
    ignore |= {t.lower_ for t in parse_cached(question) if t.is_stop or t.pos_ in FUNCTION_POS}
    if dated:
        ignore |= set(tokenize(" ".join(_WHEN.findall(question))))
    return {t for t in tokenize(question) if t not in ignore}


def coverage(question: str, passage: Passage, scorer: Scorer, councils: list[str] | None = None,
             reworded: bool = False) -> float:
    """idf-weighted share of the question's topic terms that the passage (with its council and
    speaker) contains: is the passage about what was asked? One rare word shared with a
    question of three or more terms ("the lead Ofsted inspector" / "strategic lead") counts half.
    `reworded`: a term the passage puts in other words counts ("kids" in "children")."""
    terms = topic_terms(question, councils, dated=bool(passage.meta.get("time_match")))
    words = tokenize(f"{passage.meta.get('council', '')} {passage.speaker} {passage.text}")
    # (a role however it is written: "councillor" is found in "Cllr", "dcs" in "director")
    role = role_names()
    have = forms_of(words) | {role[w] for w in words if w in role}
    weight = {t: scorer.idf.get(t, 2.0) for t in terms}  # an unseen term weighs like a rare one
    total = sum(weight.values())
    short = initialisms(question)  # "DfE" is found in "the Department for Education"
    # (and so is a chat user's "dfe": a short word typed in lower case that is no English word)
    short |= {t: t.upper() for t in terms if 2 <= len(t) <= 5 and t.isalpha() and t not in short and not is_word(t)}
    # ("who spoke for Ofsted?": a quotation is what someone said, whatever verb introduces it)
    said = {t.lower_ for t in parse_cached(question) if t.lemma_.lower() in SAYING} \
        if passage.speaker or _ATTRIBUTION.search(passage.text) else set()
    found = [t for t in terms if forms(t) & have or role.get(t) in have or t in said
             or t in short and spelled_out(short[t], [passage.text])]
    if reworded and len(found) < len(terms):
        found += sorted(scorer.near([t for t in terms if t not in found], set(words)))
    share = sum(weight[t] for t in found) / total if total else 0.0
    return share / 2 if len(terms) >= 3 and len(found) < 2 else share


def initialisms(text: str) -> dict[str, str]:
    """The initialisms a text uses ("DfE", "DCS": two to six letters, two or more capitals), by
    their lower-case token."""
    words = (w.strip("?,.!;:()\"“”").removesuffix("'s").removesuffix("’s") for w in text.split())
    return {w.lower(): w for w in words if 2 <= len(w) <= 6 and w.isalpha() and sum(c.isupper() for c in w) >= 2}


def spelled_out(initialism: str, texts) -> bool:
    """Whether an initialism ("DfE", "RI") stands for words of `texts`: consecutive words starting
    with its letters ("Department for Education", "requires improvement")."""
    letters = initialism.replace(".", "")
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():  # a plural: "LAs", "MPs"
        letters = letters[:-1]
    if letters.lower() not in initialisms(letters):
        return False
    words = re.compile(r"\b" + r"\w*\W+".join(re.escape(c) for c in letters.lower()) + r"\w*", re.I)
    return any(words.search(text) for text in texts)
