"""The optional cross-encoder reranker: a real sentence-transformers CrossEncoder loaded by
folder (built here from the bundled MiniLM, the only transformer at hand offline), and the
evidence order it sets."""
import pytest
from langchain_core.cross_encoders import BaseCrossEncoder

from qa.errors import UnknownRerankerError
from qa.rerank import SentenceTransformerCrossEncoder, get_reranker

from .conftest import fake_pipeline


class NameCrossEncoder(BaseCrossEncoder):
    """A real cross-encoder of one rule: sentences naming `name` are relevant."""

    def __init__(self, name: str):
        self.name, self.pairs = name, []

    def score(self, text_pairs):
        self.pairs += text_pairs
        return [1.0 if self.name in text else 0.0 for _, text in text_pairs]


@pytest.fixture(scope="module")
def cross_encoder_folder(tmp_path_factory):
    from sentence_transformers import CrossEncoder

    from index.embeddings import bundled_minilm_path

    folder = tmp_path_factory.mktemp("cross-encoder")
    CrossEncoder(str(bundled_minilm_path()), num_labels=1).save(str(folder))  # MiniLM + a fresh 1-label head
    return folder


def test_a_cross_encoder_named_by_folder_scores_the_evidence(fake_settings, cross_encoder_folder):
    pipeline, _ = fake_pipeline(fake_settings.replace(reranker=str(cross_encoder_folder)),
                                ["Two of the four judgement areas were outstanding [1]."])
    answer = pipeline.ask("Which areas did Warrington get outstanding for?")
    assert isinstance(pipeline.scorer.reranker, SentenceTransformerCrossEncoder)
    assert answer.citations and not answer.refused
    scores = pipeline.scorer.reranker.score([("q", "a sentence"), ("q", "another")])
    assert len(scores) == 2 and all(0.0 <= s <= 1.0 for s in scores)


def test_the_cross_encoder_decides_the_evidence_order(fake_settings):
    pipeline, fake = fake_pipeline(fake_settings, ["The articles don't say."])
    pipeline.prepare()
    pipeline.scorer.reranker = NameCrossEncoder("Perraton")
    pipeline.ask("What was said about funding in Warrington?")
    assert pipeline.scorer.reranker.pairs  # (question, sentence) pairs were scored
    first_passage = fake.prompts[-1][-1].content.split("\n[2]")[0]
    assert "Perraton" in first_passage


def test_an_unknown_reranker_says_what_to_do(tmp_path):
    assert get_reranker(None) is None and get_reranker("none") is None
    with pytest.raises(UnknownRerankerError, match="OFSTED_QA_RERANKER"):
        get_reranker(str(tmp_path / "no-such-cross-encoder"))
