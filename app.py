"""The web UI: a thin Gradio adapter over `qa.ask_stream`. The only module that imports gradio.

    python app.py            # http://127.0.0.1:7860 (OFSTED_QA_HOST / OFSTED_QA_PORT to change)
"""
# No `from __future__ import annotations`: Gradio reads a handler's annotations at runtime to pass
# it event data (`data: gr.LikeData`, `evt: gr.SelectData`), and `gr` is imported inside
# `build_app`, so string annotations would not resolve; the handler would then get no event data
# and Gradio warns "Expected at least 2 arguments" on every start.
import html
import json
import logging
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

log = logging.getLogger("app")

EXAMPLES = [
    "Which areas did Warrington get outstanding for?",
    "Who is the director of children's services at Cheshire West?",
    "What did Ofsted tell Cheshire West to improve?",
    "Which council was rated outstanding overall?",
]
ALL = "All councils"
CSS = """
.gradio-container {max-width: 1100px !important; margin: auto;}
#sources {font-size: 0.9em;}
"""


def _esc(text: str) -> str:
    """Article text is shown as text: HTML and script inside a document never run."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _history_for_qa(messages: list) -> list[dict]:
    """Chat turns as `ask()` takes them: user questions and answers, without citation boxes."""
    out = []
    for m in messages or []:
        m = m if isinstance(m, dict) else {"role": getattr(m, "role", ""), "content": getattr(m, "content", ""),
                                           "metadata": getattr(m, "metadata", None)}
        if (m.get("metadata") or {}).get("title"):
            continue
        content = m.get("content")
        if isinstance(content, list):  # gradio 6 may hold [{"type": "text", "text": ...}]
            content = " ".join(c.get("text", "") for c in content if isinstance(c, dict))
        if m.get("role") in ("user", "assistant") and isinstance(content, str) and content.strip():
            out.append({"role": m["role"], "content": content})
    return out


def _sources_markdown(answer) -> str:
    if not answer.sources:
        return "*No passages retrieved.*"
    rows = ["**Passages retrieved for this answer** (fused retrieval score)", ""]
    for i, s in enumerate(answer.sources[:6], 1):
        when = f", {s.date}" if s.date else ""
        rows.append(f"{i}. `{s.score:.3f}` **{_esc(s.title)}** ({_esc(s.council)}{_esc(when)})  \n"
                    f"   {_esc(s.text[:280])}{'…' if len(s.text) > 280 else ''}")
    return "\n".join(rows)


INSPECTION_HEADERS = ["Council", "Date", "Overall", "Areas", "Article"]
PICK_ARTICLE = "*Select a row to read its article.*"


def _inspection_rows(records: list) -> list[list[str]]:
    """One table row per inspection record: council, date, overall grade, areas, headline."""
    return [[r.council.value if r.council else "?", r.when or "undated", r.overall.value if r.overall else "?",
             "; ".join(f"{a.area} {a.grade}" for a in r.areas) or "-", r.headline or r.source] for r in records]


def _selected_record(records: list, row_value: list | None, index):
    """The record behind a selected table row: by the row's values (so a sorted table still
    finds it), else by its position."""
    rows = _inspection_rows(records)
    if row_value is not None:
        wanted = [str(v) for v in row_value]
        for record, row in zip(records, rows):
            if row == wanted:
                return record
    position = index[0] if isinstance(index, (list, tuple)) and index else index
    return records[position] if isinstance(position, int) and 0 <= position < len(records) else None


def _article_markdown(record, text: str = "") -> str:
    """An article as the table's reader sees it: what its record says, each fact with the
    sentence it was read from, then the article's text (when `text` is given)."""
    facts = [("Council", record.council), ("Published", record.published), ("Inspected", record.inspected),
             ("Overall grade", record.overall)]
    rows = [f"### {_esc(record.headline or record.source)}", f"`{_esc(record.source)}`", ""]
    for label, fact in facts:
        if fact:
            quote = f" — “{_esc(fact.sentence)}”" if fact.sentence else ""
            rows.append(f"- **{label}:** {_esc(fact.value)}{quote}")
    for a in record.areas:
        rows.append(f"- **{_esc(a.area)}:** {_esc(a.grade)} — “{_esc(a.sentence)}”")
    for e in record.earlier:
        year = f" ({_esc(e.year)})" if e.year else ""
        area = f"{_esc(e.area)} " if e.area else ""
        rows.append(f"- **Earlier{year}:** {area}{_esc(e.grade)} — “{_esc(e.sentence)}”")
    for p in record.people:
        rows.append(f"- **{_esc(p.name)}**{', ' + _esc(p.role) if p.role else ''} — “{_esc(p.sentence)}”")
    if text:
        rows += ["", "---", "", _esc(text)]
    return "\n".join(rows)


def article_text(index, source: str) -> str:
    """An indexed article's text, rebuilt from its chunks (their overlaps removed)."""
    chunks = sorted((c for c in index.chunks().values() if c.metadata.get("source") == source),
                    key=lambda c: (c.metadata.get("chunk", 0), c.metadata.get("start_index", 0)))
    text, end = "", 0
    for c in chunks:
        start = c.metadata.get("start_index", -1)
        if not isinstance(start, int) or start < 0:  # no offsets: show the chunks as they are
            return "\n\n".join(c.page_content for c in chunks)
        body = c.page_content[max(0, end - start):]
        text += ("\n\n" if text and start >= end else "") + body
        end = max(end, start + len(c.page_content))
    return text


def build_app(ask_stream: Callable[..., Iterator] | None = None, councils: list[str] | None = None,
              feedback_path: Path | None = None, inspections: Callable[[], list] | None = None,
              article: Callable[[str], str] | None = None):
    """The chat UI as `gr.Blocks`. Inject `ask_stream` (same contract as `qa.ask_stream`) in tests.

    `inspections()` gives the `index.InspectionRecord`s for the inspections table and
    `article(source)` an article's text for the row a user opens. Both default to the shared
    pipeline's index when `ask_stream` is the default too; next to an injected `ask_stream` the
    table is empty unless `inspections` is injected as well (a test double has no index).
    """
    import gradio as gr

    if ask_stream is None:
        from qa import ask_stream, get_pipeline

        if inspections is None:
            inspections = lambda: get_pipeline().index.records()  # noqa: E731
            article = article or (lambda source: article_text(get_pipeline().index, source))
    inspections = inspections or (lambda: [])
    from qa import Answer, QAError

    feedback_lock = threading.Lock()

    def respond(message: str, messages: list, council: str, answers: list):
        messages = list(messages or [])
        history = _history_for_qa(messages)
        messages.append({"role": "user", "content": message})
        messages.append({"role": "assistant", "content": "…"})
        yield messages, "", gr.update(), answers
        draft, answer = "", None
        try:
            for item in ask_stream(message, history=history or None, council=None if council in (None, "", ALL) else council):
                if isinstance(item, Answer):
                    answer = item
                elif isinstance(item, str):
                    draft += item
                    messages[-1] = {"role": "assistant", "content": _esc(draft)}
                    yield messages, "", gr.update(), answers
        except (QAError, ValueError) as exc:
            messages[-1] = {"role": "assistant", "content": f"⚠️ {_esc(str(exc))}"}
            yield messages, "", gr.update(), answers
            return
        except Exception as exc:  # never a stack trace in the chat
            log.exception("answer failed")
            messages[-1] = {"role": "assistant", "content": f"⚠️ Something went wrong ({_esc(type(exc).__name__)}: "
                                                             f"{_esc(str(exc)[:300])}). Please try again."}
            yield messages, "", gr.update(), answers
            return
        messages[-1] = {"role": "assistant", "content": _esc(answer.text)}
        for c in answer.citations:
            when = f", {c.date}" if c.date else ""
            messages.append({"role": "assistant", "content": f"“{_esc(c.text)}”",
                             "metadata": {"title": _esc(f"[{c.number}] {c.title} — {c.council}{when}"), "status": "done"}})
        answers = answers + [{"question": answer.question, "answer": answer.text,
                              "citations": [{"number": c.number, "source": c.source, "text": c.text}
                                            for c in answer.citations], "refused": answer.refused}]
        yield messages, "", _sources_markdown(answer), answers

    def on_like(data: gr.LikeData, answers: list):
        text = data.value if isinstance(data.value, str) else json.dumps(data.value, ensure_ascii=False)
        match = next((a for a in reversed(answers) if html.unescape(a["answer"])[:60] in html.unescape(str(text))), None)
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "liked": bool(data.liked),
                  **(match or {"answer": str(text)})}
        path = feedback_path
        if path is None:
            from settings import Settings

            path = Settings.from_env().feedback_path
        with feedback_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        gr.Info("Thanks — feedback saved.")

    def open_article(evt: gr.SelectData):
        record = _selected_record(inspections(), evt.row_value, evt.index)
        if record is None:
            return PICK_ARTICLE
        return _article_markdown(record, article(record.source) if article else "")

    with gr.Blocks(title="Ofsted inspections Q&A") as demo:
        gr.Markdown("## Ask the Ofsted inspection articles\nAnswers come only from news articles about "
                    "Ofsted inspections of children's services in " + ", ".join(councils or []) +
                    ". Every sentence cites its passage; open a citation to read it.")
        answers = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=480, sanitize_html=True, render_markdown=True,
                                     feedback_options=("Like", "Dislike"), elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(placeholder="Ask about an inspection, e.g. Which areas did Warrington get "
                                                 "outstanding for?", show_label=False, scale=5, elem_id="question",
                                     max_length=2000, submit_btn=True)
                with gr.Row():
                    council = gr.Dropdown([ALL] + (councils or []), value=ALL, label="Council", scale=2)
                    clear = gr.Button("Clear chat", scale=1)
                gr.Examples(EXAMPLES, inputs=[box], label="Try")
            with gr.Column(scale=2):
                sources = gr.Markdown("*Sources for the current answer appear here.*", elem_id="sources")
        with gr.Accordion("Inspections in the articles", open=False, elem_id="inspections-panel"):
            # a callable value is read again on every page load, so a rebuilt index shows
            table = gr.Dataframe(lambda: _inspection_rows(inspections()), headers=INSPECTION_HEADERS,
                                 interactive=False, wrap=True, column_widths=["17%", "9%", "11%", "33%", "30%"],
                                 show_label=False, elem_id="inspections")
            article_view = gr.Markdown(PICK_ARTICLE, elem_id="article")
        box.submit(respond, [box, chatbot, council, answers], [chatbot, box, sources, answers], api_name="ask")
        clear.click(lambda: ([], "", "*Sources for the current answer appear here.*", []), None,
                    [chatbot, box, sources, answers], queue=False, api_name=False)
        chatbot.like(on_like, [answers], None, api_name=False)
        table.select(open_article, None, article_view, api_name=False)
    demo.queue(default_concurrency_limit=4)
    return demo


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Chat with the Ofsted inspection articles in a browser.")
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1; 0.0.0.0 exposes it)")
    parser.add_argument("--port", type=int, help="port (default 7860)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from qa import get_pipeline
    from settings import Settings

    settings = Settings.from_env(host=args.host, port=args.port)
    pipeline = get_pipeline(settings)
    if not pipeline.index.exists():
        print(f"Building the index from {settings.corpus_dir} (first start only)…", flush=True)
    pipeline.prepare(progress=True)
    print("Starting the language model…", flush=True)
    pipeline.llm.chat_model()
    from qa import ask_stream as qa_ask_stream

    demo = build_app(lambda q, history=None, council=None: qa_ask_stream(q, history, council, settings=settings),
                     councils=pipeline.councils(), feedback_path=settings.feedback_path,
                     inspections=pipeline.index.records, article=lambda source: article_text(pipeline.index, source))
    # SIGTERM (systemd, docker stop, `kill`) exits like Ctrl-C, so atexit stops the model server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if settings.host not in ("127.0.0.1", "localhost") and not settings.auth:
        log.warning("Serving on %s without a login: set OFSTED_QA_AUTH=user:password", settings.host)
    demo.launch(server_name=settings.host, server_port=settings.port, share=False, auth=settings.auth,
                show_error=False, css=CSS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
