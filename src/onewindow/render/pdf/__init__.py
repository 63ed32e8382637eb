"""Printable documents for the front desk, drawn with ReportLab from the resolved model.

One function per document, each taking model objects, the page URL for the QR code and an
output path, so a build can later run them in parallel:

- checklist.write_checklist: the intake checklist of one item (收件清单)
- bundle_checklist.write_bundle_checklist: the checklist of a "一件事" bundle
- notice.write_notice: the one-time notice (一次性告知书) of what is missing
- poster.write_poster: a wall poster of QR codes for a department or a window category
"""
