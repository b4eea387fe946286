"""`python -m index build [PATH]` and `python -m index stats`."""
from __future__ import annotations

import argparse
import logging
import sys

from settings import Settings

from . import Index, InspectionRecord
from .errors import IndexError_

EPILOG = """examples:
  python -m index build                 # index ./corpus into ./data (incremental)
  python -m index build ~/articles      # index your own .txt/.md/.html articles
  python -m index build --rebuild       # start over (after changing embedder or chunking)
  python -m index stats
environment: OFSTED_QA_DATA_DIR, OFSTED_QA_CORPUS_DIR, OFSTED_QA_EMBEDDER, OFSTED_QA_CHROMA_URL
"""


AREAS_WIDTH = 60  # characters of the areas column; the rest is counted, not cut mid-word


def areas_summary(record: InspectionRecord, width: int = AREAS_WIDTH) -> str:
    """Areas as "help and protection good; children in care outstanding": whole items, "+N more" past `width`."""
    items = [f"{a.area} {a.grade}" for a in record.areas]
    for n in range(len(items), 0, -1):
        text = "; ".join(items[:n]) + (f"; +{len(items) - n} more" if n < len(items) else "")
        if len(text) <= width or n == 1:
            return text
    return "-"


def print_records(records: list[InspectionRecord]) -> None:
    """The inspection record of each article as a plain-text table, one row per article."""
    print(f"{len(records)} inspection records:")
    if not records:
        return
    header = ("council", "date", "overall", "areas", "source")
    rows = [(r.council.value if r.council else "?", r.when or "undated", r.overall.value if r.overall else "?",
             areas_summary(r), r.source) for r in records]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="Build and inspect the article index.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="where the embedded store lives (default ./data)")
    parser.add_argument("--chroma-url", help="use a Chroma server instead, e.g. http://127.0.0.1:8000")
    parser.add_argument("--embedder", help="registered name (minilm, hash) or sentence-transformers path")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="add new and changed articles, remove deleted ones")
    b.add_argument("path", nargs="?", help="folder of articles (default ./corpus)")
    b.add_argument("--rebuild", action="store_true", help="delete the index and build it again")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("stats", help="what is in the index")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = Settings.from_env(data_dir=args.data_dir, chroma_url=args.chroma_url, embedder=args.embedder)
    index = Index(settings)
    try:
        if args.command == "build":
            report = index.build(args.path, rebuild=args.rebuild, progress=not args.quiet)
            for name, reason in report.skipped:
                print(f"skipped {name}: {reason}", file=sys.stderr)
            print(f"{report.documents} articles, {report.chunks} chunks: {report.added} added, "
                  f"{report.deleted} deleted, {report.unchanged} unchanged in {report.seconds:.2f}s "
                  f"-> {index.location}")
        else:
            s = index.stats()
            print(f"{s.location}: {s.chunks} chunks from {len(s.documents)} articles "
                  f"(embedder {s.embedder}, chunks {s.chunk_size}/{s.chunk_overlap}, schema {s.schema})")
            for d in s.documents:
                when = d["published"] or (f"~{d['sort_date']} (inferred)" if d["sort_date"] else "undated")
                print(f"  {d['council'] or '?':28} {when:20} {d['title'][:70]}")
            print_records(index.records())
    except (IndexError_, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
