"""The store: incremental and idempotent builds, settings record, errors that say what to do."""
import time

import pytest

from index import EmptyCorpusError, Index, IndexMismatchError, StoreUnavailableError, UnknownEmbedderError, get_embeddings
from settings import Settings


def count_ids(index: Index) -> tuple[int, int]:
    ids = index.collection().get(include=[])["ids"]
    return len(ids), len(set(ids))


def test_build_is_incremental_and_idempotent(fake_settings):
    index = Index(fake_settings)
    first = index.build()
    assert first.added == first.chunks > 20 and first.documents == 5
    t = time.perf_counter()
    again = index.build()
    assert again.added == 0 and again.deleted == 0 and again.unchanged == first.chunks
    assert time.perf_counter() - t < 2.0
    # change one article, delete another, add a new one
    corpus = fake_settings.corpus_dir
    telford = corpus / "telford-wrekin-outstanding.txt"
    telford.write_text(telford.read_text() + "\nA new closing sentence about the council.\n")
    (corpus / "cheshire-west-good-rating-maintained.txt").unlink()
    (corpus / "leeds.md").write_text("---\ncouncil: Leeds\ntitle: Leeds\n---\nLeeds was rated good by Ofsted.\n")
    third = index.build()
    assert third.added >= 2 and third.deleted >= 4
    total, unique = count_ids(index)
    assert total == unique == third.chunks
    sources = {d["source"] for d in index.documents()}
    assert "cheshire-west-good-rating-maintained.txt" not in sources and "leeds.md" in sources


def test_bad_files_do_not_lose_indexed_chunks(fake_settings):
    index = Index(fake_settings)
    before = index.build().chunks
    corpus = fake_settings.corpus_dir
    (corpus / "binary.txt").write_bytes(b"\x00\xff" * 500)
    (corpus / "empty.md").write_text("")
    (corpus / "cp1252.txt").write_bytes("Ofsted rated the council “good” in May.".encode("cp1252"))
    report = index.build()
    skipped = dict(report.skipped)
    assert set(skipped) == {"binary.txt", "empty.md"}
    assert any(name == "cp1252.txt" for name, _ in report.warnings)
    assert report.chunks == before + 1 and count_ids(index)[0] == before + 1


def test_index_records_its_settings_and_refuses_others(fake_settings):
    Index(fake_settings).build()
    other = Index(fake_settings.replace(chunk_size=300))
    with pytest.raises(IndexMismatchError, match="python -m index build --rebuild"):
        other.collection()
    report = other.build(rebuild=True)
    assert report.added == report.chunks and other.stats().chunk_size == 300


def test_searches_return_scored_chunks(fake_settings):
    index = Index(fake_settings)
    index.build()
    dense = index.dense_search("Telford Wrekin outstanding", k=3)
    keyword = index.keyword_search("Telford Wrekin outstanding", k=3)
    assert len(dense) == 3 and all(-1 <= s <= 1 for _, s in dense)
    assert keyword[0][0].metadata["council"] == "Telford & Wrekin"
    only = index.keyword_search("outstanding", k=5, where={"council": "Warrington"})
    assert only and all(d.metadata["council"] == "Warrington" for d, _ in only)


def test_empty_corpus_and_missing_index_say_what_to_do(tmp_path):
    (tmp_path / "corpus").mkdir()
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", embedder="hash")
    with pytest.raises(EmptyCorpusError, match="add .txt, .md or .html"):
        Index(settings).build()
    with pytest.raises(IndexMismatchError, match="python -m index build"):
        Index(settings).collection()


def test_unwritable_data_dir_names_the_path(tmp_path, fake_settings):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings = fake_settings.replace(data_dir=blocker / "data")
    with pytest.raises(StoreUnavailableError, match=str(blocker)):
        Index(settings).build()


def test_unreachable_chroma_server_names_the_url(fake_settings):
    settings = fake_settings.replace(chroma_url="http://127.0.0.1:9")
    with pytest.raises(StoreUnavailableError, match="127.0.0.1:9"):
        Index(settings).build()


def test_unknown_embedder_lists_the_registered_ones():
    with pytest.raises(UnknownEmbedderError, match="minilm"):
        get_embeddings("no-such-embedder")


def test_bundled_embedder_is_real_and_offline():
    emb = get_embeddings("minilm")
    a, b, c = emb.embed_documents(["Ofsted rated the council good", "The inspectors judged it good",
                                   "The football match ended in a draw"])
    dot = lambda x, y: sum(p * q for p, q in zip(x, y))  # noqa: E731
    assert len(a) == 384 and dot(a, b) > dot(a, c)
    # the same model by path (how a user names another sentence-transformers model)
    from index.embeddings import bundled_minilm_path

    by_path = get_embeddings(str(bundled_minilm_path()))
    assert abs(dot(by_path.embed_query("Ofsted rated the council good"), a) - 1) < 1e-4


def test_cli_build_and_stats(fake_settings, capsys):
    from index.__main__ import main

    env_args = ["--data-dir", str(fake_settings.data_dir), "--embedder", "hash"]
    assert main(env_args + ["build", str(fake_settings.corpus_dir), "--quiet"]) == 0
    assert "5 articles" in capsys.readouterr().out
    assert main(env_args + ["stats"]) == 0
    out = capsys.readouterr().out
    assert "Warrington" in out and "2016-02-19" in out


def test_cli_stats_prints_the_inspection_records(fake_settings, capsys):
    from index.__main__ import main

    env_args = ["--data-dir", str(fake_settings.data_dir), "--embedder", "hash"]
    assert main(env_args + ["build", str(fake_settings.corpus_dir), "--quiet"]) == 0
    capsys.readouterr()
    assert main(env_args + ["stats"]) == 0
    out = capsys.readouterr().out
    table = out[out.index("5 inspection records:"):].splitlines()[1:]
    assert table[0].split() == ["council", "date", "overall", "areas", "source"]
    rows = {line.split()[-1]: line for line in table[1:]}
    assert len(rows) == 5
    telford = rows["telford-wrekin-outstanding.txt"]
    assert telford.strip().startswith("Telford & Wrekin") and " outstanding " in telford
    assert "children in care outstanding" in rows["warrington-good-with-two-outstanding-areas.txt"]


def test_stats_cuts_a_long_list_of_areas_at_a_whole_item():
    from index import InspectionRecord
    from index.__main__ import areas_summary
    from index.records import AreaGrade

    record = InspectionRecord(source="a.txt", areas=[AreaGrade("help and protection", "good"),
                                                     AreaGrade("children in care", "outstanding"),
                                                     AreaGrade("care leavers", "good")])
    full = "help and protection good; children in care outstanding; care leavers good"
    assert areas_summary(record, width=200) == full
    assert areas_summary(record, width=40) == "help and protection good; +2 more"
    assert areas_summary(InspectionRecord(source="b.txt")) == "-"


def test_very_long_lines_are_chunked_to_size(fake_settings):
    line = " ".join(f"word{i}" for i in range(40_000))  # ~300 KB on one line, no full stops
    (fake_settings.corpus_dir / "long-line.txt").write_text(f"Long line article\n{line}\n")
    index = Index(fake_settings)
    report = index.build()
    assert not report.skipped
    sizes = [len(d.page_content) for d in index.chunks().values()]
    assert max(sizes) <= fake_settings.chunk_size


def test_unchanged_files_are_not_parsed_again(fake_settings, monkeypatch):
    import index.corpus as corpus

    index = Index(fake_settings)
    first = index.build()
    parsed = []
    real = corpus.load_file
    monkeypatch.setattr(corpus, "load_file", lambda path, root=None: parsed.append(path.name) or real(path, root))
    again = index.build()
    assert parsed == [] and again.documents == first.documents and again.unchanged == first.chunks
    telford = fake_settings.corpus_dir / "telford-wrekin-outstanding.txt"
    telford.write_text(telford.read_text() + "\nOne more sentence.\n")
    third = index.build()
    assert parsed == ["telford-wrekin-outstanding.txt"] and third.added >= 1
    total, unique = count_ids(index)
    assert total == unique == third.chunks


def test_int8_onnx_embedder_agrees_with_the_bundled_model(tmp_path):
    """The int8 export is made locally from the bundled weights and matches them closely."""
    import numpy as np

    from index.chunking import chunk_documents, embedding_text
    from index.corpus import load_corpus
    from settings import ROOT

    texts = [embedding_text(c) for c in chunk_documents(load_corpus(ROOT / "corpus").documents)]
    int8 = get_embeddings("minilm-int8", Settings().cache_dir)
    a, b = np.array(int8.embed_documents(texts)), np.array(get_embeddings("minilm").embed_documents(texts))
    cos = (a * b).sum(1)
    assert cos.mean() >= 0.99 and cos.min() >= 0.97


def test_a_round_up_files_each_councils_part_under_it_and_a_rewrite_drops_a_part_gone(fake_settings):
    roundup = fake_settings.corpus_dir / "roundup.txt"
    part = ("Brindlecote: out of the bottom grade\n\nBrindlecote City Council is no longer rated inadequate. "
            "Inspectors judged its children's services to require improvement to be good in a report published "
            "on 27 March 2025. Caseloads have fallen to 18 and the council has recruited 40 permanent social "
            "workers since the last inspection, with fewer agency staff than at any time in five years.\n\n")
    roundup.write_text("Ofsted round-up: Oakhollow and Brindlecote\n\nTwo councils heard from Ofsted this month.\n\n"
                       "Oakhollow: good at last\n\nOakhollow Borough Council has been rated good. The inspection ran "
                       "from 13 to 24 January 2025. Inspectors praised the council's early help hubs, its work with "
                       "children in care and a social work academy that has halved staff turnover in three years. "
                       "The director of children's services said the result belonged to frontline staff, and the "
                       "council leader promised that the children's budget would be protected next year.\n\n" + part)
    index = Index(fake_settings)
    index.build()
    keys = {r.key: r.council.value for r in index.records() if r.source == "roundup.txt"}
    assert sorted(keys.values()) == ["Brindlecote", "Oakhollow"] and len(keys) == 2
    councils = {c.metadata["council"] for c in index.chunks().values() if c.metadata["source"] == "roundup.txt"}
    assert councils == {"Oakhollow", "Brindlecote"}
    roundup.write_text(roundup.read_text().replace(part, ""))
    index.build()
    assert [r.council.value for r in index.records() if r.source == "roundup.txt"] == ["Oakhollow"]
