"""The HTTP service, tested with a real HTTP client against `plan-extract serve` run as a
subprocess on a free port: /healthz, the same plan.json as the CLI, the CLI's error for bad input,
the limits (upload size), the OpenAPI document."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests", reason="requests (a dev dependency) is the HTTP client")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
BAD = ROOT / "tests" / "corpus" / "bad"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from _serve(tmp_path_factory, "--jobs", "2", "--timeout", "120", "--max-upload", "5",
                      "--queue-wait", "120")


def _serve(tmp_path_factory, *options):
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "plan_extract", "serve", "--host", "127.0.0.1", "--port", str(port),
             *options], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start: " + log.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plan_extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_healthz(server):
    from plan_extract import __version__
    r = requests.get(server + "/healthz", timeout=10)
    assert r.status_code == 200 and r.json() == {"status": "ok", "version": __version__}


@pytest.mark.parametrize("name", ["mini_example.pdf", "seed000_sct_hatinh.docx"])
def test_extract_gives_the_same_plan_as_the_cli(server, tmp_path, name):
    from plan_extract.output.validate import validate_instance
    r = cli("extract", CORPUS / name, "-o", tmp_path / "out", "--no-ocr")
    assert r.returncode == 0, r.stderr
    want = (tmp_path / "out" / Path(name).stem / "plan.json").read_bytes()
    with open(CORPUS / name, "rb") as f:
        resp = requests.post(server + "/v1/extract", files={"file": (name, f)}, data={"ocr": "false"},
                             timeout=300)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.content == want
    assert validate_instance("plan", resp.json()) == []


@pytest.mark.parametrize("name", ["truncated", "empty", "encrypted", "image_renamed"])
def test_bad_input_is_4xx_with_the_clis_code_and_message(server, tmp_path, name):
    path = BAD / f"{name}.pdf"
    r = cli("extract", path, "-o", tmp_path / "out", "--no-ocr")
    assert r.returncode == 1
    prefix = f"{path}: lỗi: "
    assert r.stderr.startswith(prefix)
    code, message = r.stderr[len(prefix):].strip().split(": ", 1)
    with open(path, "rb") as f:
        resp = requests.post(server + "/v1/extract", files={"file": (path.name, f)}, timeout=120)
    assert resp.status_code == 422, resp.text
    assert resp.json() == {"error": {"code": code, "message": message}}


def test_request_errors(server):
    r = requests.post(server + "/v1/extract", data={"ocr": "false"}, timeout=30)
    assert r.status_code == 400 and r.json()["error"]["code"] in ("missing-file", "bad-request")
    r = requests.post(server + "/v1/extract", files={"other": ("x.pdf", b"%PDF")}, timeout=30)
    assert r.status_code == 400 and r.json()["error"]["code"] == "missing-file"
    with open(CORPUS / "mini_example.pdf", "rb") as f:
        r = requests.post(server + "/v1/extract", files={"file": ("a.pdf", f)}, data={"ocr": "maybe"},
                          timeout=30)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad-setting"
    # over the upload limit (5 MiB here): 413, whether the length is declared or streamed
    big = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
    r = requests.post(server + "/v1/extract", files={"file": ("big.pdf", big)}, timeout=60)
    assert r.status_code == 413 and r.json()["error"]["code"] == "upload-too-large"
    r = requests.post(server + "/v1/extract", data=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                      headers={"content-type": "multipart/form-data; boundary=x"}, timeout=60)
    assert r.status_code == 413
    assert requests.get(server + "/v1/extract", timeout=10).status_code == 405
    # the server is still well after all that
    assert requests.get(server + "/healthz", timeout=10).status_code == 200


def test_a_staff_unit_file_is_applied(server, tmp_path):
    units = ("units:\n  - name: Phòng Văn hóa, Thông tin và Thể thao của xã\n"
             "    aliases: [Phòng Văn hoá - Xã hội]\n").encode("utf-8")
    with open(CORPUS / "mini_example.pdf", "rb") as f:
        r = requests.post(server + "/v1/extract", files={"file": ("mini_example.pdf", f),
                                                         "units": ("units.yaml", units)},
                          data={"ocr": "false"}, timeout=300)
    assert r.status_code == 200, r.text
    leads = {u for t in r.json()["tasks"] for u in (t["lead"] or [])}
    assert "Phòng Văn hóa, Thông tin và Thể thao của xã" in leads, leads
    with open(CORPUS / "mini_example.pdf", "rb") as f:
        r = requests.post(server + "/v1/extract", files={"file": ("mini_example.pdf", f),
                                                         "units": ("units.yaml", b"units: [\n")},
                          timeout=60)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad-units"


def test_openapi_document(server):
    r = requests.get(server + "/openapi.json", timeout=10)
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.1")
    assert {"/healthz", "/v1/extract"} <= set(doc["paths"])
    post = doc["paths"]["/v1/extract"]["post"]
    assert "file" in post["requestBody"]["content"]["multipart/form-data"]["schema"]["required"]
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Plan"}
    # every reference resolves inside the document
    text = json.dumps(doc)
    import re
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in doc["components"]["schemas"], ref
    assert "$defs" not in text
    # the Plan schema there validates a real plan
    from jsonschema import Draft202012Validator
    plan = json.loads((ROOT / "tests" / "corpus" / "gold" / "mini_example.json").read_text(encoding="utf-8"))
    schema = {**doc["components"]["schemas"]["Plan"], "components": doc["components"]}
    schema = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/components/schemas/"))
    errors = list(Draft202012Validator(schema).iter_errors(plan))
    assert errors == [], errors[:3]


def test_time_limit_and_concurrency_limit(tmp_path_factory):
    """One worker, a 5 s time limit, 0.3 s of queue: an OCR job is stopped at the limit (504)
    and a second request arriving meanwhile is turned away (503, Retry-After)."""
    import threading
    from plan_extract.readers.pdf import ocr_available
    if not ocr_available():
        pytest.skip("tesseract is not installed: no slow (OCR) request to time out")
    scan = CORPUS / "seed002_vpdp_ntm__scan.pdf"
    gen = _serve(tmp_path_factory, "--jobs", "1", "--timeout", "5", "--queue-wait", "0.3")
    base = next(gen)
    try:
        first: dict = {}

        def slow():
            with open(scan, "rb") as f:
                first["r"] = requests.post(base + "/v1/extract", files={"file": (scan.name, f)},
                                           data={"ocr": "true"}, timeout=120)
        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.4)
        with open(CORPUS / "mini_example.pdf", "rb") as f:
            busy = requests.post(base + "/v1/extract", files={"file": ("mini_example.pdf", f)},
                                 data={"ocr": "false"}, timeout=120)
        t.join(120)
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "busy"
        assert int(busy.headers["retry-after"]) >= 1
        r = first["r"]
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout", r.text
        # the killed worker is replaced: the next request is served
        with open(CORPUS / "mini_example.pdf", "rb") as f:
            ok = requests.post(base + "/v1/extract", files={"file": ("mini_example.pdf", f)},
                               data={"ocr": "false"}, timeout=120)
        assert ok.status_code == 200 and ok.json()["tasks"]
    finally:
        gen.close()
