"""A text file's bytes as text, in whatever encoding it was saved.

Most files are UTF-8, but text saved by Windows tools is often UTF-16 with a byte-order mark ("Unicode" in
Notepad) or windows-1252, and older archives hold Latin-1, windows-1251 and the like. Refusing them leaves an
article out of the index for a reason its owner cannot see; reading them as UTF-8 with replacement characters
garbles every accented word. So: a byte-order mark decides; else UTF-8 if the bytes are valid UTF-8; else
charset-normalizer's best guess, ties going to windows-1252 (a superset of Latin-1's printable characters and
the encoding most legacy Western text is in). A file with NUL bytes and no byte-order mark is binary.
"""

from __future__ import annotations

import codecs

_BOMS = (  # UTF-32's little-endian mark starts with UTF-16's, so it is tried first
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = "cp1252"


class NotText(ValueError):
    """The bytes are not text in any encoding that can be told (the message says why)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """``data`` as text and the name of the encoding it was read in ("utf-8" for most files)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise NotText(f"is not valid {name.upper()} after its byte-order mark (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise NotText("looks binary (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        position = exc.start
    from charset_normalizer import from_bytes

    # a guess of UTF-16 or UTF-32 without a byte-order mark is charset-normalizer's for a few bytes of anything
    guesses = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not guesses:  # too chaotic in every encoding: binary data
        raise NotText(f"is not valid UTF-8 (byte {position}) and its encoding cannot be told")
    best = guesses[0]
    tied = [m for m in guesses if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any(_PREFERRED in m.could_be_from_charset for m in tied):  # encodings that read these bytes alike
        try:
            return data.decode(_PREFERRED), _PREFERRED
        except UnicodeDecodeError:  # a byte windows-1252 leaves undefined: the guess as it is
            pass
    return str(best), best.encoding
