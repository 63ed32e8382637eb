"""Output targets, in the order they run; each is a `Target` (onewindow.render.target).

QR codes and flowcharts come first because PDFs and pages embed them; the site (MkDocs)
runs last over the generated Markdown in `Output.docs_dir`.
"""

from __future__ import annotations

from onewindow.render.desk import Desk
from onewindow.render.flowcharts import Flowcharts
from onewindow.render.guide import Guide
from onewindow.render.opendata import OpenData
from onewindow.render.pages import Pages
from onewindow.render.pdfs import Pdfs
from onewindow.render.qrcodes import QrCodes
from onewindow.render.searchindex import Search
from onewindow.render.site import Site
from onewindow.render.target import Output, Target

TARGETS: tuple[Target, ...] = (QrCodes(), Flowcharts(), Pdfs(), Guide(), OpenData(), Desk(), Pages(), Search(), Site())

__all__ = ["TARGETS", "Output", "Target"]
