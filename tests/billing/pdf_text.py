"""The text of a bill's PDF as WeasyPrint lays it out: every text box of every page, the
page margins (the running footer) included, no-break spaces as plain spaces.

pypdf is not among the development tools: the text is read from WeasyPrint's layout of
the HTML that `cabinet.billing.pdf` turns into the PDF, the step just before its bytes."""

from weasyprint import HTML


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def laid_out_text(html: str) -> str:
    """The pages' text in reading order, one space between two pieces."""
    document = HTML(string=html).render()
    pieces = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            text = getattr(box, "text", None)
            if isinstance(text, str):
                pieces.append(text)
    return plain(" ".join(pieces))


def plain(text: str) -> str:
    """No-break and narrow no-break spaces as plain spaces, runs of spaces as one."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
