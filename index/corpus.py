"""Loading and cleaning articles: files in, LangChain `Document`s out.

Owns file reading (txt/md/html, front matter, encodings) and scrape-boilerplate removal.
Knows nothing about chunking, embeddings or the store.
"""
from __future__ import annotations

import hashlib
import html
import html.parser
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document

from .nlp import LIST_MARKER

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_FILE_BYTES = 5_000_000  # a news article is ~5 KB; 5 MB is surely not one article

# Lines that are page furniture, not article text. A line matching STOP ends the article
# (comment forms come after the text); a line matching DROP is removed where it stands.
_STOP = re.compile(r"^\s*(LEAVE A REPLY|Leave a Reply|Leave a comment|Comments?\s*$|Related Posts?\s*$)")
_DROP = re.compile(
    r"^\s*(More from \w+|Please enter your (comment|name|email)( here)?!?|Share this( article)?:?|"
    r"Advertisement|[.·•|\-–—]|Read more:?|Click here to .*)\s*$",
    re.IGNORECASE,
)
# zero-width characters, soft hyphens and control characters (a regex: str.translate with a
# dict is ~10x slower on long texts)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class LoadReport:
    """What `load_corpus` read, and which files it skipped or repaired (with why)."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, what was repaired)
    reused: dict[str, str] = field(default_factory=dict)  # file -> sha, unchanged since last indexed


def clean_text(text: str) -> str:
    """Remove scrape boilerplate and invisible characters; keep the article text verbatim."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ")
    kept: list[str] = []
    for line in text.split("\n"):
        if _STOP.match(line):
            break
        if _DROP.match(line):
            continue
        kept.append(line.rstrip())
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    # A list stays one block with the line that introduces it, so no chunk boundary
    # separates "Areas to improve are:" from the areas.
    cleaned = re.sub(rf"(:|;|\.)?[ \t]*\n\s*\n(?=[ \t]*{LIST_MARKER}\s)",
                     lambda m: (m.group(1) or "") + "\n", cleaned)
    return cleaned.strip()


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split `---` YAML front matter from the body; no front matter gives ({}, text)."""
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"^---[ \t]*\n(.*?)\n---[ \t]*\n?", text, re.DOTALL)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10x
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping of key: value")
    return meta, text[match.end():]


class _HTMLText(html.parser.HTMLParser):
    """Visible text of an HTML page, one block per paragraph; script/style dropped."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            a = dict(attrs)
            name = (a.get("name") or a.get("property") or "").lower()
            if name and a.get("content"):
                self.meta[name] = a["content"]
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(source: str) -> tuple[dict, str]:
    """Visible text and metadata (<title>, <meta name=…>) of an HTML document."""
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    text = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    meta = {}
    if parser.title.strip():
        meta["title"] = html.unescape(parser.title.strip())
    for key in ("council", "published", "inspection", "rating"):
        if parser.meta.get(key):
            meta[key] = parser.meta[key]
    if parser.meta.get("description") and "inspection" not in meta:
        meta["inspection"] = parser.meta["description"]
    return meta, text


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM allowed), else Windows-1252; returns (text, warning)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec), f"decoded as {codec}"
    return data.decode("cp1252", errors="replace"), "not UTF-8; decoded as Windows-1252"


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    odd = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return odd > len(sample) * 0.05


def _default_title(body: str, path: Path) -> str:
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    if 0 < len(first) <= 120 and not first.endswith((".", ":")):
        return first
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def load_file(path: Path, root: Path | None = None) -> tuple[Document | None, str | None, str | None]:
    """Read one article. Returns (document, skip_reason, warning)."""
    name = str(path.relative_to(root)) if root else path.name
    try:
        size = path.stat().st_size
        if size == 0:
            return None, "empty file", None
        if size > MAX_FILE_BYTES:
            return None, f"too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})", None
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})", None
    if _looks_binary(data):
        return None, "binary, not text", None
    text, warning = decode(data)
    try:
        if path.suffix.lower() in (".html", ".htm"):
            meta, body = html_to_text(text)
        else:
            meta, body = parse_front_matter(text)
    except ValueError as exc:
        return None, str(exc), warning
    body = clean_text(body)
    if not body:
        return None, "no article text after cleaning", warning
    meta = {str(k): ("" if v is None else v) for k, v in meta.items()}
    title = str(meta.get("title") or _default_title(body, path))
    metadata = {
        "source": name,
        "title": title,
        "council": str(meta.get("council", "")),
        "inspection": str(meta.get("inspection", "")),
        "rating": str(meta.get("rating", "")),
        "published": str(meta.get("published", "")),
        "date_note": str(meta.get("date_note", "")),
        # sort_date orders articles in time ("latest"); sort_date_inferred marks a guess.
        "sort_date": str(meta.get("sort_date") or meta.get("published") or ""),
        "sort_date_inferred": bool(meta.get("sort_date_inferred", not meta.get("published"))),
        "doc_hash": hashlib.sha256(body.encode()).hexdigest()[:16],
        "file_sha": file_sha(data),  # the raw file: an unchanged file is not parsed again
    }
    return Document(page_content=body, metadata=metadata, id=name), None, warning


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def iter_files(folder: Path):
    """Article files under `folder`, in a stable order."""
    if folder.is_file():
        yield folder
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path


def load_corpus(folder: str | Path, known: dict[str, dict[str, str]] | None = None) -> LoadReport:
    """Load every .txt/.md/.html article under `folder`; bad files are skipped and named.

    `known` maps file name -> {file_sha: doc_hash} for files already indexed: a file whose bytes
    hash to a known sha is listed in `reused` without being parsed again.
    """
    folder = Path(folder)
    if not folder.exists():
        raise FileNotFoundError(f"No corpus at {folder}: give a folder of .txt, .md or .html articles")
    root = folder if folder.is_dir() else folder.parent
    report = LoadReport()
    seen: dict[str, str] = {}
    for path in iter_files(folder):
        name = str(path.relative_to(root))
        if known and name in known:
            try:
                sha = file_sha(path.read_bytes())
            except OSError:
                sha = ""
            doc_hash = known[name].get(sha)
            if doc_hash and doc_hash not in seen:
                seen[doc_hash] = name
                report.reused[name] = sha
                continue
        doc, reason, warning = load_file(path, root)
        if warning:
            report.warnings.append((name, warning))
            log.warning("%s: %s", name, warning)
        if doc is None:
            report.skipped.append((name, reason or "unreadable"))
            log.warning("skipped %s: %s", name, reason)
            continue
        if doc.metadata["doc_hash"] in seen:
            reason = f"duplicate of {seen[doc.metadata['doc_hash']]}"
            report.skipped.append((name, reason))
            log.warning("skipped %s: %s", name, reason)
            continue
        seen[doc.metadata["doc_hash"]] = name
        report.documents.append(doc)
    return report
