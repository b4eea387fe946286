"""Retrieval: follow-up rewriting, query analysis (councils, time) and hybrid search.

`HybridRetriever` is a LangChain `BaseRetriever` fusing the index's dense (Chroma) and keyword
(BM25) searches with reciprocal rank fusion, then weighting by the councils and dates the
question names. The index owns the stores; this module owns how a question uses them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index import Index

from . import policy
from .answer_types import COUNCIL_NOUNS

_FOLLOW_UP = re.compile(
    r"\b(he|she|they|him|her|his|hers|their|them|it|its|this|that|these|those|there|then|"
    r"the same|the other|the council|the director|the leader|the report|the inspection|"
    r"what about|how about|and what|also|else|instead)\b", re.IGNORECASE)
_LATEST = re.compile(r"\b(latest|most recent|more recent|newest|newer|later|current|recent|now|last|today)\b",
                     re.IGNORECASE)
_EARLIER = re.compile(r"\b(earlier|earliest|previous|prior|first|older|oldest|before)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# A month names an inspection ("the July inspection"); capitalised only ("may" is a verb).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH = re.compile(rf"\b({'|'.join(MONTHS)})\b")


def time_words(question: str) -> set[str]:
    """The question's words that pick an article by its date ("latest", "newer", "before"):
    retrieval resolves them against the articles' dates, so no passage need contain them."""
    return {m.group(0).lower() for rx in (_LATEST, _EARLIER) for m in rx.finditer(question)}


def _idiom_only(doc) -> bool:
    """Whether the question's only "earlier" word is an idiom that dates no article: "in the first
    place" (originally)."""
    words = [t for t in doc if _EARLIER.fullmatch(t.text)]
    return bool(words) and all(t.lower_ == "first" and t.head.lemma_.lower() == "place" for t in words)


@dataclass
class Query:
    """A question made ready for retrieval."""

    question: str  # as the user asked it (normalised)
    text: str  # what is searched: the question, plus the turn it follows up
    councils: list[str] = field(default_factory=list)  # councils the question (or its thread) names
    council_filter: str | None = None  # a hard filter from the caller
    time: str | None = None  # "latest", "earlier", a year ("2016") or a month ("July")
    follow_up: bool = False
    doc: object = None  # the question's spaCy parse, made once here and read by later stages
    last_question: str = ""  # a follow-up's previous question
    asked: str = ""  # the question as answered: a follow-up's "he"/"she" made the person the last answer named

    def __post_init__(self):
        self.asked = self.asked or self.question


def council_aliases(council: str) -> list[str]:
    """Ways people name a council: full name, '&'/'and' variants, the part before 'and'."""
    name = council.strip()
    if not name:
        return []
    variants = {name, name.replace("&", "and"), name.replace(" and ", " & ")}
    for sep in (" and ", " & "):
        if sep in name:
            variants.add(name.split(sep)[0])
    variants = {re.sub(r"\s+", " ", v).strip() for v in variants if len(v.strip()) > 2}
    return sorted(variants, key=len, reverse=True)


def find_councils(text: str, councils: list[str]) -> list[str]:
    found = []
    for council in councils:
        for alias in council_aliases(council):
            if re.search(rf"\b{re.escape(alias)}s?\b", text, re.IGNORECASE):  # ("trenholms": no apostrophe)
                found.append(council)
                break
    return found


def analyse(question: str, history: list[dict] | None, councils: list[str],
            council_filter: str | None = None) -> Query:
    """Rewrite a follow-up with the turn it refers to, and note councils and time words."""
    from index.nlp import parse

    named = find_councils(question, councils)
    # The small English model takes a capitalised imperative for a name ("Compare", "Summarise"):
    # the question is parsed with its first letter in lower case unless it opens with a council.
    opener = question.split()[0] if question.split() else ""
    doc = parse(question if find_councils(opener, councils) else question[:1].lower() + question[1:])
    text, follow_up, resolved = question, False, question
    turns = [t for t in (history or []) if isinstance(t, dict) and t.get("content")][-policy.MAX_HISTORY_TURNS:]
    last_user = next((str(t["content"]) for t in reversed(turns) if t.get("role") == "user"), None)
    if last_user:
        # In a conversation, a question that names no council is about the one being discussed
        # ("how many at the latest inspection?", "who was leading the council then?"), unless it
        # asks about councils ("which councils …", "a council").
        follow_up = bool(_FOLLOW_UP.search(question)) or (not named and not any(
            t.lemma_.lower() in COUNCIL_NOUNS and not _definite_one(t) for t in doc))
        if follow_up:
            last_answer = next((str(t["content"]) for t in reversed(turns) if t.get("role") == "assistant"), "")
            # The previous question says what "she"/"it"/"there" is; the previous answer's
            # first sentence often names it (e.g. the person the question asked for).
            first = re.split(r"(?<=[.!?])\s", re.sub(r"\s*\[\d+\]", "", last_answer).strip())[0][:300]
            text = f"{question} ({last_user} {first})".strip()
            if not named:
                named = find_councils(f"{last_user} {first}", councils)
                # "the other council": the one the last answer named besides the last question's, or
                # the one of the last question's that its answer did not name ("A or B?" — "A." — "and the other?")
                before, said = find_councils(last_user, councils), find_councils(first, councils)
                answered = [c for c in said if c not in before]
                rest = [c for c in before if c not in said] if said and len(before) >= 2 else []
                if (answered or rest) and "other" in {w.strip("?,.!'’").lower() for w in question.split()}:
                    named = answered or rest
            resolved = _name_referents(question, doc, first, named[0] if len(named) == 1 else None)
    time = None
    year = _YEAR.search(question)
    month = _MONTH.search(question)
    if year:
        time = year.group(0)
    elif month:
        time = month.group(0)
    elif _LATEST.search(question):
        time = "latest"
    elif _EARLIER.search(question) and not _idiom_only(doc):
        time = "earlier"
    return Query(question=question, asked=resolved, text=text, councils=named, council_filter=council_filter,
                 time=time, follow_up=follow_up, doc=doc, last_question=last_user if follow_up else "")


def _definite_one(noun) -> bool:
    """"the council", "this authority": one already being discussed."""
    return noun.tag_ == "NN" and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its")
                                     for c in noun.children)


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval fused by reciprocal rank, weighted by council and date.

    Each returned `Document` has `metadata["score"]` (fused, higher is better) and
    `metadata["dense"]` (cosine of its chunk to the query, 0 if only BM25 found it).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: Index
    k: int = policy.CHUNKS_FOR_EVIDENCE
    use_dense: bool = True
    use_keyword: bool = True
    use_metadata: bool = True
    dated: dict = {}  # article -> the year its inspection record gives it, for articles their text leaves undated

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None,
                                **kwargs) -> list[Document]:
        q: Query = kwargs.get("analysed") or Query(question=query, text=query)
        return self.search(q)

    def search(self, q: Query) -> list[Document]:
        where = {"council": q.council_filter} if q.council_filter else None
        ranked: dict[str, dict] = {}
        lists = []
        if self.use_dense:
            lists.append(("dense", self.index.dense_search(q.text, policy.DENSE_K, where)))
        if self.use_keyword:
            lists.append(("keyword", self.index.keyword_search(q.text, policy.KEYWORD_K, where)))
        for kind, hits in lists:
            for rank, (doc, score) in enumerate(hits):
                entry = ranked.setdefault(doc.id, {"doc": doc, "score": 0.0, "dense": 0.0, "keyword": 0.0})
                entry["score"] += 1.0 / (policy.RRF_K + rank + 1)
                entry[kind] = max(entry[kind], score)
        if self.use_metadata and ranked:
            self._weight_by_metadata(q, ranked)
        best = sorted(ranked.values(), key=lambda e: e["score"], reverse=True)[: self.k]
        out = []
        for e in best:
            doc = Document(page_content=e["doc"].page_content, id=e["doc"].id,
                           metadata={**e["doc"].metadata, "score": e["score"], "dense": e["dense"],
                                     "keyword": e["keyword"], "time_match": e.get("time_match")})
            out.append(doc)
        return out

    def _weight_by_metadata(self, q: Query, ranked: dict[str, dict]) -> None:
        if q.councils:
            for e in ranked.values():
                if e["doc"].metadata.get("council") not in q.councils:
                    e["score"] *= policy.OTHER_COUNCIL_WEIGHT
        if not q.time:
            return
        docs = self.index.documents()
        targets: set[str] = set()
        pool = [d for d in docs if not q.councils or d["council"] in q.councils]
        if q.time in ("latest", "earlier"):
            by_council: dict[str, list[dict]] = {}
            for d in pool:
                by_council.setdefault(d["council"], []).append(d)
            for group in by_council.values():
                if len(group) < 2:
                    continue  # one article: nothing to choose between
                group.sort(key=lambda d: d["sort_date"] or "")
                targets.add((group[-1] if q.time == "latest" else group[0])["source"])
        elif q.time in MONTHS:  # the article dated in that month, or whose inspection was then
            number = f"-{MONTHS.index(q.time) + 1:02d}"
            targets = {d["source"] for d in pool if str(d["sort_date"])[4:7] == number
                       or str(d["published"])[4:7] == number or q.time in str(d.get("inspection", ""))}
        else:
            targets = {d["source"] for d in pool if str(d["sort_date"]).startswith(q.time)
                       or str(d["published"]).startswith(q.time) or self.dated.get(d["source"]) == q.time}
        for e in ranked.values():
            if targets:  # evidence selection weighs the other articles' sentences down too
                e["time_match"] = e["doc"].metadata.get("source") in targets
            if e["doc"].metadata.get("source") in targets:
                e["score"] *= policy.TIME_WEIGHT


def _name_referents(question: str, doc, last_answer: str, council: str | None) -> str:
    """A follow-up's pronouns as what they refer to, for the model that reads it alone: "he" /
    "she" / "his" / "her" as the person the last answer named first ("how long has she been in the
    job?" after "Marion Tulloch, director of children's services" -> "how long has Marion Tulloch
    been in the job?"); "its" and a place's "there" as the council being discussed ("how did its
    agency staffing compare?" -> "how did Oxenholt's agency staffing compare?"). The question as
    asked when it has no such pronoun."""
    from index.nlp import parse_cached

    # (a full name first: "Her Majesty's Inspector Dawn Lockyer" names Dawn Lockyer, not "Majesty")
    people = [e.text for e in parse_cached(last_answer).ents if e.label_ == "PERSON"]
    person = next((p for p in people if len(p.split()) >= 2), people[0] if people else None)
    said = {}
    for t in doc:
        if person and t.lower_ in ("he", "she", "him", "her", "his", "hers"):
            said[t.i] = f"{person}'s" if t.tag_ == "PRP$" or t.lower_ in ("his", "hers") else person
        elif council and t.lower_ == "its" and t.tag_ == "PRP$" and t.head.lower_ != "own":  # not "on its own"
            said[t.i] = f"{council}'s"
        elif council and t.lower_ == "there" and t.dep_ == "advmod":  # not "there is"
            said[t.i] = f"in {council}"
    if not said:
        return question
    out = "".join(said[t.i] + t.whitespace_ if t.i in said else t.text_with_ws for t in doc)
    return out if 0 in said else question[:1] + out[1:]  # (the parse's first letter is lower case)


