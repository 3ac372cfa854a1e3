"""Regenerates requirements.lock from requirements.in: pip resolves (without installing), every file is pinned by hash.

Run with the Python the edition targets: python3 editions/fastapi/lock.py
"""
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = pathlib.Path(tmp, "report.json")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
                        "--report", str(report), "-r", str(HERE / "requirements.in")], check=True)
        installs = json.loads(report.read_text())["install"]
    lines = ["# The FastAPI edition's dependencies, every one pinned with its hash (pip install --require-hashes).",
             f"# Resolved from requirements.in by lock.py on CPython {sys.version_info.major}.{sys.version_info.minor}, "
             "x86_64 Linux; a Python whose wheels differ needs a new lock."]
    for item in sorted(installs, key=lambda i: i["metadata"]["name"].lower()):
        name, version = item["metadata"]["name"].lower(), item["metadata"]["version"]
        info = item["download_info"]
        digest = info.get("archive_info", {}).get("hashes", {}).get("sha256")
        if digest is None:
            with urllib.request.urlopen(info["url"]) as wheel:
                digest = hashlib.sha256(wheel.read()).hexdigest()
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{digest}")
    (HERE / "requirements.lock").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
