"""Metrics of one answer against its gold record. Pure functions; no model calls.

Support (for citation precision/recall, in the spirit of ALCE) is decided independently of the
pipeline's own verifier: a passage supports a sentence when at least half of the sentence's
content words (lower-cased, 3+ letters, function words removed) occur in the passage, and every
number in the sentence occurs in it too.

Answer shape (`words`, `nested_quotes`, `fragments`) looks only at the answer's text, markers
removed: how long it is, and whether its double-quoted passages are whole (no quotation opened
inside another, no quoted lead-in ending in ':', no quoted bullet or scrap of under four words).
Single quotes are left alone: ’ is also the apostrophe, and the articles put grades in ‘…’.
"""
from __future__ import annotations

import re
import statistics
from pathlib import PurePath

_MARKER = re.compile(r"\[(\d+)\]")
_STOP = set("the and for are was were has have had with that this from its their they them been "
            "into also than then there these those which what when who whom how why does did not "
            "but our out all any can said says say being about over more most very just".split())
SUPPORT_SHARE = 0.5
# Kinds whose right answer cites nothing: "unanswerable" refuses, "out_of_scope" says in one
# sentence what the assistant answers questions about.
NO_ANSWER_KINDS = ("unanswerable", "out_of_scope")
_BULLETS = ("•", "-", "*", "▪")
POLARITY = ("yes", "no")  # a fact that is one of these is the answer's opening word
FRAGMENT_WORDS = 4  # a quoted span shorter than this is a scrap, not a passage


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
    """(sentence without markers, cited numbers) for each sentence of an answer; each line of a
    list ("- Northmoor: inadequate overall [2]") is a sentence of its own."""
    parts = re.split(r"(?<=[.!?”\]])\s+(?=[A-Z“\"'(])|\n+(?:\s*[-•*]\s+)?", text.strip())
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
    first = next(iter(re.findall(r"[a-z]+", text)), "")
    # a yes/no answer's polarity is its first word ("No — …"), not a "no" anywhere ("not", "Eleanor")
    found = lambda alt: first == alt if alt in POLARITY else normalise(alt) in text  # noqa: E731
    return sum(any(found(alt.lower()) for alt in alts) for alts in facts) / len(facts)


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


def is_gold(source: str, gold_docs: list[str]) -> bool:
    """Whether a source is one of the gold articles. By file name: a source is the article's path
    in the corpus folder, which may have subfolders (the dev corpus keeps its halves in two)."""
    return PurePath(source).name in {PurePath(d).name for d in gold_docs}


def retrieval_scores(sources: list[str], gold_docs: list[str], k: int = 5) -> tuple[float | None, float | None]:
    """(recall@k, reciprocal rank) of the first gold document among retrieved sources."""
    if not gold_docs:
        return None, None
    ranks = [i for i, s in enumerate(sources) if is_gold(s, gold_docs)]
    recall = float(bool(ranks) and ranks[0] < k)
    return recall, (1.0 / (ranks[0] + 1) if ranks else 0.0)


def fully_right(record: dict, answer) -> float | None:
    """1.0 when the answer is right as a whole: every key fact and a citation of a gold article
    (either check skipped when the record has none); for the no-answer kinds, a refusal (or, out
    of scope, an answer citing nothing). None when an answerable record has neither facts nor docs."""
    if record["kind"] in NO_ANSWER_KINDS:
        ok = answer.refused or (record["kind"] == "out_of_scope" and not answer.citations)
        return float(ok)
    facts, docs = record.get("facts") or [], record.get("docs") or []
    if not facts and not docs:
        return None
    if answer.refused:
        return 0.0
    facts_ok = not facts or fact_recall(answer.text, facts) == 1
    cited_ok = not docs or any(is_gold(c.source, docs) for c in answer.citations)
    return float(facts_ok and cited_ok)


def plain_text(answer_text: str) -> str:
    """The answer without its [n] markers."""
    return _MARKER.sub("", answer_text)


def word_count(text: str) -> int:
    """Words (tokens holding a letter or digit) in `text`, [n] markers not counted."""
    return sum(bool(re.search(r"\w", t)) for t in plain_text(text).split())


def _quote_marks(paragraph: str) -> list[tuple[int, str]]:
    """(position, "open"|"close") of each double quote; a straight quote opens when it follows
    a space or the start and precedes a non-space, closes when it follows a non-space."""
    marks = []
    for i, ch in enumerate(paragraph):
        if ch == "“":
            marks.append((i, "open"))
        elif ch == "”":
            marks.append((i, "close"))
        elif ch == '"':
            before = paragraph[i - 1] if i else " "
            after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
            if (before.isspace() or before in "([{—–-") and not after.isspace():
                marks.append((i, "open"))
            elif not before.isspace():
                marks.append((i, "close"))
    return marks


def _paragraphs(text: str) -> list[str]:
    # A quotation running over paragraphs reopens each one without closing the last; reading
    # paragraph by paragraph keeps that convention from looking like nesting.
    return re.split(r"\n\s*\n", plain_text(text))


def quoted_spans(text: str) -> list[str]:
    """The inside of each double-quoted span, inner spans included. A quote never closed runs
    to the next opening quote or the paragraph's end."""
    spans = []
    for para in _paragraphs(text):
        marks = _quote_marks(para)
        stack: list[int] = []
        for k, (pos, what) in enumerate(marks):
            if what == "open":
                stack.append(k)
            elif stack:
                spans.append(para[marks[stack.pop()][0] + 1:pos])
        for k in stack:
            end = next((p for p, w in marks[k + 1:] if w == "open"), len(para))
            spans.append(para[marks[k][0] + 1:end])
    return spans


def nested_quotes(text: str) -> float:
    """1.0 when a double quotation opens inside another (“She said: “I’m pleased …”)."""
    for para in _paragraphs(text):
        depth = 0
        for _, what in _quote_marks(para):
            if what == "open":
                if depth:
                    return 1.0
                depth += 1
            else:
                depth = max(0, depth - 1)
    return 0.0


def is_fragment(span: str) -> bool:
    """A quoted span that is not a passage: a lead-in ending in ':', a bullet, or a scrap."""
    span = span.strip()
    return (span.endswith(":") or span.startswith(_BULLETS)
            or word_count(span) < FRAGMENT_WORDS)


def fragments(text: str) -> float:
    """1.0 when the answer quotes a lone fragment (see `is_fragment`)."""
    return float(any(is_fragment(span) for span in quoted_spans(text)))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    idx = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[idx]


def score(record: dict, answer) -> dict:
    """All metrics of one answer (an `qa.Answer`) for one gold record."""
    answerable = record["kind"] not in NO_ANSWER_KINDS
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
    elif record["kind"] == "out_of_scope":  # right when it cites nothing ("I answer questions about …")
        out["refusal_accuracy"] = float(not answer.citations)
    else:
        out["refusal_accuracy"] = float(answer.refused and not answer.citations)
    out["fully_right"] = fully_right(record, answer)
    out["words"] = word_count(answer.text)
    out["nested_quotes"] = nested_quotes(answer.text)
    out["fragments"] = fragments(answer.text)
    return out


METRICS = ["fully_right", "recall@5", "mrr", "fact_recall", "citation_precision", "citation_recall", "refusal_accuracy",
           "false_refusal"]

# Answer shape, summarised as the median word count and the share of answers with each flaw.
SHAPE_METRICS = ["median_words", "nested_quotes", "fragments"]

JUDGE_METRICS = ["faithfulness", "answer_relevance"]


def summarise(rows: list[dict]) -> dict:
    """Means of each metric over the questions it applies to, the answers' median length and
    share of quoting flaws, plus latency percentiles."""
    out = {}
    for m in METRICS:
        vals = [r[m] for r in rows if r.get(m) is not None]
        out[m] = round(statistics.fmean(vals), 3) if vals else None
    words = [r["words"] for r in rows if r.get("words") is not None]
    out["median_words"] = statistics.median(words) if words else None
    for m in SHAPE_METRICS[1:]:
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
