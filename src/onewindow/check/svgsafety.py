"""Is an SVG attachment a plain drawing? An allow-list check before it is published.

The site links blank forms and samples directly; opened on its own, an SVG runs with the
site's origin. So an attachment may hold only static drawing elements and attributes, link
only inside itself (`#id`) or to embedded raster images, and load nothing: no scripts, no
event handlers, no animation (an `<animate>` or `<set>` can turn an `href` into `javascript:`),
no `foreignObject`, no CSS `@import` or `url()` to another file, no `<?xml-stylesheet?>`.

The file is parsed with defusedxml (no entity expansion, no external entities or DTDs).
Anything not on the lists below is refused, with the first reason in Chinese.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_SVG_BYTES = 10 * 1024 * 1024

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Editor metadata written by Inkscape, Illustrator and friends: never rendered, never active.
METADATA_NS = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/xap/1.0/",
}

ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata switch a view path rect circle ellipse line polyline
polygon text tspan textPath image linearGradient radialGradient stop pattern clipPath mask
marker style filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG
feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
feSpecularLighting feSpotLight feTile feTurbulence
""".split())  # noqa: SIM905 - a word list reads better

ATTRIBUTES = frozenset("""
id class style lang tabindex version baseProfile viewBox preserveAspectRatio width height x y
x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength transform gradientTransform
gradientUnits patternUnits patternContentUnits patternTransform spreadMethod offset
clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient
filterUnits primitiveUnits in in2 result stdDeviation dx dy rotate textLength lengthAdjust
startOffset method spacing side href mode operator k1 k2 k3 k4 values type tableValues slope
intercept amplitude exponent kernelMatrix order divisor bias targetX targetY edgeMode
kernelUnitLength preserveAlpha scale xChannelSelector yChannelSelector surfaceScale
diffuseConstant specularConstant specularExponent azimuth elevation z pointsAtX pointsAtY
pointsAtZ limitingConeAngle baseFrequency numOctaves seed stitchTiles radius alignment-baseline
baseline-shift clip clip-path clip-rule color color-interpolation color-interpolation-filters
color-rendering cursor direction display dominant-baseline fill fill-opacity fill-rule filter
flood-color flood-opacity font font-family font-size font-size-adjust font-stretch font-style
font-variant font-weight glyph-orientation-horizontal glyph-orientation-vertical
image-rendering letter-spacing lighting-color marker marker-end marker-mid marker-start mask
opacity overflow paint-order pointer-events shape-rendering stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
stroke-opacity stroke-width text-anchor text-decoration text-rendering unicode-bidi
vector-effect visibility word-spacing writing-mode mix-blend-mode isolation space xmlns
enable-background data-name requiredFeatures requiredExtensions systemLanguage focusable role
aria-label aria-hidden aria-labelledby aria-describedby
""".split())  # noqa: SIM905 - a word list reads better

# Raster images embedded in the file itself (scans of filled-in forms).
_IMAGE_DATA = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_ACTIVE = re.compile(r"@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:|image-set\s*\(|"
                         r"@font-face|\bsrc\s*:", re.I)


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of a Clark-notation name."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def css_problem(css: str) -> str:
    """Why a stylesheet or style attribute could load or run something ("" when it cannot)."""
    if "\\" in css:  # CSS escapes (\75rl) can spell any keyword past a text check
        return "的样式中含有反斜杠转义"
    css = _CSS_COMMENT.sub("", css)
    if found := _CSS_ACTIVE.search(css):
        return f"的样式中含有“{found.group().strip()}”"
    if re.search(r"url\(", css, re.I) is None:
        return ""
    for match in _CSS_URL.finditer(css):
        if not match.group(2).strip().startswith("#"):
            return "的样式引用了外部资源（url）"
    if len(_CSS_URL.findall(css)) != len(re.findall(r"url\(", css, re.I)):
        return "的样式引用了外部资源（url）"
    return ""


def _reference_problem(local: str, value: str) -> str:
    value = value.strip()
    if local == "image":
        if value.startswith(_IMAGE_DATA) or value.startswith("#"):
            return ""
        return f"引用了外部图片 {value[:40]}"
    if value.startswith("#") and re.fullmatch(r"#[A-Za-z_][\w.:-]*", value):
        return ""
    return f"含有外部链接 {value[:40]}"


def _element_problem(element: ET.Element) -> str:
    ns, local = _local(str(element.tag))
    if ns in METADATA_NS:
        return ""
    if ns != SVG_NS or local not in ELEMENTS:
        return f"含有不允许的元素 <{local}>"
    for name, value in element.attrib.items():
        attr_ns, attr = _local(name)
        if attr_ns in METADATA_NS:
            continue
        if attr.lower().startswith("on"):
            return f"含有事件属性 {attr}"
        if attr_ns == XLINK_NS and attr in ("href", "title"):
            pass
        elif attr_ns == XML_NS and attr in ("space", "lang"):
            continue
        elif attr_ns or (attr not in ATTRIBUTES and not attr.startswith(("data-", "aria-"))):
            return f"含有不允许的属性 {attr}"
        if attr == "href" and (problem := _reference_problem(local, value)):
            return problem
        if "javascript:" in value.lower().replace(" ", ""):
            return f"的属性 {attr} 含有 javascript:"
        if (attr == "style" or "url(" in value.lower()) and (problem := css_problem(value)):
            return problem
    if local == "style" and (problem := css_problem(element.text or "")):
        return problem
    if local == "style" and len(element):
        return "的 <style> 中含有元素"
    return ""


def svg_danger(path: Path) -> str:
    """Why an SVG would be active content on the site's origin ("" when it is a plain drawing)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SVG_BYTES + 1)
    except OSError:
        return "无法读取"
    if len(raw) > MAX_SVG_BYTES:
        return f"超过 {MAX_SVG_BYTES // 1024 // 1024} MB"
    return svg_bytes_danger(raw)


class _Builder(ET.TreeBuilder):
    """Also records processing instructions outside the root element (<?xml-stylesheet?>)."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> None:
        self.instructions.append(target)


def svg_bytes_danger(raw: bytes) -> str:
    builder = _Builder()
    parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                                     forbid_external=True)
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException:
        return "含有实体声明或外部引用（<!ENTITY>/<!DOCTYPE … SYSTEM>）"
    except (ET.ParseError, ValueError, UnicodeError):
        return "不是有效的 SVG 文件"
    if builder.instructions:
        return f"含有处理指令 <?{builder.instructions[0]}?>"
    if _local(str(root.tag)) != (SVG_NS, "svg"):
        return "不是有效的 SVG 文件（根元素不是 svg）"
    for element in root.iter():
        if problem := _element_problem(element):
            return problem
    return ""
