"""The version of the names room's keys, stored with every key computed from them."""

from __future__ import annotations

import hashlib
from functools import cache

from ridni.names.keys import latin_key

__all__ = ["NAMES_VERSION", "key_fingerprint"]

# Bump when any key function's output changes, so stored keys can be recomputed.
NAMES_VERSION = "2"

# Spellings that exercise every folding rule of latin_key; their keys' hash tells a data file
# built by another latin_key from the current one.
_PROBE_TEXT = (
    "Олександр Oleksandr Alexander Olexandr Юлія Iouliia Julija Сергій Serguei Григорій "
    "Hryhorii Євгенія Yevheniia Щербина Szczerbyna Schtscherbina Chtcherbina Ковальчук "
    "Kowaltschuk Kovaltchouk Kowalczuk Соловйов Solovyov Soloviov Ковальов Згурський Zghurskyi "
    "Z·hurs'kyy Zhourskyy Їжакевич Jishakewytsch Mychajlo Chrystyna Tcoi Artyom Мар'яна Іванна "
    "Єнакієве Yenakiieve Короп'є Kouzmine Peter Gennadii Xenia Льоша Андрійович Mar'ine"
)
_PROBES = tuple(_PROBE_TEXT.split())


@cache
def key_fingerprint() -> str:
    """ "names_version=1 latin_key=<16 hex digits>", identifying the current key functions."""
    digest = hashlib.sha256("\n".join(latin_key(p) for p in _PROBES).encode()).hexdigest()
    return f"names_version={NAMES_VERSION} latin_key={digest[:16]}"
