"""The web UI: a thin Gradio adapter over `qa.ask_stream`. The only module that imports gradio.

    python app.py            # http://127.0.0.1:7860 (OFSTED_QA_HOST / OFSTED_QA_PORT to change)
"""
from __future__ import annotations

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


def build_app(ask_stream: Callable[..., Iterator] | None = None, councils: list[str] | None = None,
              feedback_path: Path | None = None):
    """The chat UI as `gr.Blocks`. Inject `ask_stream` (same contract as `qa.ask_stream`) in tests."""
    import gradio as gr

    if ask_stream is None:
        from qa import ask_stream
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
        box.submit(respond, [box, chatbot, council, answers], [chatbot, box, sources, answers], api_name="ask")
        clear.click(lambda: ([], "", "*Sources for the current answer appear here.*", []), None,
                    [chatbot, box, sources, answers], queue=False, api_name=False)
        chatbot.like(on_like, [answers], None, api_name=False)
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
                     councils=pipeline.councils(), feedback_path=settings.feedback_path)
    # SIGTERM (systemd, docker stop, `kill`) exits like Ctrl-C, so atexit stops the model server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if settings.host not in ("127.0.0.1", "localhost") and not settings.auth:
        log.warning("Serving on %s without a login: set OFSTED_QA_AUTH=user:password", settings.host)
    demo.launch(server_name=settings.host, server_port=settings.port, share=False, auth=settings.auth,
                show_error=False, css=CSS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
