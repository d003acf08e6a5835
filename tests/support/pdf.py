"""Reading a PDF the product rendered, as a person opening it would (poppler-utils:
pdffonts, pdftotext, pdfinfo, pdftoppm — installed by scripts/system_deps.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"


def _tool(name: str, *args: str, data: bytes) -> str:
    path = ARTEFACTS / "in.pdf"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    binary = shutil.which(name)
    assert binary, f"{name} (poppler-utils) is installed by scripts/system_deps.sh"
    tail = [str(path), "-"] if name == "pdftotext" else [str(path)]  # text to stdout
    done = subprocess.run([binary, *args, *tail], capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode("utf-8", "replace")


def pdf_fonts(data: bytes) -> list[str]:
    """The embedded fonts' names (`pdffonts`): only fonts marked emb=yes."""
    lines = _tool("pdffonts", data=data).splitlines()[2:]
    return [line.split()[0] for line in lines if " yes " in line]


def pdf_text(data: bytes) -> str:
    """The text of every page, without the spaces pdftotext puts or drops between glyphs."""
    return "".join(_tool("pdftotext", data=data).split())


def pdf_pages(data: bytes) -> int:
    info = _tool("pdfinfo", data=data)
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def page_png(data: bytes, name: str) -> Path:
    """Page 1 as a PNG kept under var/test-artefacts (to look at)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTEFACTS / f"{name}.pdf"
    source.write_bytes(data)
    binary = shutil.which("pdftoppm")
    assert binary
    subprocess.run([binary, "-r", "70", "-f", "1", "-l", "1", "-png", "-singlefile",  # noqa: S603
                    str(source), str(ARTEFACTS / name)], check=True)  # fmt: skip
    return ARTEFACTS / f"{name}.png"
