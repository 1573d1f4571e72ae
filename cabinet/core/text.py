"""Text helpers shared by every app: search normalisation, NUL-free strings."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(value: str) -> str:
    """Lower-case, accent-free, punctuation folded to single spaces.

    «Société Nationale des Chemins-de-Fer» → «societe nationale des chemins de fer».
    """
    lowered = (value or "").lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def search_word(word: str) -> str:
    """A word as C2 searches it: a number loses its leading zeros («000363» → «363»)."""
    if word.isdigit():
        return word.lstrip("0") or "0"
    return word


def search_tokens(query: str) -> list[str]:
    return [token for token in normalize(query).split(" ") if token][:8]
