"""Reading generated PDFs back: text, fonts, rasterised pages and QR codes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import zxingcpp
from PIL import Image

PREVIEWS = Path(__file__).resolve().parents[1] / "build" / "previews"


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]


def squash(text: str) -> str:
    """Text without whitespace: wrapped cells split names over lines."""
    return re.sub(r"\s+", "", text)


def all_text(pdf: Path) -> str:
    return squash("".join(page_texts(pdf)))


def fonts(pdf: Path) -> list[dict]:
    """Every font dictionary used by any page (descendant fonts of Type0 fonts included)."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object() if font_dict else {}).values():
            font = ref.get_object()
            found.append(font)
            found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return found


def unembedded_fonts(pdf: Path) -> list[str]:
    """Base names of fonts whose outlines are not in the file (e.g. standard-14 Helvetica)."""
    missing = []
    for font in fonts(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # outlines live in the descendant font, checked separately
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font.get("/BaseFont")))
    return missing


def rasterise(pdf: Path, out_dir: Path, page: int = 1, dpi: int = 150) -> Path:
    """Page `page` as PNG through poppler's pdftoppm (what a print preview would show)."""
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is part of the project's set-up"
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{pdf.stem}-p{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(prefix)], check=True, capture_output=True)
    return prefix.with_suffix(".png")


def decode_qr(png: Path) -> list[str]:
    with Image.open(png) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]


def save_preview(png: Path, name: str) -> Path:
    """Keep page previews under build/previews/ for a human look at the printed form."""
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    target = PREVIEWS / f"{name}.png"
    shutil.copyfile(png, target)
    return target
