"""Matter pages (M1–M10): one module per page family.

lists     the «Dossiers» list and a client's «Dossiers» tab (M7)
create    the creation in steps (M1)
matter    the matter page, its parties' and intervenants' actions, closing, deletion
parties   «Modifier les parties» (M2, M10)
common    helpers and the header context every matter page tab shares
"""

from cabinet.matters.views.common import matter_page_context

__all__ = ["matter_page_context"]
