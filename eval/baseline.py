"""The plain LangChain recipe, as the baseline: dense top-4 chunks stuffed into the classic
"use the following pieces of context" prompt, same LLM, no verification. Built only from the
public names of `index` and `qa`."""
from __future__ import annotations

import re
import time

from qa import Answer, Citation, Source

PROMPT = ("Use the following pieces of context to answer the question at the end. If you don't know "
          "the answer, just say that you don't know, don't try to make up an answer.\n\n{context}\n\n"
          "Question: {question}\nHelpful Answer:")
_DONT_KNOW = re.compile(r"don'?t know|do not know|not (mentioned|provided|stated)|no information|"
                        r"(doesn't|does not|don't|do not) (say|mention|provide)", re.IGNORECASE)


class Baseline:
    """`ask()`-compatible plain RAG chain. Its answer is attributed to all four chunks, as the
    recipe's `source_documents` are: each sentence cites [1]..[4]."""

    def __init__(self, index, llm_backend, k: int = 4):
        from langchain_core.prompts import ChatPromptTemplate

        self.index, self.k = index, k
        self.chain = ChatPromptTemplate.from_template(PROMPT) | llm_backend.chat_model()

    def ask(self, question: str, history=None, council=None) -> Answer:
        t0 = time.perf_counter()
        hits = self.index.dense_search(question, self.k, {"council": council} if council else None)
        context = "\n\n".join(d.page_content for d, _ in hits)
        msg = self.chain.invoke({"context": context, "question": question})
        text = msg.content.strip()
        refused = bool(_DONT_KNOW.search(text)) or not text
        markers = "".join(f"[{i + 1}]" for i in range(len(hits)))
        sentences = re.split(r"(?<=[.!?])\s+", text)
        marked = " ".join(f"{s} {markers}" for s in sentences if s) if not refused else text
        meta = lambda d: d.metadata  # noqa: E731
        cites = [] if refused else [Citation(i + 1, d.page_content, meta(d).get("source", ""), meta(d).get("title", ""),
                                              meta(d).get("council", ""), "", round(s, 3)) for i, (d, s) in enumerate(hits)]
        sources = [Source(d.page_content, meta(d).get("source", ""), meta(d).get("title", ""),
                          meta(d).get("council", ""), "", round(s, 3)) for d, s in hits]
        usage = getattr(msg, "usage_metadata", None) or {}
        return Answer(question=question, text=marked, citations=cites, refused=refused, sources=sources,
                      search_query=question, prompt_tokens=int(usage.get("input_tokens", 0)),
                      timings={"total": time.perf_counter() - t0})
