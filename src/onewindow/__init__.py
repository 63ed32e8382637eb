"""onewindow: compile a catalog of government service items into guides, PDFs and QR codes."""
