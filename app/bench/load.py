"""`cds bench load`: N concurrent chat clients, through gradio_client, against a served UI for a fixed
time — answers per second, latency percentiles and errors, as a user of the chat API sees them."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

API_NAME = "/ask"  # the chat endpoint's api_name in app/interfaces/ui.py
FAILED_MARK = "Something went wrong"  # what the UI shows when answering raised


def load_questions(path: Path) -> list[str]:
    """The questions ("q") of a JSONL question set."""
    if not path.is_file():
        raise FileNotFoundError(f"no question set at {path}; pass --questions QA.jsonl")
    questions = [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not questions:
        raise FileNotFoundError(f"{path} has no questions")
    return questions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 600) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"cds serve exited with status {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # up, asking for a login
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")


@contextlib.contextmanager
def served(settings, log_path: Path):
    """`cds serve` over these settings on a free loopback port, stopped afterwards."""
    port = free_port()
    # The server runs with the command's settings (flags included), on a loopback port of its own.
    env = {**os.environ, **settings.as_environment(), "CDS_HOST": "127.0.0.1", "CDS_PORT": str(port)}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_up(url, proc)
            yield url
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_load(url: str, questions: list[str], clients: int, duration: float, auth=None) -> dict:
    from gradio_client import Client

    # Connecting (fetching the app's config) is not part of the measured time.
    conns = [Client(url, auth=auth, verbose=False) for _ in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(i: int, client) -> None:
        start.wait()
        n = i  # clients start at different questions, so the server sees a mix
        while time.perf_counter() < stop_at[0]:
            q = questions[n % len(questions)]
            n += 1
            t = time.perf_counter()
            try:
                history, _, _ = client.predict(q, [], api_name=API_NAME)
                reply = str(history[-1]["content"]) if history else ""
                error = f"server failed on {q!r}" if (not reply or FAILED_MARK in reply) else None
            except Exception as exc:  # a refused, dropped or timed-out request is an error, not a crash
                error = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - t
            with lock:
                if error:
                    errors.append(error)
                else:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(conns)]
    for th in threads:
        th.start()
    stop_at[0] = time.perf_counter() + duration
    began = time.perf_counter()
    start.wait()
    for th in threads:
        th.join()
    # Requests in flight at the deadline are finished and counted, so the window is until the last one.
    wall = time.perf_counter() - began
    ms = np.asarray(latencies) * 1000
    pct = (lambda p: round(float(np.percentile(ms, p)), 1)) if len(ms) else (lambda p: None)
    return {
        "url": url, "clients": clients, "duration_s": duration, "wall_s": round(wall, 2),
        "answers": len(latencies), "errors": len(errors),
        "answers_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
        "max_ms": round(float(ms.max()), 1) if len(ms) else None,
        "error_samples": sorted(set(errors))[:5],
    }


def render_load(r: dict) -> str:
    lines = [
        f"{r['clients']} clients for {r['duration_s']:.0f}s against {r['url']}",
        f"answers: {r['answers']} ({r['answers_per_s']}/s), errors: {r['errors']}",
        f"latency ms: p50 {r['p50_ms']}, p95 {r['p95_ms']}, p99 {r['p99_ms']}, max {r['max_ms']}",
    ]
    lines += [f"  error: {e}" for e in r["error_samples"]]
    return "\n".join(lines)
