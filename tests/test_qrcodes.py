"""QR codes: SVG files read back, rasterised and decoded; the URL depends only on the code."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
import zxingcpp
from PIL import Image, ImageDraw

from onewindow.build.pipeline import build_model, read_site_url
from onewindow.check.checker import check_catalog
from onewindow.render import Output, qrcodes
from onewindow.render.qrcodes import QrCodes

SVG = "{http://www.w3.org/2000/svg}"
FOOD = "999901000000XK00101"


def rasterise(svg_path: Path, scale: int = 8) -> Image.Image:
    """Draw segno's SVG (one path of horizontal unit strokes, `M`/`m`/`h`) into a bitmap."""
    root = ET.parse(svg_path).getroot()
    path = root.find(f".//{SVG}path[@class='qrline']")
    assert path is not None, "no QR module path in the SVG"
    size = int(float(root.get("width", "0")) / float(re.search(r"scale\(([\d.]+)\)", ET.tostring(root, "unicode")).group(1)))
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for op, args in re.findall(r"([MmhH])([^MmhH]*)", path.get("d", "")):
        nums = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            end = x + nums[0] if op == "h" else nums[0]
            row = int(y)  # strokes run through the middle of a module row (y + 0.5)
            draw.rectangle([x * scale, row * scale, end * scale - 1, (row + 1) * scale - 1], fill=0)
            x = end
    return image


def decode(svg_path: Path) -> str:
    result = zxingcpp.read_barcode(rasterise(svg_path))
    assert result is not None, f"QR code in {svg_path} could not be decoded"
    return result.text


def _render(catalog_dir: Path, tmp_path: Path, site_url: str = "https://zwfw.example.gov.cn/guide/") -> Output:
    result = check_catalog(catalog_dir)
    assert result.ok, result.errors
    ctx = Output.fresh(tmp_path / "build", tmp_path / "site", site_url)
    WRITTEN[ctx.build_dir] = QrCodes().render(build_model(result.sources), ctx)
    return ctx


WRITTEN: dict[Path, list[Path]] = {}


def test_every_item_and_bundle_gets_a_decodable_qr_of_its_page_url(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    ctx = _render(catalog_dir, tmp_path)
    qr_dir = ctx.docs_dir / "assets" / "qr"
    items = sorted(p.stem for p in (qr_dir / "items").glob("*.svg"))
    assert items == sorted(p.stem for p in (catalog_dir / "items").rglob("*.yml"))
    assert decode(qr_dir / "items" / f"{FOOD}.svg") == f"https://zwfw.example.gov.cn/guide/items/{FOOD}/"
    assert decode(qr_dir / "bundles" / "open-restaurant.svg") == "https://zwfw.example.gov.cn/guide/bundles/open-restaurant/"
    assert len(WRITTEN[ctx.build_dir]) == len(items) + 1


def test_qr_stays_the_same_when_the_item_changes(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    before = (_render(catalog_dir, tmp_path / "a").docs_dir / "assets/qr/items" / f"{FOOD}.svg").read_bytes()
    record = catalog_dir / "items" / "scjg" / f"{FOOD}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data.update(name="食品经营许可（新办，改名后）", summary="内容全部改写。", visits=0, visit_reason="")
    data["online"]["depth"] = "Ⅳ级"
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = (_render(catalog_dir, tmp_path / "b").docs_dir / "assets/qr/items" / f"{FOOD}.svg").read_bytes()
    assert before == after


def test_qr_url_follows_the_deployment_site_url(copy_catalog, tmp_path: Path) -> None:
    ctx = _render(copy_catalog("site-mini"), tmp_path, "http://10.1.2.3:8080/zwfw/")
    assert decode(ctx.docs_dir / "assets/qr/items" / f"{FOOD}.svg") == f"http://10.1.2.3:8080/zwfw/items/{FOOD}/"


def test_public_helper_gives_the_url_pdfs_print(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    ctx = _render(catalog_dir, tmp_path)
    catalog = build_model(check_catalog(catalog_dir).sources)
    assert qrcodes.qr_url(ctx, catalog.items[FOOD]) == f"https://zwfw.example.gov.cn/guide/items/{FOOD}/"
    assert qrcodes.qr_url(ctx, catalog.bundles["open-restaurant"]).endswith("/guide/bundles/open-restaurant/")


@pytest.mark.parametrize("url", ["https://zwfw.example.gov.cn/guide/", "https://zwfw.example.gov.cn/guide"])
def test_project_mkdocs_yml_site_url_is_the_qr_base(project_root: Path, tmp_path: Path, url: str) -> None:
    assert read_site_url(project_root / "mkdocs.yml").startswith("https://")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nsite_url: {url}\n", encoding="utf-8")
    assert read_site_url(config) == "https://zwfw.example.gov.cn/guide/"
