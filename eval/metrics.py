"""Metrics of one answer against its gold record. Pure functions; no model calls.

Support (for citation precision/recall, in the spirit of ALCE) is decided independently of the
pipeline's own verifier: a passage supports a sentence when at least half of the sentence's
content words (lower-cased, 3+ letters, function words removed) occur in the passage, and every
number in the sentence occurs in it too.
"""
from __future__ import annotations

import re
import statistics

_MARKER = re.compile(r"\[(\d+)\]")
_STOP = set("the and for are was were has have had with that this from its their they them been "
            "into also than then there these those which what when who whom how why does did not "
            "but our out all any can said says say being about over more most very just".split())
SUPPORT_SHARE = 0.5


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[\u2010-\u2015-]", "-", re.sub(r"\s+", " ", text))


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", normalise(text)) if len(w) > 2 and w not in _STOP}


def supports(passage: str, sentence: str) -> bool:
    words = content_words(sentence)
    if not words:
        return True  # nothing to support
    have = content_words(passage)
    numbers = {w for w in words if w.isdigit()}
    if not numbers <= have:
        return False
    return len(words & have) / len(words) >= SUPPORT_SHARE


def answer_sentences(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, cited numbers) for each sentence of an answer."""
    parts = re.split(r"(?<=[.!?”\]])\s+(?=[A-Z“\"'(])", text.strip())
    out = []
    for part in parts:
        nums = [int(n) for n in _MARKER.findall(part)]
        clean = _MARKER.sub("", part).strip()
        if re.search(r"\w", clean):
            out.append((clean, nums))
        elif out:
            out[-1][1].extend(nums)
    return out


def fact_recall(answer_text: str, facts: list[list[str]]) -> float | None:
    """Share of key facts (each a list of acceptable wordings) found in the answer."""
    if not facts:
        return None
    text = normalise(answer_text)
    return sum(any(normalise(alt) in text for alt in alts) for alts in facts) / len(facts)


def citation_scores(answer_text: str, citations: dict[int, str]) -> tuple[float | None, float | None]:
    """(precision, recall) of citations; None when there is nothing to score."""
    sentences = answer_sentences(answer_text)
    if not sentences:
        return None, None
    supported = 0
    pairs = good = 0
    for sentence, nums in sentences:
        nums = [n for n in nums if n in citations]
        if nums and supports(" ".join(citations[n] for n in nums), sentence):
            supported += 1
        for n in nums:
            pairs += 1
            good += supports(citations[n], sentence)
    return (good / pairs if pairs else 0.0), supported / len(sentences)


def retrieval_scores(sources: list[str], gold_docs: list[str], k: int = 5) -> tuple[float | None, float | None]:
    """(recall@k, reciprocal rank) of the first gold document among retrieved sources."""
    if not gold_docs:
        return None, None
    ranks = [i for i, s in enumerate(sources) if s in gold_docs]
    recall = float(bool(ranks) and ranks[0] < k)
    return recall, (1.0 / (ranks[0] + 1) if ranks else 0.0)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    idx = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[idx]


def score(record: dict, answer) -> dict:
    """All metrics of one answer (an `qa.Answer`) for one gold record."""
    answerable = record["kind"] != "unanswerable"
    out = {"id": record["id"], "kind": record["kind"], "refused": answer.refused,
           "latency": answer.timings.get("total", 0.0), "first_token": answer.timings.get("first_token"),
           "prompt_tokens": answer.prompt_tokens}
    sources = [s.source for s in answer.sources]
    out["recall@5"], out["mrr"] = retrieval_scores(sources, record["docs"])
    if answerable:
        out["false_refusal"] = float(answer.refused)
        out["fact_recall"] = fact_recall(answer.text, record["facts"]) if not answer.refused else 0.0
        p, r = citation_scores(answer.text, {c.number: c.text for c in answer.citations})
        out["citation_precision"], out["citation_recall"] = (p, r) if not answer.refused else (None, None)
    else:
        out["refusal_accuracy"] = float(answer.refused and not answer.citations)
    return out


METRICS = ["recall@5", "mrr", "fact_recall", "citation_precision", "citation_recall", "refusal_accuracy",
           "false_refusal"]


JUDGE_METRICS = ["faithfulness", "answer_relevance"]


def summarise(rows: list[dict]) -> dict:
    """Means of each metric over the questions it applies to, plus latency percentiles."""
    out = {}
    for m in METRICS:
        vals = [r[m] for r in rows if r.get(m) is not None]
        out[m] = round(statistics.fmean(vals), 3) if vals else None
    lat = [r["latency"] for r in rows]
    ft = [r["first_token"] for r in rows if r.get("first_token")]
    out["latency_p50"] = round(percentile(lat, 50), 2)
    out["latency_p95"] = round(percentile(lat, 95), 2)
    out["first_token_p50"] = round(percentile(ft, 50), 2) if ft else None
    toks = [r["prompt_tokens"] for r in rows if r["prompt_tokens"]]
    out["prompt_tokens"] = round(statistics.fmean(toks)) if toks else 0
    for m in JUDGE_METRICS:  # only when a judge was configured
        vals = [r[m] for r in rows if r.get(m) is not None]
        if vals:
            out[m] = round(statistics.fmean(vals), 3)
    out["questions"] = len(rows)
    return out
