"""The answering pipeline: question (+ history) -> retrieve -> evidence -> LLM -> verified Answer.

Generation is an LCEL chain (`ChatPromptTemplate | chat model`); around it the pipeline
rewrites follow-ups, retrieves, selects evidence, decides refusals and verifies citations.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Iterator

from index import Index
from index.nlp import LIGHT_VERBS, lemmas, number_value, parse_cached, years_named
from index.records import role_words, roles

from settings import Settings

from . import policy
from .across import across, across_question, measured, moved, moves, names_measure, only_moves_in_time, trend
from .answer_types import (AnswerType, Threshold, expected_type,
                           has_mention, is_year, list_question, mentions, named_items, question_word, threshold)
from .errors import LLMUnavailableError, QuestionError
from .compose import backing, complement, enumeration, excerpt, other_articles
from .evidence import (Passage, Scorer, councils_terms, coverage, date_label, format_passages, select_evidence,
                       topic_terms)
from .verify import split_answer, verify
from .llm import LLMBackend, get_backend
from .records import JOB_NOUNS, LATEST_WORDS, Asked, RecordAnswerer, cite, join_names, layout, read_question
from .refusal import outside_the_articles, refusal_text, says_not_found, unknown_names
from .rerank import get_reranker
from .retrieval import HybridRetriever, Query, analyse, council_aliases, find_councils
from .types import Answer, Citation, Source

log = logging.getLogger(__name__)

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\x00-\x08\x0b-\x1f\x7f]")
# Contractions typed without their apostrophe ("whats", "doesnt"), which the parser reads as
# other words ("what" + a verb "s"): given it back.
_APOSTROPHE_LESS = re.compile(r"\b(what|who|how|where|that|there|(?:does|did|is|was|were|are|has|have|had|could"
                              r"|would|should|ca|do)n)(s|t)\b", re.I)


def normalise_question(question) -> str:
    """NFKC-normalised question without control or zero-width characters; errors if unusable."""
    if question is None:
        raise QuestionError("Please type a question about the articles.")
    if isinstance(question, bytes):
        question = question.decode("utf-8", errors="replace")
    text = _INVISIBLE.sub(" ", unicodedata.normalize("NFKC", str(question)))
    text = _APOSTROPHE_LESS.sub(lambda m: f"{m.group(1)}'{m.group(2)}", re.sub(r"\s+", " ", text).strip())
    if not text or not re.search(r"\w", text):
        raise QuestionError("Please type a question about the articles.")
    if len(text) > policy.MAX_QUESTION_CHARS:
        raise QuestionError(f"That question is {len(text):,} characters long; please keep it under "
                            f"{policy.MAX_QUESTION_CHARS:,} characters (one or two sentences).")
    return text


# The steps a question goes through, in order (`Pipeline.stream`); an ablation (`python -m eval
# --config no-<step>`) removes one: "retrieve" reads the question and retrieves chunks, "refusal"
# refuses unknown names and requests outside the articles (and, switched off, every other
# refusal), "records" answers from the inspection records, "across" answers a measure across
# councils or inspections from each one's best evidence ("which council has the most …"),
# "evidence" selects the sentences that bear on the question (without it the model gets whole
# chunks, as in the plain recipe), "generate" streams the model's answer and verifies it.
STEPS = ("retrieve", "refusal", "records", "across", "evidence", "generate")
# Finer switches inside the steps: dense / keyword retrieval, council and date weighting
# (metadata), citation verification, quoting what a paraphrase lost (backing), adding strong
# uncited evidence (complement), list notes (lists), the council's other articles (articles),
# follow-up rewriting.
STAGES = ("dense", "keyword", "metadata", "records", "across", "evidence", "verify", "backing", "complement",
          "lists", "articles", "refusal", "rewrite")


class Pipeline:
    """Everything `ask()` needs, loaded once and kept warm: index, embedder, BM25, LLM server.

    Args:
        settings: the frozen settings (see `settings.Settings`).
        index: inject an `Index` (tests, eval); default built from settings.
        llm: inject an `LLMBackend`; default from `settings.llm`.
        stages: switch stages off for ablations: {name in STAGES: bool}.
    """

    def __init__(self, settings: Settings | None = None, index: Index | None = None,
                 llm: LLMBackend | None = None, stages: dict[str, bool] | None = None,
                 build_if_missing: bool = True):
        self.settings = settings or Settings()
        self.index = index or Index(self.settings)
        self._llm = llm
        self.stages = {s: True for s in STAGES}
        self.stages.update(stages or {})
        self.build_if_missing = build_if_missing
        self._ready = False
        self._lock = threading.Lock()
        self._scorer: Scorer | None = None
        self._scorer_key = None

    # ----- setup ------------------------------------------------------------------------
    @property
    def llm(self) -> LLMBackend:
        if self._llm is None:
            self._llm = get_backend(self.settings)
        return self._llm

    def prepare(self, progress: bool = False) -> None:
        """Build the index if it is missing; open it (checking its build settings)."""
        with self._lock:
            if self._ready:
                return
            if not self.index.exists():
                if not self.build_if_missing:
                    raise QuestionError(f"No index at {self.index.location}: run `python -m index build`")
                log.warning("No index at %s; building it from %s", self.index.location, self.settings.corpus_dir)
                self.index.build(progress=progress)
            self.index.collection()
            self._ready = True

    @property
    def scorer(self) -> Scorer:
        idf = self.index.term_weights()
        if self._scorer is None or self._scorer_key is not idf:
            self._scorer = Scorer(self.index.embeddings, idf, get_reranker(self.settings.reranker))
            self._scorer_key = idf
        return self._scorer

    def retriever(self) -> HybridRetriever:
        return HybridRetriever(index=self.index, use_dense=self.stages["dense"],
                               use_keyword=self.stages["keyword"], use_metadata=self.stages["metadata"],
                               dated=self._dated() if self.stages["records"] else {})

    def councils(self) -> list[str]:
        """The councils the articles are about (one a round-up reports as well as its main one too)."""
        return sorted({d["council"] for d in self.index.documents() if d["council"]}
                      | {r.council.value for r in self.index.records() if r.council})

    def generation_chain(self):
        """The LCEL generation step: numbered passages + question -> chat model message."""
        from langchain_core.prompts import ChatPromptTemplate

        prompt = ChatPromptTemplate.from_messages([("system", policy.SYSTEM_PROMPT), ("human", policy.USER_TEMPLATE)])
        return prompt | self.llm.chat_model()

    # ----- answering --------------------------------------------------------------------
    def ask(self, question: str, history: list[dict] | None = None, council: str | None = None) -> Answer:
        answer = None
        for item in self.stream(question, history, council):
            if isinstance(item, Answer):
                answer = item
        return answer

    def stream(self, question: str, history: list[dict] | None = None,
               council: str | None = None) -> Iterator[str | Answer]:
        """Yield the answer text as it is generated (str), then the verified `Answer`.

        The question goes through the named steps of `STEPS` in order, each reading and adding
        to one `Turn`; the first step that decides the answer (a refusal, the records, the
        speaker of a quote, the model's verified text) ends the turn."""
        turn = Turn(question=normalise_question(question), history=history, council=council, t0=time.perf_counter())
        self.prepare()
        for name in STEPS:
            if not self.stages.get(name, True):
                continue
            yield from getattr(self, f"_step_{name}")(turn)
            if turn.answer is not None:
                answer = turn.answer
                answer.__dict__.update(turn.base)
                answer.timings = {**turn.timings, "total": time.perf_counter() - turn.t0}
                yield answer
                return

    # ----- steps ----------------------------------------------------------------------------
    def _step_retrieve(self, turn: "Turn") -> Iterator[str]:
        """Read the question once (follow-up rewriting, councils, time words, the parse) and
        retrieve candidate chunks."""
        turn.councils = self.councils()
        if turn.council and turn.council not in turn.councils:
            raise QuestionError(f"Unknown council {turn.council!r}; the articles cover: {', '.join(turn.councils)}")
        q = turn.q = analyse(turn.question, turn.history if self.stages["rewrite"] else None, turn.councils,
                             turn.council)
        turn.asked = read_question(q.doc, turn.councils)
        names = frozenset(w.lower() for c in turn.councils for a in council_aliases(c) for w in a.split())
        turn.wanted = expected_type(q.doc, names)
        if turn.asked.grade_picks and turn.wanted is not None and turn.wanted.kind == "grade":
            turn.wanted = None  # "what was X asked to improve when it was rated good?" asks no grade
        if q.follow_up and q.last_question:
            last = parse_cached(q.last_question)
            if turn.asked.bare:  # "what about Allerdene?" wants what the last question wanted
                turn.wanted = expected_type(last, names)
            turn.asked = turn.asked.following(read_question(last, turn.councils), q.councils)
            q.time = q.time or turn.asked.year  # "was every area outstanding?" after "… its 2019 inspection"
            if turn.asked.asks_person:
                turn.asked = self._job_of(turn)
        self._grade_time(turn)
        turn.docs = self.retriever().search(q)
        turn.timings["retrieve"] = time.perf_counter() - turn.t0
        sources = [Source(text=d.page_content, source=d.metadata.get("source", ""), title=d.metadata.get("title", ""),
                          council=d.metadata.get("council", ""), date=date_label(d.metadata),
                          score=round(float(d.metadata.get("score", 0)), 4), chunk_id=d.id or "") for d in turn.docs]
        turn.base = dict(question=turn.question, sources=sources, search_query=q.text)
        return iter(())

    def _grade_time(self, turn: "Turn") -> None:
        """A grade that dates what is asked ("how many children were in care when it was rated
        inadequate?", "at the time of the good rating") names the inspection with that grade:
        its year is the question's time, for retrieval and the records alike."""
        q, asked = turn.q, turn.asked
        if q.time or asked.year or not (asked.grade_picks or asked.moved_at) or len(asked.councils) != 1 \
                or not self.stages["records"]:
            return
        if asked.moved_at and not asked.grade_picks:  # "… when it got downgraded": the inspection that moved so
            moved = self._answerer().moved_inspections(asked.councils[0], asked.moved_at)
            if moved:
                q.time = moved[0].when[:4]
                turn.asked = replace(asked, year=q.time)
            return
        # (the area a question names may be what it counts, not what was graded: "looked after
        # kids in X at the time of the top rating")
        year = self._answerer().year_of_grade(asked.councils[0], asked.grade, asked.area) or \
            (self._answerer().year_of_grade(asked.councils[0], asked.grade) if asked.area else None)
        if year and asked.grade_side == "before":  # "when it climbed out of failing": the inspection after
            year = min((r.when[:4] for r in self._answerer().by_council.get(asked.councils[0], [])
                        if r.when[:4].isdigit() and r.when[:4] > year), default=None)
        if year:
            q.time = year
            turn.asked = replace(asked, year=year)

    def _step_refusal(self, turn: "Turn") -> Iterator[str]:
        """Names the articles never mention, or a request outside them (a poem, the weather)."""
        q, vocab = turn.q, self.index.term_weights()
        # (a council's other names, and a role's: "rep" is a representative, "Unison" a union)
        known = {a.lower() for c in turn.councils for a in council_aliases(c)} | set(roles())
        unknown = unknown_names(q.doc, vocab, known, texts=[c.page_content for c in self.index.chunks().values()])
        # (a question that asks which council is about the councils, whatever its other words)
        outside = not unknown and not q.follow_up and not q.councils and not turn.asked.council_question \
            and outside_the_articles(q.doc, vocab)
        if unknown or outside:
            yield from self._refuse(turn, self._refusal_text(unknown=unknown, scope=outside))

    def _step_records(self, turn: "Turn") -> Iterator[str]:
        """Questions the inspection records decide (grades, dates, people, findings, summaries)."""
        records = self._answerer()
        missing = records.unknown_time(turn.asked, self._years("council")) if self.stages["refusal"] else None
        if missing:
            yield from self._refuse(turn, self._refusal_text(missing=missing))
            return
        claims = records.answer(turn.asked, turn.q.councils)
        if claims:
            text, citations = cite(claims, {d["source"]: d for d in self.index.documents()})
            yield text
            turn.answer = Answer(question=turn.question, text=text, citations=citations, refused=False)

    def _step_across(self, turn: "Turn") -> Iterator[str]:
        """A measure across councils or one council's inspections: each one's best passage,
        the extreme first for "which council has the most …"."""
        q, asked = turn.q, turn.asked
        years = [t.text for t in q.doc if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")]
        shape = across_question(q.doc, asked.councils, years, asked.council_question or asked.each_council,
                                amount=turn.wanted is not None and turn.wanted.kind in ("count", "percent", "money"))
        measure_doc, wanted = q.doc, turn.wanted
        if shape is None and self.stages["records"]:
            shape, measure_doc, wanted, asked, years = self._over_time(turn, years)
        if shape is None:
            return
        direction, by_year = shape
        measure = measured(measure_doc, wanted, turn.councils)
        among = asked.councils or turn.councils
        # ("… when each was rated inadequate": each council's inspection with that grade)
        year_of = {c: y for c in among if (y := self._answerer().year_of_grade(c, asked.grade, asked.area))} \
            if asked.grade_picks and self.stages["records"] else {}
        # a year right after a council's name, but for function words: "(kestonbury 2019, brindleford
        # 2023)", "A's 2018 caseloads", "A at its 2018 inspection or B in 2022"
        for year in (t for t in q.doc if t.text in years and t.i):
            words = []
            for w in reversed(q.doc[max(0, year.i - 6):year.i]):
                if w.is_punct or w.like_num:
                    break
                words[:0] = [] if w.is_stop else [w.lower_]
            before = " " + " ".join(words)
            year_of |= {c: year.text for c in among if any(before.endswith(" " + a.lower()) for a in council_aliases(c))}
        latest = not asked.ever or bool(asked.lemmas & LATEST_WORDS)  # ("at their most recent inspections")
        dated = self._dated() if by_year else None
        groups = across(q.asked, q.text, list(self.index.chunks().values()), self.scorer, among, direction, by_year,
                        years, latest=latest, measure=measure, year_of=year_of, dated=dated)
        if not asked.councils and not direction:  # (an amount of each council: those whose articles give one)
            groups = [g for g in groups if has_mention(g.passage.text, measure, q.text, self.scorer.similar)]
        if len(groups) < 2:
            return
        passages, lines = [], []
        for n, g in enumerate(groups, 1):
            p = Passage(n, g.passage.text, g.passage.doc, g.passage.score, g.passage.speaker)
            passages.append(p)
            lines.append((f"{g.label}: {excerpt(p.text, q.text, measure, p.speaker, self.scorer.similar)}", [n], p.score))
        head = f"{groups[0].label}." if direction else f"{join_names([g.label for g in groups])}:"
        asked_way = trend(q.doc) if asked.yes_no and by_year else None
        went = moved(groups, measure, self.scorer, q.asked) if asked_way else None
        if went:  # "did caseloads go up between the inspections?": the figures decide
            head = f"{'Yes' if went == asked_way else 'No'}. {head}"
        answer = _numbered(turn.question, [(head, [], 1.0)] + lines, passages, layout=layout)
        yield answer.text
        turn.answer = answer

    def _over_time(self, turn: "Turn", years: list[str]) -> tuple:
        """One council's measure side by side at each of its inspections (each of its dated
        articles' years): "how did the number of children in care change between the two
        inspections?", "did caseloads go up?", and a follow-up that only moves the last question's
        measure in time ("and by the re-inspection?"). (shape or None, the parse that names the
        measure, the answer type it wants, the question as asked of that council, the years.)"""
        q, asked = turn.q, turn.asked
        measure_doc, wanted = q.doc, turn.wanted
        council = asked.councils or (q.councils if q.follow_up else [])
        names = frozenset(w.lower() for c in turn.councils for a in council_aliases(c) for w in a.split())
        last = parse_cached(q.last_question) if q.follow_up and q.last_question else None
        # (not one naming its year: "and by the 2021 monitoring visit?" is that article's)
        if last is not None and not years and not names_measure(q.doc) and only_moves_in_time(q.doc, names):
            measure_doc, wanted = last, expected_type(last, names)
        # (a direction asks over time in a yes/no: "by how much have referrals gone up" asks one figure)
        over_time = asked.compares or (trend(q.doc) and asked.yes_no) or moves(q.doc) or measure_doc is not q.doc
        amount = wanted is not None and wanted.kind in ("count", "percent", "money")
        if len(council) != 1 or not over_time or not (names_measure(measure_doc) or amount):
            return None, measure_doc, wanted, asked, years
        if len(set(years)) < 2:  # (the years it names, else all of the council's)
            years = sorted({r.when[:4] for r in self._answerer().by_council.get(council[0], []) if r.when[:4].isdigit()})
        shape = ("", True) if len(set(years)) >= 2 else None
        return shape, measure_doc, wanted, replace(asked, councils=council), years

    def _step_evidence(self, turn: "Turn") -> Iterator[str]:
        """The sentences (and lists) of the chunks that bear on the question, scored."""
        t1 = time.perf_counter()
        turn.passages = select_evidence(turn.q.asked, turn.q.text, turn.docs, self.scorer, turn.q.councils,
                                        wanted=turn.wanted,
                                        speakers=self._answerer().speakers(turn.asked) if self.stages["records"] else ())
        turn.timings["evidence"] = time.perf_counter() - t1
        # "When …" with no date anywhere in the evidence, "how many X" with no count of X: the
        # articles do not hold the answer, however close the passages are to the question.
        wanted = turn.wanted
        # (of the year asked, when it asks one: "at the 2023 inspection" is not answered by 2016's figures)
        year = turn.q.time if turn.q.time and turn.q.time.isdigit() else None
        of_time_of = lambda passages: [  # noqa: E731
            p for p in passages if not year or p.meta.get("time_match") is not False or year in p.text]
        of_time = of_time_of(turn.passages)
        asked_years = years_named(turn.q.doc)
        holds = lambda passages: any(  # noqa: E731 — a passage of the time asked gives what is asked for
            _dated_in(mentions(p.text, wanted, turn.q.asked, self.scorer.similar), wanted, year, p, asked_years)
            for p in of_time_of(passages))
        missing = wanted is not None and wanted.strict and self.stages["refusal"] and not holds(turn.passages)
        widened = False
        if missing and len(turn.q.councils) == 1:
            # the figure may be in a part of the council's articles retrieval did not reach ("There
            # were 612 children in the council's care" for "how many kids were in care …"): its
            # articles (of the year asked) are read whole before the articles are said not to hold it
            dated = self._dated()
            pool = [c for c in self.index.chunks().values() if c.metadata.get("council") == turn.q.councils[0]
                    and (not year or str(c.metadata.get("sort_date", "")).startswith(year)
                         or dated.get(c.metadata.get("source", "")) == year)]
            wider = [p for p in select_evidence(turn.q.asked, turn.q.text, pool, self.scorer, turn.q.councils,
                                                limit=len(pool) * 20, wanted=wanted, floor=0.0) if holds([p])]
            wider = [Passage(n, p.text, p.doc, p.score, p.speaker) for n, p in enumerate(wider[:policy.MAX_EVIDENCE], 1)]
            if wider:
                turn.passages, missing, widened = wider, False, True
                of_time = of_time_of(wider)
        strength = turn.passages[0].score if turn.passages else 0.0
        if not turn.passages or missing or (self.stages["refusal"] and strength < policy.REFUSE_BELOW and not widened):
            yield from self._refuse(turn, self._refusal_text(wanted=wanted if missing else None))
            return
        bound = threshold(turn.q.doc) if turn.asked.yes_no else None
        answer = self._bound_answer(turn.q, bound, of_time) if bound is not None else None
        if answer is not None:  # "did X have over 700 children in care?": the figure against the bound
            yield answer.text
            turn.answer = answer
            return
        speaker = self._speaker_answer(turn.q, turn.passages, wanted)
        if speaker is not None:  # "Who said that?": the quote's speaker, as the article names them
            yield speaker.text
            turn.answer = speaker

    def _step_generate(self, turn: "Turn") -> Iterator[str]:
        """The model's answer over the numbered passages, streamed, then verified and composed."""
        if turn.passages is None:  # no evidence step (ablation): the plain recipe's whole chunks
            turn.passages = [Passage(i + 1, d.page_content, d, float(d.metadata.get("score", 0)))
                             for i, d in enumerate(turn.docs[:4])]
        passages = turn.passages
        t2 = time.perf_counter()
        raw, usage, first, llm_failed = "", {}, None, False
        try:
            shown = passages[:policy.PROMPT_PASSAGES] if self.stages["evidence"] else passages
            for chunk in self.generation_chain().stream({"passages": format_passages(shown),
                                                         "question": _for_model(turn.q)}):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    first = first or time.perf_counter() - turn.t0
                    raw += piece
                    yield piece
                if getattr(chunk, "usage_metadata", None):
                    usage = chunk.usage_metadata
        except Exception as exc:  # server died or unreachable: fall back to the evidence itself
            if not _is_connection_problem(exc):
                raise
            log.warning("LLM failed mid-answer (%s); answering from the evidence", exc)
            # (the bundled server is restarted on the next question by ensure_running())
            raw, llm_failed = "", True
            yield "\n[the language model stopped responding; showing the passages that answer this]\n"
        turn.timings["generate"] = time.perf_counter() - t2
        if first:
            turn.timings["first_token"] = first
        asked = turn.asked
        roles = (asked.role if asked.asks_person else (),
                 self._answerer() if asked.asks_person and asked.role else None)
        answer = self._finish(turn.q.asked, raw, passages, turn.q, llm_failed=llm_failed, wanted=turn.wanted,
                              roles=roles)
        answer.prompt_tokens = int(usage.get("input_tokens", 0)) if usage else 0
        if asked.yes_no and not answer.refused and not llm_failed:
            # "Did X overspend in 2019/20?": a cited passage that says the question's own verb says
            # yes (or no, negated) — what the parse reads decides before what the model wrote
            stated = _stated(turn.q.doc, [p for p in passages if p.number in {c.number for c in answer.citations}])
            if stated:
                words = answer.text.split(maxsplit=1)
                rest = words[1] if len(words) > 1 and _says_yes_or_no(words[0]) else answer.text
                answer.text = f"{stated}. {rest}"
        if asked.yes_no and not answer.refused and not llm_failed and not _says_yes_or_no(answer.text):
            said = self._polarity(turn.q, answer, passages)
            if said:  # "Did X's leader apologise?": the answer first (the streamed draft is replaced)
                answer.text = f"{said}. {answer.text}"
        turn.answer = answer

    def _polarity(self, q: Query, answer: Answer, passages: list[Passage]) -> str | None:
        """"Yes" or "No" for a yes/no question, as the model reads the passages the answer cites
        (None when it says neither, or cannot be asked)."""
        from langchain_core.messages import HumanMessage, SystemMessage

        cited = {c.number for c in answer.citations}
        text = "\n".join(p.text for p in passages if p.number in cited) or "\n".join(p.text for p in passages[:2])
        try:
            reply = self.llm.chat_model().invoke([
                SystemMessage(policy.POLARITY_SYSTEM),
                HumanMessage(policy.POLARITY_TEMPLATE.format(passage=text, question=q.text))]).content
        except Exception as exc:
            if not _is_connection_problem(exc):
                raise
            return None
        word = _first_word(str(reply))
        return word.capitalize() if word in ("yes", "no") else None

    # ----- decisions ----------------------------------------------------------------------
    def _finish(self, question: str, raw: str, passages: list[Passage], q: Query, llm_failed: bool = False,
                wanted: AnswerType | None = None, roles: tuple = ((), None)) -> Answer:
        if llm_failed:  # no model: the evidence itself, cited, is the best answer we have
            return self._extractive(question, passages, q, wanted)
        model_refused = says_not_found(raw)
        if not self.stages["verify"]:  # the model's text as written, with whatever markers it gave
            answer = _numbered(question, [(s, c, 1.0) for s, c in split_answer(raw)], passages)
            answer.refused = model_refused or not raw.strip()
            return answer
        checked = verify(raw, passages, self.scorer, question) if not model_refused else None
        if checked and wanted is not None and wanted.kind == "council":  # "Which council …?" names one
            checked.sentences = [s for s in checked.sentences if self._names_council(s[0], s[1], passages, wanted)]
        if checked and wanted is not None and wanted.kind == "person" and not roles[0] and \
                (wh := question_word(q.doc)) is not None and wh.lower_ == "who":
            # "who did the government send in?" is answered by a name, not by "the government sent a
            # commissioner": the passages naming someone answer it
            checked.sentences = [s for s in checked.sentences if has_mention(s[0], wanted, question)]
        if checked and wanted is not None and wanted.future:  # "when will …?" is answered by a date to come
            checked.sentences = [s for s in checked.sentences
                                 if has_mention(s[0], wanted, question, self.scorer.similar)]
        if checked and wanted is not None and wanted.kind == "date" and not wanted.future:
            # "When was it published?" is answered by the date a passage gives the publishing, not
            # by the inspection's months in the same sentence
            checked.sentences = [s for s in checked.sentences if _dates_fit(s, passages, wanted, question)]
        if checked and wanted is not None and wanted.strict and wanted.kind in ("count", "percent", "money") and \
                not any(t.like_num and not is_year(t.text) and t.ent_type_ != "DATE"
                        for s in checked.sentences for t in parse_cached(s[0])):
            # ("how many …" answered with no figure — a year is none: the passage that gives one answers)
            checked.sentences = []
        asked_role, records = roles
        if checked and asked_role:  # "Who is the commissioner?" is not answered by the regional director,
            # nor by a passage that names no one in that role
            holds = {p.number for p in passages if _holds_role(p.text, asked_role, records)}
            checked.sentences = [s for s in checked.sentences
                                 if _role_fits(s[0], asked_role, records) and holds & set(s[1])]
        if checked and checked.sentences:
            extra = backing(checked.sentences, passages, question, wanted) if self.stages["backing"] else []
            if self.stages["complement"]:
                extra += complement(question, checked.sentences + extra, passages, self.scorer, q.councils, wanted)
            return _numbered(question, self._compose(question, checked.sentences, passages, q, extra, wanted),
                             passages)
        # The model said "not in the articles", or nothing it wrote is supported (or it only
        # restated the question). The 0.5B model says so for answers it was handed, so the
        # evidence decides: a passage about what was asked, or one holding the date / count /
        # amount asked for, is the answer, quoted; otherwise the articles do not say.
        if asked_role:  # only a passage naming someone in that role can say who holds it
            passages = [p for p in passages if _holds_role(p.text, asked_role, records)]
        # A figure the model gave ("… is 18 children per social worker") that a passage holds was
        # read from that passage, whatever else its sentence got wrong: the passage is the answer
        # (when it is of the time asked: "in 2021" is not answered by 2016's caseload).
        given = _figures(raw, question)
        read = {p.number for p in passages if p.meta.get("time_match") is not False
                and given & _figures(p.text)} if given else set()
        if self.stages["refusal"] and not read and \
                not (passages and self._evidence_answers(question, passages, q, wanted)):
            return Answer(question=question, text=self._refusal_text(), refused=True)
        return self._extractive(question, passages, q, wanted, read)

    def _evidence_answers(self, question: str, passages: list[Passage], q: Query, wanted: AnswerType | None) -> bool:
        # (not a grade: every passage about an inspection gives one; which inspection or area it
        # grades is what the question asks, and the records answer that)
        # (a figure, of something the question asks of: an overspend is no answer to "how much is X
        # paying its new director?" — the fragment rule, the figure standing for the passage's words;
        # a date is not held to it: "The inspection took place between 11 and 22 June" answers "when
        # were the inspectors on site?" in other words)
        if wanted is not None and wanted.strict and wanted.kind != "grade":
            figure = wanted.kind in ("count", "percent", "money")
            return any(has_mention(p.text, wanted, question, self.scorer.similar) and (not figure or coverage(
                _about(q), p, self.scorer, q.councils, reworded=True) >= policy.FRAGMENT_COVERAGE) for p in passages)
        lq = _list_question(question, q)
        if lq and any(named_items(p.text, lq) for p in passages):  # it names the items asked for
            return True
        if wanted is not None and wanted.kind == "person":  # "who …?" is answered by a passage naming someone
            passages = [p for p in passages if has_mention(p.text, wanted, question, self.scorer.similar)]
        if wanted is not None and wanted.other:  # only a passage naming another council can say which
            passages = [p for p in passages if self._names_council(p.text, [p.number], passages, wanted)]
        # (in the passage's words or others: a chat user's "care kids" is the article's "children in care")
        return any(coverage(_about(q), p, self.scorer, q.councils, reworded=True) >= policy.ANSWERED_COVERAGE
                   for p in passages)

    def _names_council(self, text: str, cited: list[int], passages: list[Passage], wanted: AnswerType) -> bool:
        """Whether `text` names a council — for "Which other council …?", one besides the council
        of the passages it rests on ("…only one other council achieving …" names none)."""
        named = set(find_councils(text, self.councils()))
        if wanted.other:
            named -= {p.meta.get("council") for p in passages if p.number in cited}
        return bool(named)

    def _extractive(self, question: str, passages: list[Passage], q: Query,
                    wanted: AnswerType | None = None, read: set[int] = frozenset()) -> Answer:
        # The passage naming the items a list question asks for, or holding what was asked for
        # (a date, a name …) comes first, from the article a time word points at, then the one
        # most about the question's own terms; the score decides between equals.
        lq = _list_question(question, q)
        similar = self.scorer.similar
        rank = {p.number: (p.number not in read, not (lq and named_items(p.text, lq)),
                           not has_mention(p.text, wanted, question, similar),
                           p.meta.get("time_match") is False,
                           -round(coverage(_about(q), p, self.scorer, q.councils), 1)) for p in passages}
        passages = sorted(passages, key=lambda p: rank[p.number])
        best = passages[:2] if len(passages) > 1 and rank[passages[1].number] == rank[passages[0].number] \
            and passages[1].score >= passages[0].score * 0.9 else passages[:1]
        if wanted is not None and wanted.kind == "council":  # "Which councils …?": each one's best that covers it
            firsts: dict[str, Passage] = {}
            for p in passages:
                if p is passages[0] or rank[p.number][-1] <= -policy.ANSWERED_COVERAGE:
                    firsts.setdefault(p.meta.get("council", ""), p)
            best = list(firsts.values())
        sentences = [(excerpt(p.text, _about(q), wanted, p.speaker, self.scorer.similar), [p.number], 1.0) for p in best]
        answer = _numbered(question, self._compose(question, sentences, passages, q, wanted=wanted), passages)
        answer.extractive = True
        return answer

    def _compose(self, question: str, sentences: list, passages: list[Passage], q: Query, extra: list = (),
                   wanted: AnswerType | None = None) -> list:
        """The answer's sentences, then the `extra` passages quoted — or, for a list question whose
        article counts the items, the quoted passages naming them and a note on those left
        unnamed — then, when the question picks no date, what the council's other articles say;
        for "Which council …?", every sentence naming its council."""
        listed, note = enumeration(question, sentences, passages, q.councils) if self.stages["lists"] else ([], None)
        if listed or note:  # a list question is answered by its items
            extra = listed
        by_number = {p.number: p for p in passages}
        out = sentences + [(excerpt(t, _about(q), wanted, by_number[n[0]].speaker if n and n[0] in by_number else "",
                                    self.scorer.similar), n, sc) for t, n, sc in extra] + ([note] if note else [])
        if self.stages["articles"] and not q.time:
            out += other_articles(_about(q), out, passages, self.scorer, q.councils, wanted)
        if wanted is not None and wanted.kind == "council":
            out = [self._name_council(s, passages) for s in out]
        return out

    def _name_council(self, sentence: tuple, passages: list[Passage]) -> tuple:
        """For "Which council …?": a sentence that names no council gets its passage's, as
        "Cheshire West and Chester: “The Council is one of only three …”"."""
        text, nums, score = sentence
        council = next((p.meta.get("council", "") for p in passages if p.number in nums), "")
        if not council or find_councils(text, self.councils()):
            return sentence
        return f"{council}: {text}", nums, score

    def _bound_answer(self, q: Query, bound: Threshold, passages: list[Passage]) -> Answer | None:
        """"Did X have over 700 children in care?": "Yes" or "No" as the best passage's figure of
        that count (or share) is past the bound or not, with the clause that gives it."""
        for p in passages:
            values = [v for f in mentions(p.text, bound.kind, q.asked, self.scorer.similar)
                      if (v := number_value(f)) is not None]
            if values:
                text = f"{'Yes' if bound.passes(values[0]) else 'No'} — {excerpt(p.text, q.asked, bound.kind, p.speaker, self.scorer.similar)}"
                return _numbered(q.question, [(text, [p.number], p.score)], passages)
        return None

    def _speaker_answer(self, q: Query, passages: list[Passage], wanted: AnswerType | None) -> Answer | None:
        """"Who said …?" when the best evidence is a quotation: its speaker (with the role the
        records give them), cited to the quoted passage."""
        if wanted is None or wanted.kind != "person" or "say" not in {t.lemma_.lower() for t in q.doc}:
            return None
        quoted = [p for p in passages[:2] if p.speaker]
        if not quoted:
            return None
        p = quoted[0]
        role = next((person.role for r in self.index.records() for person in r.people
                     if person.role and (person.name in p.speaker or p.speaker in person.name)), "")
        text = f"{p.speaker}{', ' + role + ',' if role and role not in p.speaker else ''} said it."
        return _numbered(q.question, [(text, [p.number], p.score)], passages)

    def _answerer(self) -> RecordAnswerer:
        """The records' answerer, built once per state of the index (cached with the records)."""
        recs = self.index.records()
        cache = self.__dict__.setdefault("_years_cache", {})
        if cache.get("answerer", (None,))[0] is not recs:
            cache["answerer"] = (recs, RecordAnswerer(recs, self._years("source"), self._leads()))
        return cache["answerer"][1]

    def _dated(self) -> dict[str, str]:
        """Each article's year as its inspection record gives it (also one another article dates)."""
        return {r.source: r.when[:4] for r in self._answerer().records if r.when and not r.side}

    def _leads(self) -> dict[str, str]:
        """Each article's first sentence after its headline (cached with the chunks)."""
        from index.nlp import parse_cached, sentences

        chunks = self.index.chunks()
        cache = self.__dict__.setdefault("_years_cache", {})
        if cache.get("leads", (None,))[0] is not chunks:
            leads = {}
            # (the article's first chunks in order: a headline may be a chunk of its own)
            for c in sorted(chunks.values(), key=lambda c: (c.metadata.get("source", ""), c.metadata.get("chunk", 0))):
                if c.metadata.get("source", "") in leads or c.metadata.get("chunk", 0) > 2:
                    continue
                sents = [x for x in sentences(parse_cached(c.page_content)) if x != c.metadata.get("title")]
                # (a sentence, not a byline or dateline: "Herald live desk | Tuesday 19 June 2018")
                body = [x for x in sents if len(x.split()) >= 8
                        and any(t.pos_ in ("VERB", "AUX") for t in parse_cached(x))]
                if body:
                    leads[c.metadata.get("source", "")] = body[0]
            cache["leads"] = (chunks, leads)
        return cache["leads"][1]

    def _job_of(self, turn: "Turn") -> Asked:
        """A follow-up asking who, of the person the last answer named first: "who has that job
        now?" asks for the holder of their role, as the articles give it; "who was in the job
        before him?" for someone other than the person its pronoun is."""
        last = next((str(t.get("content", "")) for t in reversed(turn.history or []) if t.get("role") == "assistant"), "")
        person = next((e.text for e in parse_cached(last).ents if e.label_ == "PERSON"), None)
        if person is None:
            return turn.asked
        asked = turn.asked
        if person in turn.q.asked:  # (the question's pronoun, resolved to them)
            asked = replace(asked, lemmas=asked.lemmas | {w.lower() for w in person.split()})
        if asked.lemmas & JOB_NOUNS:  # (their role as the articles give it, over the last question's word for it)
            role = self._answerer().known_role(person, turn.q.councils)
            asked = replace(asked, role=tuple(sorted(role)) or asked.role)
        return asked

    def _years(self, by: str) -> dict[str, set[str]]:
        """The years each council's (`by="council"`) or article's (`"source"`) text names anywhere,
        with its date (cached with the chunks)."""
        chunks = self.index.chunks()
        cache = self.__dict__.setdefault("_years_cache", {})
        if cache.get(by, (None,))[0] is not chunks:
            years: dict[str, set[str]] = {}
            for c in chunks.values():
                years.setdefault(c.metadata.get(by, ""), set()).update(
                    re.findall(r"\b(?:19|20)\d\d\b", c.page_content + " " + str(c.metadata.get("sort_date", ""))))
            cache[by] = (chunks, years)
        return cache[by][1]

    def _refusal_text(self, unknown: list[str] | None = None, wanted: AnswerType | None = None,
                      scope: bool = False, missing: str = "") -> str:
        return refusal_text(self.councils(), unknown=unknown, wanted=wanted, scope=scope, missing=missing)

    @staticmethod
    def _refuse(turn: "Turn", text: str) -> Iterator[str]:
        """A refusal, streamed and returned like any answer."""
        yield text
        turn.answer = Answer(question=turn.question, text=text, refused=True)


@dataclass
class Turn:
    """What the steps of one question know: each step reads what earlier ones wrote."""

    question: str
    history: list[dict] | None
    council: str | None
    t0: float
    timings: dict = field(default_factory=dict)
    councils: list[str] = field(default_factory=list)
    q: Query | None = None  # the question read once: its parse, councils, time words, follow-up
    asked: object = None  # what it asks of the records (`records.Asked`)
    wanted: AnswerType | None = None  # the kind of answer it wants (a date, a count, a person …)
    docs: list = field(default_factory=list)  # retrieved chunks
    base: dict = field(default_factory=dict)  # question, sources, search query: every answer carries them
    passages: list[Passage] | None = None  # the evidence
    answer: Answer | None = None  # set by the step that decides the answer


def _role_fits(sentence: str, asked_role: tuple, records: RecordAnswerer) -> bool:
    """Whether the people a sentence names (as the records know them) hold the role asked about."""
    from index.nlp import parse_cached

    for ent in parse_cached(sentence).ents:
        if ent.label_ == "PERSON":
            known = records.known_role(ent.text)
            if known and not known & set(asked_role):
                return False
    return True


def _holds_role(text: str, asked_role: tuple, records: RecordAnswerer) -> bool:
    """Whether a passage names someone in the role asked about: a person the records know in
    that role, or a person beside the role's word."""
    doc = parse_cached(text)
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    said = role_words(t.lemma_ for t in doc) & set(asked_role)
    return any(said or records.known_role(name) & set(asked_role) for name in people)


def _list_question(question: str, q: Query):
    """"Which <things> got <quality>?" (the council the question names is not a quality)."""
    return list_question(question, councils_terms(q.councils))


def _for_model(q: Query) -> str:
    """The question as the model reads it: a follow-up whose "it" / "they" / "that" is still
    unresolved ("what are they like now?") after the question it follows, which says what they are."""
    if q.follow_up and q.last_question and any(t.pos_ == "PRON" and t.lower_ in _REFERRING
                                               for t in parse_cached(q.asked)):
        return f"{q.last_question.strip().rstrip('?.!')}? {q.asked}"
    return q.asked


_REFERRING = frozenset("it they them that this those these".split())


def _figures(text: str, question: str = "") -> set[str]:
    """The figures a text gives ("18", "£850,000", "41%"; not a year, nor a [1] marker), less
    those the question itself states."""
    said = {t.text for t in parse_cached(question)} if question else set()
    doc = parse_cached(re.sub(r"\[\d+\]", " ", text))
    return {t.text.strip("£$%") for t in doc if t.like_num and any(c.isdigit() for c in t.text)
            and len(t.text.strip("£$%.,")) >= 2 and not is_year(t.text) and t.ent_type_ != "DATE"
            and t.text not in said}  # (not a day of a date: "Tuesday 14 June 2022")


def _dates_fit(sentence: tuple, passages: list[Passage], wanted: AnswerType, question: str) -> bool:
    """Whether an answer sentence's dates are among those its passages give for what was asked
    (the same year and month where both say one); true when either gives none."""
    from index.nlp import read_date

    said = [w for d in mentions(sentence[0], AnswerType("date")) if (w := read_date(d)) and (w.year or w.month)]
    given = [w for p in passages if p.number in sentence[1] for d in mentions(p.text, wanted, question)
             if (w := read_date(d)) and (w.year or w.month)]
    same = lambda a, b: (not a or not b or a == b)  # noqa: E731
    return not said or not given or any(same(w.year, g.year) and same(w.month, g.month) for w in said for g in given)


def _dated_in(found: list[str], wanted: AnswerType, year: str | None, passage: Passage,
              asked: set[str] = frozenset()) -> bool:
    """Whether a passage's mentions answer a question of `year`: a date of another year does
    not ("which month in 2019 …": not "February 2025"), an undated one only from an article of
    that time; nor does a figure its sentence gives for another year ("£6.4m in 2019/20" for
    "… in 2023/24?"; `asked`: the years and financial years the question names)."""
    if found and asked and wanted.kind in ("count", "percent", "money"):
        named = years_named(parse_cached(passage.text))
        if not named:
            return passage.meta.get("time_match") is not False
        spans = {y for n in named for y in ([n[:4], n[:2] + n[5:]] if len(n) == 7 else [n])}
        return any(a in named if len(a) == 7 else a in spans for a in asked)
    if not year or wanted.kind != "date":
        return bool(found)
    from index.nlp import read_date

    whens = [read_date(m) for m in found]
    return any(str(w.year) == year if w is not None and w.year else passage.meta.get("time_match") is True
               for w in whens)


def _about(q: Query) -> str:
    """What the evidence must be about: a follow-up's own words when they name a topic ("What is
    she planning next?"), else the question with the turn it follows ("What about Telford?")."""
    return q.asked if q.follow_up and topic_terms(q.question, q.councils) else q.text


# verbs that say too little to decide a yes/no question alone ("was X rated inadequate?" is the
# records' to answer: the grade decides, not the verb)
_VAGUE_VERBS = LIGHT_VERBS | {"go", "rate", "judge", "grade", "find", "give", "receive", "take", "come"}


def _stated(question, passages: list[Passage]) -> str | None:
    """"Yes" when a passage says the yes/no question's own main verb of the year it asks
    ("did X overspend in 2019/20?" — "Children's services overspent by £6.4m in 2019/20"), "No"
    when it says it negated ("the council said it would not appeal"); None when none says it."""
    # (the verb after "did"/"has" however tagged: the small model may call "appeal" a noun)
    root = next((t for t in question if t.dep_ == "ROOT"), None)
    if root is None or question[0].lower_ not in ("did", "does", "do", "has", "have", "had") or root.i == 0:
        return None
    forms = lemmas(root.text) | {root.lemma_.lower()}
    if forms & _VAGUE_VERBS:
        return None
    asked = years_named(question)
    for p in passages:
        doc = parse_cached(p.text)
        named = years_named(doc)
        if asked and (named and not asked & named or not named and p.meta.get("time_match") is False):
            continue
        for t in doc:
            if t.pos_ in ("VERB", "NOUN") and lemmas(t.text) & forms:
                negated = any(c.dep_ == "neg" for c in [*t.children, *(t.head.children if t.dep_ == "xcomp" else ())])
                return "No" if negated else "Yes"
    return None


def _first_word(text: str) -> str:
    """The first word of a text, lower case, without the punctuation around it ("**Yes.**" -> "yes")."""
    return next((w.strip("\"'“”‘’*.,:;!?—-()[]").lower() for w in text.split() if any(c.isalpha() for c in w)), "")


def _says_yes_or_no(text: str) -> bool:
    return _first_word(text) in ("yes", "no")


def _numbered(question: str, sentences: list[tuple[str, list[int], float]], passages: list[Passage],
              layout=" ".join) -> Answer:
    """Renumber cited passages 1..n in order of first use; build text and citations."""
    by_number = {p.number: p for p in passages}
    order: dict[int, int] = {}
    support: dict[int, float] = {}
    parts = []
    for text, nums, score in sentences:
        nums = [n for n in nums if n in by_number]
        for n in nums:
            order.setdefault(n, len(order) + 1)
            support[n] = max(support.get(n, 0.0), score)
        markers = "".join(f"[{order[n]}]" for n in nums)
        if text and text[-1] not in ".!?:”\"’":
            text += "."
        parts.append(f"{text} {markers}".strip() if markers else text)
    citations = [Citation(number=new, text=by_number[old].text, source=by_number[old].meta.get("source", ""),
                          title=by_number[old].meta.get("title", ""), council=by_number[old].meta.get("council", ""),
                          date=by_number[old].date_label(), score=round(support[old], 3))
                 for old, new in sorted(order.items(), key=lambda kv: kv[1])]
    return Answer(question=question, text=layout(parts), citations=citations, refused=not citations)


def _is_connection_problem(exc: Exception) -> bool:
    """A model server that is down, died mid-answer or timed out (by exception type)."""
    import httpx
    import openai

    return isinstance(exc, (ConnectionError, TimeoutError, LLMUnavailableError, httpx.TransportError,
                            openai.APIConnectionError))
