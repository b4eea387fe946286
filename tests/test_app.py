"""The Gradio app: injected `ask` (fast), the real stack through gradio_client, and a real
headless Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import shutil
import time

import pytest

from qa import Answer, Citation, QuestionError, Source
from qa.llm import free_port

from .conftest import ARTIFACTS


def fake_stream(question, history=None, council=None):
    if question.strip() == "boom":
        raise QuestionError("Please type a question about the articles.")
    yield "Draft "
    yield "answer"
    yield Answer(question=question, text=f"Rated <b>good</b> [1]. (history={len(history or [])}, council={council})",
                 citations=[Citation(1, "Quote with <script>alert(1)</script>", "a.txt", "Title", "Leeds", "2020", 0.9)],
                 sources=[Source("Passage", "a.txt", "Title", "Leeds", "2020", 0.5)])


def _text(message) -> str:
    c = message["content"]
    if isinstance(c, list):
        return " ".join(x.get("text", "") for x in c if isinstance(x, dict))
    return str(c)


def launch(demo):
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, quiet=True)
    return f"http://127.0.0.1:{port}/"


def test_api_with_injected_ask_escapes_and_keeps_history(tmp_path):
    from gradio_client import Client

    from app import build_app

    demo = build_app(fake_stream, councils=["Leeds"], feedback_path=tmp_path / "fb.jsonl")
    url = launch(demo)
    try:
        client = Client(url, verbose=False)
        chat, box, sources = client.predict("What rating?", [], "Leeds", api_name="/ask")
        texts = [_text(m) for m in chat]
        joined = " ".join(texts)
        assert "&lt;b&gt;good&lt;/b&gt;" in joined and "<script>" not in joined and "council=Leeds" in joined
        assert any((m.get("metadata") or {}).get("title", "").startswith("[1] Title") for m in chat)
        chat2, _, _ = client.predict("And then?", chat, "All councils", api_name="/ask")
        assert "history=2" in " ".join(_text(m) for m in chat2)
        chat3, _, _ = client.predict("boom", [], "All councils", api_name="/ask")
        assert _text(chat3[-1]).startswith("⚠️ Please type a question")
    finally:
        demo.close()


def _handler(demo, name: str):
    """The function wired to one of the app's events, by its name."""
    return next(f.fn for f in demo.fns.values() if f.name == name)


def _records():
    from index import InspectionRecord
    from index.records import AreaGrade, Fact

    said = "Leeds was rated <b>good</b> overall."
    return [InspectionRecord(source="leeds.txt", headline="Leeds <b>good</b>", council=Fact("Leeds", said),
                             published=Fact("2020-03-01"), overall=Fact("good", said),
                             areas=[AreaGrade("children in care", "outstanding", "Care was outstanding.")]),
            InspectionRecord(source="york.txt", headline="York improves", council=Fact("York", "York council."))]


def test_inspections_table_is_built_from_injected_records_and_opens_an_article(tmp_path):
    import gradio as gr

    from app import build_app

    opened = []
    demo = build_app(fake_stream, councils=["Leeds"], feedback_path=tmp_path / "fb.jsonl", inspections=_records,
                     article=lambda source: opened.append(source) or f"Full text of {source} <script>x</script>")
    table = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "inspections")
    assert table.value["headers"] == ["Council", "Date", "Overall", "Areas", "Article"]
    assert table.value["data"] == [["Leeds", "2020-03-01", "good", "children in care outstanding", "Leeds <b>good</b>"],
                                   ["York", "undated", "?", "-", "York improves"]]

    open_article = _handler(demo, "open_article")
    # the row's values find the record (a user may have sorted the table), else its position
    shown = open_article(gr.SelectData(None, {"index": [0, 1], "value": "York",
                                              "row_value": ["York", "undated", "?", "-", "York improves"]}))
    assert opened == ["york.txt"] and "### York improves" in shown and "Full text of york.txt" in shown
    shown = open_article(gr.SelectData(None, {"index": [0, 3], "value": "x"}))
    assert opened[-1] == "leeds.txt" and "**Overall grade:** good" in shown and "Care was outstanding." in shown
    assert "<script>" not in shown and "<b>" not in shown and "&lt;script&gt;" in shown

    # next to an injected `ask_stream` and no `inspections`, the table is empty (no index is opened)
    bare = build_app(fake_stream, councils=["Leeds"], feedback_path=tmp_path / "fb.jsonl")
    assert next(b for b in bare.blocks.values() if getattr(b, "elem_id", None) == "inspections").value["data"] == []


def test_article_text_joins_chunks_without_their_overlap():
    from langchain_core.documents import Document

    from app import article_text

    class Chunks:
        def chunks(self):
            meta = [("a.txt", 0, 0), ("a.txt", 1, 11), ("b.txt", 0, 0), ("a.txt", 2, 26)]
            texts = ["First one. Second.", "Second. Third.", "Other article.", "Fourth."]
            return {str(i): Document(t, metadata={"source": s, "chunk": n, "start_index": at})
                    for i, (t, (s, n, at)) in enumerate(zip(texts, meta))}

    assert article_text(Chunks(), "a.txt") == "First one. Second. Third.\n\nFourth."
    assert article_text(Chunks(), "missing.txt") == ""


def test_building_the_app_warns_nothing_and_feedback_is_saved(tmp_path):
    """Gradio warns when a handler's event-data annotation does not resolve (and then passes it
    no event data): building the app must print no warning, and 👍 must reach the feedback file."""
    import json
    import warnings

    import gradio as gr

    from app import build_app

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        demo = build_app(fake_stream, councils=["Leeds"], feedback_path=tmp_path / "fb.jsonl", inspections=_records)
    assert not [w for w in caught if issubclass(w.category, (UserWarning, DeprecationWarning))], \
        [str(w.message) for w in caught]

    answers = [{"question": "What rating?", "answer": "Rated good [1].", "citations": [], "refused": False}]
    _handler(demo, "on_like")(gr.LikeData(None, {"index": 1, "value": "Rated good [1].", "liked": True}), answers)
    record = json.loads((tmp_path / "fb.jsonl").read_text())
    assert record["liked"] is True and record["question"] == "What rating?"


@pytest.fixture(scope="module")
def real_app(real_pipeline):
    from app import build_app

    from app import article_text

    demo = build_app(real_pipeline.stream, councils=real_pipeline.councils(),
                     feedback_path=real_pipeline.settings.data_dir / "feedback.jsonl",
                     inspections=real_pipeline.index.records,
                     article=lambda source: article_text(real_pipeline.index, source))
    url = launch(demo)
    yield url
    demo.close()


def test_real_app_api_answers_with_citations(real_app):
    from gradio_client import Client

    client = Client(real_app, verbose=False)
    chat, _, sources = client.predict("Which areas did Warrington get outstanding for?", [], "All councils",
                                      api_name="/ask")
    titles = [(m.get("metadata") or {}).get("title", "") for m in chat]
    assert any(t.startswith("[1]") and "Warrington" in t for t in titles)
    assert "Passages retrieved" in sources


def _browser(playwright):
    """Debian's headless Chromium, with the flags this closed network needs."""
    return playwright.chromium.launch(executable_path=_chromium(), headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"])


def _chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is needed for the browser test: apt-get install chromium")
    return path


@contextlib.contextmanager
def _chat_page(url: str, height: int = 1000):
    """A headless browser on the app's page, the question box ready: (page, box)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": height})
        page.goto(url, wait_until="domcontentloaded")
        box = page.locator("#question textarea")
        box.wait_for(timeout=60_000)
        yield page, box
        browser.close()


def test_browser_chat_streams_cites_and_escapes(real_app):
    with _chat_page(real_app) as (page, box):
        box.fill("Which areas did Warrington get outstanding for?")
        t0 = time.perf_counter()
        box.press("Enter")
        bot = page.locator("#chat .bot")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#chat .bot')].some(e => e.innerText.trim().length > 3 && e.innerText.trim() !== '…')",
            timeout=120_000)
        first_text = time.perf_counter() - t0
        citation = page.get_by_text("[1] ", exact=False).filter(has_text="Warrington").first
        citation.wait_for(timeout=120_000)
        answered = time.perf_counter() - t0
        citation.click()
        page.wait_for_timeout(500)
        body = page.locator("#chat").inner_text()
        assert "two of the four judgement areas" in body
        print(f"\nbrowser: first streamed text {first_text:.2f}s, full answer with citations {answered:.2f}s")
        page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

        # an article carrying <script> and <img onerror>: shown as text, never run
        box.fill("What did inspectors praise about Examplefield's fostering service?")
        box.press("Enter")
        page.get_by_text("Examplefield", exact=False).filter(has_text="[1]").first.wait_for(timeout=120_000)
        for el in page.locator("#chat [class*=title], #chat button").all():
            if "Examplefield" in (el.inner_text() or ""):
                el.click()
        page.wait_for_timeout(500)
        chat_text = page.locator("#chat").inner_text()
        assert "<script>" in chat_text or "<img" in chat_text, chat_text[-800:]
        assert page.evaluate("window.__pwned") is None
        assert bot.count() >= 2
        page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)

        # the inspections table: a row opens its article, whose markup shows as text
        page.locator("#inspections-panel").get_by_text("Inspections in the articles").click()
        table = page.locator("#inspections")
        table.get_by_text("Examplefield", exact=True).first.click()
        page.locator("#article").get_by_text("hostile-examplefield.md").wait_for(timeout=30_000)
        article = page.locator("#article").inner_text()
        assert "knew every child well" in article and "<img" in article, article[:800]
        assert page.evaluate("window.__pwned") is None
        table.get_by_text("Warrington", exact=True).first.click()
        page.wait_for_function("() => document.querySelector('#article').innerText.includes('warrington-')",
                               timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "inspections.png"), full_page=True)


def test_browser_quote_then_who_said_it_then_a_summary(real_app):
    """One chat as a person has it: an answer quoting someone, "Who said that?", a summary."""
    with _chat_page(real_app, height=1100) as (page, box):

        def turn(question: str, n: int, name: str) -> str:
            box.fill(question)
            box.press("Enter")
            page.wait_for_function(
                f"() => [...document.querySelectorAll('#chat .bot')].filter(e => e.innerText.includes('[1]')"
                f" || e.innerText.includes('articles')).length >= {n}", timeout=180_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            return page.locator("#chat .bot").nth(-1).inner_text()

        quoted = turn("What did Amanda Perraton say about the result?", 1, "followup-1-quote.png")
        assert "Perraton" in quoted and "[1]" in quoted
        who = turn("Who said that?", 2, "followup-2-who.png")
        assert "Amanda Perraton" in who and "[1]" in who, who
        summary = turn("Summarise the Warrington inspection", 3, "followup-3-summary.png")
        assert "good overall" in summary and "[2]" in summary, summary


def test_concurrent_clients_all_get_cited_answers_or_refusals(real_app):
    """A bounded version of `python -m bench.load` (16 × 10 in the README)."""
    from bench.load import run_load
    from bench.procmem import tree_rss_mb

    run_load(real_app, clients=1, questions=1)  # warm: the model server starts on first use
    before = tree_rss_mb()
    report = run_load(real_app, clients=4, questions=2, time_limit=300)
    print(report.summary())
    assert not report.errors, report.errors
    assert report.answers == 8 and report.cited + report.refused == 8
    assert report.peak_mb - before < 500, f"memory grew from {before:.0f} MB to {report.peak_mb:.0f} MB under load"


def test_defaults_keep_people_out(real_app, tmp_path):
    """Loopback by default, no file reachable through the server, login when configured."""
    import urllib.error
    import urllib.request

    from gradio_client import Client

    from app import build_app
    from settings import Settings

    assert Settings().host == "127.0.0.1" and Settings().auth is None
    for path in ("file=/etc/passwd", "gradio_api/file=/etc/passwd", "gradio_api/file=../../settings.py"):
        try:
            body = urllib.request.urlopen(real_app + path, timeout=10).read()
        except urllib.error.HTTPError as exc:
            assert exc.code in (403, 404, 405)
        else:
            assert b"root:" not in body and b"OFSTED_QA" not in body

    demo = build_app(fake_stream, councils=["Leeds"], feedback_path=tmp_path / "fb.jsonl")
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                auth=Settings.from_env({"OFSTED_QA_AUTH": "reader:s3cret"}).auth)
    try:
        with pytest.raises(Exception):
            Client(f"http://127.0.0.1:{port}/", verbose=False).predict("What rating?", [], "Leeds", api_name="/ask")
        client = Client(f"http://127.0.0.1:{port}/", auth=("reader", "s3cret"), verbose=False)
        chat, _, _ = client.predict("What rating?", [], "Leeds", api_name="/ask")
        assert "good" in " ".join(_text(m) for m in chat)
    finally:
        demo.close()
