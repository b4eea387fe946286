"""`python -m qa "question"`: print the answer and its numbered sources."""
from __future__ import annotations

import argparse
import json
import logging
import sys

EPILOG = """examples:
  python -m qa "Which areas did Warrington get outstanding for?"
  python -m qa --council Warrington "Who is the council leader?"
  python -m qa --llm openai --llm-url http://127.0.0.1:8080/v1 "What did Ofsted praise?"
  python -m qa --json "Who won the 2018 World Cup?"
environment: OFSTED_QA_LLM, OFSTED_QA_LLM_URL, OFSTED_QA_LLM_MODEL, OPENAI_API_KEY, OFSTED_QA_DATA_DIR,
             OFSTED_QA_CHROMA_URL (see settings.py)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description="Ask the Ofsted articles a question.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("question", nargs="+", help="the question")
    parser.add_argument("--council", help="only use articles about this council")
    parser.add_argument("--llm", help="backend: bundled (default), bundled-1.5b, openai, ollama, fake")
    parser.add_argument("--llm-url", help="server URL for the openai/ollama backends")
    parser.add_argument("--llm-model", help="model name on that server, or a .gguf path for bundled")
    parser.add_argument("--reranker", help="a sentence-transformers CrossEncoder folder or hub name (default: off)")
    parser.add_argument("--no-stream", action="store_true", help="print only the final answer")
    parser.add_argument("--json", action="store_true", help="print the Answer as JSON")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")

    from index.errors import IndexError_
    from settings import Settings

    from . import Answer, QAError, ask_stream

    settings = Settings.from_env(llm=args.llm, llm_url=args.llm_url, llm_model=args.llm_model,
                                 reranker=args.reranker)
    question = " ".join(args.question)
    try:
        answer = None
        live = sys.stdout.isatty() and not (args.no_stream or args.json)
        for item in ask_stream(question, council=args.council, settings=settings):
            if isinstance(item, Answer):
                answer = item
            elif live:
                print(item, end="", flush=True)
        if live:
            print("\n" + "─" * 40)
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False) if args.json else answer.format())
    except (QAError, IndexError_) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
