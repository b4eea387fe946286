"""Client/server mode: a real `chroma run` on loopback, ingest and questions against it."""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request

import pytest

from index import Index, StoreUnavailableError

from qa.llm import free_port


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma")
    assert chroma, "the `chroma` command comes with the chromadb package"
    port = free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"`chroma run` did not start on {url}")
            time.sleep(0.3)
    yield url, proc
    proc.terminate()
    proc.wait(30)


def test_ingest_and_ask_against_a_chroma_server(chroma_url, real_pipeline, real_settings):
    from qa import Pipeline

    url, _ = chroma_url
    settings = real_settings.replace(chroma_url=url)
    index = Index(settings)
    first = index.build()
    assert first.added == first.chunks > 20
    again = index.build()
    assert again.added == 0 and again.unchanged == first.chunks
    assert index.stats().chunks == real_pipeline.index.stats().chunks
    # the inspection records live in the server too, the same as in the embedded store
    assert [(r.source, r.council.value if r.council else "") for r in index.records()] == \
        [(r.source, r.council.value if r.council else "") for r in real_pipeline.index.records()]

    # the same retrieval as the embedded store
    for q in ("Warrington outstanding areas", "Telford cabinet member", "Cheshire West 2016 inspection"):
        served = [d.id for d, _ in index.dense_search(q, k=5)]
        embedded = [d.id for d, _ in real_pipeline.index.dense_search(q, k=5)]
        assert served == embedded

    pipeline = Pipeline(settings, llm=real_pipeline.llm)
    answer = pipeline.ask("Which areas did Warrington get outstanding for?")
    assert answer.citations and answer.citations[0].council == "Warrington"


def test_a_stopped_chroma_server_gives_an_error_naming_the_url(chroma_url, real_settings):
    url, proc = chroma_url
    index = Index(real_settings.replace(chroma_url=url))
    index.build()
    proc.terminate()
    proc.wait(30)
    with pytest.raises(StoreUnavailableError, match=url.replace(".", r"\.")):
        index.dense_search("Warrington", k=3)
