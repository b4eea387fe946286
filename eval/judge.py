"""Optional LLM-judge metrics in the style of RAGAS, for when a stronger model is at hand.

    python -m eval --judge-url http://127.0.0.1:8000/v1 --judge-model Qwen/Qwen2.5-7B-Instruct

- faithfulness: the judge reads the cited passages and says, for each answer sentence, whether
  the passages support it; the score is the supported share (RAGAS faithfulness, one call).
- answer relevance: the judge writes three questions the answer would answer; the score is their
  mean cosine similarity to the asked question with the bundled embedder (RAGAS answer relevancy).

Never on by default; refusals are not judged. The judge is any OpenAI-compatible server (key from
OPENAI_API_KEY / OFSTED_QA_LLM_API_KEY).
"""
from __future__ import annotations

import re

import numpy as np

FAITHFULNESS = """You check answers against sources. Passages:
{passages}

Answer sentences:
{sentences}

For each answer sentence, reply on its own line with its number and "yes" if the passages state it, "no" if not.
Example:
1: yes
2: no"""

RELEVANCE = """Write three different questions that this answer answers, one per line, nothing else.

Answer: {answer}"""

_MARK = re.compile(r"\s*\[\d+\]")


class Judge:
    def __init__(self, chat_model, embeddings):
        self.chat, self.embeddings = chat_model, embeddings

    def _ask(self, prompt: str) -> str:
        return str(self.chat.invoke(prompt).content)

    def faithfulness(self, answer) -> float | None:
        sentences = [s for s in re.split(r"(?<=[.!?”])\s+(?=\S)", answer.text) if _MARK.sub("", s).strip()]
        if not sentences or not answer.citations:
            return None
        passages = "\n".join(f"[{c.number}] {c.text}" for c in answer.citations)
        listed = "\n".join(f"{i + 1}: {_MARK.sub('', s).strip()}" for i, s in enumerate(sentences))
        reply = self._ask(FAITHFULNESS.format(passages=passages, sentences=listed))
        verdicts = {int(n): v.lower() == "yes" for n, v in re.findall(r"(\d+)\s*[:.)-]\s*(yes|no)", reply, re.I)}
        return sum(verdicts.get(i + 1, False) for i in range(len(sentences))) / len(sentences)

    def relevance(self, question: str, answer) -> float | None:
        text = _MARK.sub("", answer.text).strip()
        if not text:
            return None
        lines = [re.sub(r"^\s*(\d+[.)]|[-*])\s*", "", ln).strip() for ln in self._ask(RELEVANCE.format(answer=text)).splitlines()]
        generated = [ln for ln in lines if len(ln) > 8][:3]
        if not generated:
            return 0.0
        q = np.asarray(self.embeddings.embed_query(question))
        g = np.asarray(self.embeddings.embed_documents(generated))
        return float(np.mean(g @ q))

    def score(self, question: str, answer) -> dict:
        if answer.refused:
            return {}
        return {"faithfulness": self.faithfulness(answer), "answer_relevance": self.relevance(question, answer)}


def make_judge(url: str, model: str | None, api_key: str | None, embedder: str, cache_dir) -> Judge:
    from index import get_embeddings
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(base_url=url, model=model or "default", api_key=api_key or "not-needed",
                      temperature=0, max_tokens=200, timeout=120)
    return Judge(chat, get_embeddings(embedder, cache_dir))
