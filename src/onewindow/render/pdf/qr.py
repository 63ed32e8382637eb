"""QR codes drawn as vector rectangles (sharp at any print size, no raster image in the PDF)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable

from onewindow.render.qrcodes import modules


class QrCode(Flowable):
    """A square QR code of `size` points (quiet zone included) encoding `data`."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.size = size
        # Level M survives a crease or a smudge on a printed counter form.
        self._rows = modules(data)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self._rows)
        module = self.size / count
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(self._rows):
            y = self.size - (r + 1) * module
            start = None
            for c, dark in enumerate([*row, False]):  # sentinel closes the last run
                if dark and start is None:
                    start = c
                elif not dark and start is not None:
                    # One rectangle per horizontal run keeps the PDF small; the slight
                    # vertical overlap avoids hairline gaps between rows in some viewers.
                    path.rect(start * module, y - 0.01, (c - start) * module, module + 0.02)
                    start = None
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
