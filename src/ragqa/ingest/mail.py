"""E-mail: a message saved from a mail program (``.eml``) or a mailbox of them (``.mbox``: a mailing list's archive,
a newsletter folder exported from Thunderbird or Gmail's Takeout), read as the articles they hold.

Why: newsletters and announcements reach people as mail, and a list's archive is where a project's decisions
are written down. Each message is one document: its subject the title, its sender the author, the day it was
sent its date, and its body the text (the HTML part when there is one and it says more than the plain text, read
as a web page is, else, or when the page holds no text, the plain text). In plain text, the lines a reply quotes
("> ...", with the "On ... wrote:" line above them), the signature after "-- ", a mailing list's footer and a
clearsigned message's armour are left out: they are another message's text, or no one's.

Parsing is the standard library's (``email`` with the modern policy: encoded headers, character sets, transfer
encodings, multipart bodies); a mailbox is cut into messages at its "From " lines, as ``mailbox.mbox`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from lxml import etree
from lxml import html as lxml_html

from ragqa.ingest.plain import without_clearsign

SUFFIXES = (".eml", ".mbox")

_FROM_LINE = re.compile(rb"(?:\A|\n)From [^\n]*\n")
"""Where a message of a mailbox begins (mboxo and mboxrd alike: a "From " line at a line's start)."""
_QUOTED = re.compile(r"^[ \t]*>")
_ATTRIBUTION = re.compile(
    r"^.{0,200}\b(?:wrote|writes|schrieb|schreef|a écrit|escribió|escreveu|scrisse|ha scritto)"
    r"(?:\s+(?:on|at|am|le|el|op)\s.{0,60})?\s*:\s*$"
    r"|^(?:am|op)\s.{1,150}\s(?:schrieb|schreef)\s.{1,150}:\s*$",
    re.IGNORECASE,
)
"""The line over a quotation: "On Mon, Jan 15, 2024, Kenji <k@x> wrote:", "Kenji wrote on 16/01/2024 08:02:", and
as mail programs write it in other languages, the name after the verb in German and Dutch ("Am 08.04.24 um 17:00
schrieb Marta Okonkwo:", "Op 8 apr 2024 om 17:00 schreef Marta:", "Le 8 avr. 2024 à 17:00, Marta a écrit :", "El
lun, 8 abr 2024, Marta escribió:", "Marta <m@x> schrieb am Mo., 8. Apr. 2024, 17:00:")."""
_WRAPPED_ATTRIBUTION = re.compile(
    r"^\s*(?:wrote|writes|schrieb|schreef|a écrit|escribió|escreveu|scrisse|ha scritto)\s*:\s*$", re.IGNORECASE
)
"""The attribution's last word on a line of its own, as Gmail wraps "On ..., X <address>" over "wrote:"."""
_FORWARDED = re.compile(r"^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht)\s*-{2,}\s*$", re.I)
"""Where Outlook (or a forward) sets the earlier message under the reply: the rest is another message's text."""
_SIGNATURE = "-- "
_RULE = re.compile(r"^(?:-{5,}|_{5,}|-- ?)\s*$")
_LIST_FOOTER = re.compile(
    r"^(?:to unsubscribe\b|you received this message because you are subscribed to\b"
    r"|[\w.@ -]{1,60} mailing list(?: -- \S+@\S+)?\s*$)",
    re.IGNORECASE,
)
"""The first line of a mailing list's footer: Apache's (ezmlm) "To unsubscribe, e-mail: dev-unsubscribe@...",
Google Groups' "You received this message because you are subscribed to the Google Groups ...", Mailman's
"<list> mailing list" (over its address and ".../listinfo/..." link, or "... -- <address>" in Mailman 3)."""
FOOTER_LINES = 10
"""The most lines a list footer under its rule holds (Mailman 3's, with its archive and code of conduct links);
also the most an HTML newsletter's footer holds (Mailchimp's, with the sender's address)."""
_MAIL_LINK = re.compile(
    r"(?:(?:click here to |please )?(?:view|read|open|see)(?: this| the| it)?(?: e-?mail| newsletter| message| issue)?"
    r"(?: in (?:your|a|the) (?:web )?browser| online| on (?:the|our) (?:web|website)| as a web ?page)"
    r"|(?:view )?(?:the )?web version|(?:having )?(?:trouble|problems?) viewing (?:this|the) (?:e-?mail|message)"
    r"|(?:is )?(?:this )?(?:e-?mail|message) not display(?:ing)? (?:correctly|properly)"
    r"|can'?t see (?:this|the) (?:e-?mail|message|images)"
    r"|forward(?: this(?: e-?mail| newsletter| message)?)? to a friend"
    r"|unsubscribe(?: here| now| from (?:this|our|the) (?:list|newsletter|mailing list))?"
    r"|(?:update|manage|change|edit) (?:your )?(?:(?:e-?mail |subscription |mailing )?(?:preferences|subscriptions?)"
    r"|(?:e-?mail|subscription) settings)"
    r"|why (?:did|do) I (?:get|receive) this|add us to your address book)\W*",
    re.IGNORECASE,
)
"""A link a mail service sets around a newsletter, whole ("View this e-mail in your browser", "View online",
"Having trouble viewing this email?", "Forward to a friend", "Unsubscribe", "Update preferences"): no one's text."""
_MAIL_NOTICE = re.compile(
    r"(?:you(?: are|'re|’re)? receiv(?:ing|ed) this|this (?:e-?mail|message|newsletter) (?:was|is being) sent to"
    r"|to unsubscribe|if you (?:no longer|do not|don'?t|would (?:rather|prefer) not) (?:wish|want|like)? ?to receive"
    r"|want to change how you receive these|you can (?:update your preferences|unsubscribe)\b.{0,40}\b(?:list|e-?mails)"
    r"|our mailing address is|(?:copyright )?(?:©|\(c\)|copyright) ?\d{4}|all rights reserved)",
    re.IGNORECASE,
)
"""How a sentence of a mail service's footer opens: why the reader gets the newsletter, how to stop it, the
sender's address and copyright (Mailchimp's, Substack's, Campaign Monitor's, HubSpot's)."""
_SUBSCRIPTION = re.compile(r"unsubscribe|receiv(?:e|ing|ed) (?:this|these)|was sent to|preferences|subscription", re.I)
"""What a footer of a mail service says somewhere, and a copyright line or a sender's address alone does not."""
_PIECES = re.compile(r"((?<=[.!?])\s+|\s+[|·•]\s+)")
"""Where a line's sentences, or the links a mail service sets in a row ("Unsubscribe | Update preferences"), part."""


@dataclass(frozen=True)
class Message:
    """What one message says: subject, sender (a name, else the address), the day it was sent (ISO), the sender's
    organisation (the ``Organization`` header: a newsletter's publisher), and its body: the HTML part and the plain
    text (quotes and signature left out), either "" when the message has none."""

    subject: str
    sender: str
    sent: str
    organization: str
    html: str
    text: str
    reply: bool = False
    """A reply (``In-Reply-To`` or ``References``): its plain text is read first, since its HTML part quotes the
    message it answers in markup no rule can tell from a newsletter's own quotations."""
    error: str = ""
    """Why the message could not be read (the rest of the mailbox still is)."""


def messages(data: bytes, suffix: str) -> list[Message]:
    """The messages of an ``.eml`` file (one) or an ``.mbox`` file (every one, in order)."""
    raw = [data] if suffix == ".eml" else [part for part in _FROM_LINE.split(data) if part.strip()]
    found = []
    for one in raw:
        try:
            message = BytesParser(policy=policy.default).parsebytes(_unescaped(one) if suffix == ".mbox" else one)
            if not isinstance(message, EmailMessage) or not message.keys():
                found.append(_unreadable(_NO_HEADERS))
            else:
                found.append(_read(message))
        except Exception as exc:  # a header the parser chokes on: that message is skipped, not the mailbox
            found.append(_unreadable(f"cannot be read as a message ({type(exc).__name__}: {exc})"))
    return found


_NO_HEADERS = "is no mail message: it has no headers, such as From:, Subject: and Date:"
"""Why a file of text alone is refused as a message: saved as ``.eml`` without its headers (or no mail at all), it
has no sender, subject or date to read, and read as a message it was titled by its file name."""


def _unreadable(why: str) -> Message:
    return Message("", "", "", "", "", "", error=why)


def _unescaped(raw: bytes) -> bytes:
    """An mboxrd message's body lines as written: ">From " was escaped to keep it from starting a message."""
    return re.sub(rb"(?m)^>(>*From )", rb"\1", raw)


def _read(message: EmailMessage) -> Message:
    subject = " ".join(str(message.get("subject", "") or "").split())
    names = getaddresses([str(message.get("from", "") or "")])
    sender = next((name or address for name, address in names if name or address), "")
    organization = " ".join(str(message.get("organization", "") or "").split())
    sent = ""
    if message.get("date"):
        try:
            sent = parsedate_to_datetime(str(message["date"])).isoformat()
        except (TypeError, ValueError, IndexError):  # a malformed Date header: the message is still read
            sent = ""
    written = _content(message.get_body(preferencelist=("plain",)))
    html = _content(message.get_body(preferencelist=("html",)))
    if html and _adds_nothing(html, written):
        html = ""
    plain = own_text(written)
    reply = bool(message.get("in-reply-to") or message.get("references"))
    return Message(subject, sender, sent, organization, html, plain, reply)


_STRUCTURE = ("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "blockquote")
"""The markup a plain text cannot say as well: headings, lists, tables, code, quotations."""


def _adds_nothing(html: str, plain: str) -> bool:
    """Whether a message's HTML part says no more than its plain text: the same words in the same order, with no
    heading, list, table, code or quotation (``_STRUCTURE``). Then the plain text is read: a mail program sets what
    was typed as HTML with a ``<br>`` at every wrapped line ("... every 30 days and<br>right now we restart ..."),
    each of which read as a paragraph of its own, while the plain text's wrapped lines are joined. A newsletter's
    HTML part, which has headings or says more than its plain one, is still the one read."""
    if not plain.strip():
        return False
    try:
        page = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):  # no element at all ("" or only a comment)
        return False
    if next(page.iter(*_STRUCTURE), None) is not None:
        return False
    for hidden in list(page.iter("head", "style", "script", "title")):
        hidden.drop_tree()
    return _words(" ".join(page.itertext())) == _words(plain)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _content(part: object) -> str:
    """A body part's text in its character set ("" for none); an unknown set or a broken transfer encoding is read
    as UTF-8 with replacement characters rather than lost."""
    if not isinstance(part, EmailMessage):
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _without_list_footer(lines: list[str]) -> list[str]:
    """``lines`` without the footers a mailing list adds at the end of every message: a rule ("-----", "_____",
    or Google Groups' "-- ") over one block of at most ``FOOTER_LINES`` lines opening as a list's footer does
    (``_LIST_FOOTER``) and running to the end. Why: "To unsubscribe, e-mail: dev-unsubscribe@..." was kept in every
    message of an Apache list's archive without a signature and quoted as an answer. A rule over anything else,
    or a footer's words in the middle of a message, stays."""
    while True:
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        footer = None
        for number in range(end - 2, max(end - FOOTER_LINES - 2, -1), -1):
            first = next((n for n in range(number + 1, end) if lines[n].strip()), end)
            block = lines[first:end]  # one block of lines, from the footer's first to the message's last
            if _RULE.match(lines[number]) and _LIST_FOOTER.match(block[0].strip()) and all(map(str.strip, block)):
                footer = number
        if footer is None:
            return lines
        lines = lines[:footer]


SIGNATURE_LINES = 6
"""The most lines a signature under a bare "--" holds: a name, a role, an organisation, an address, a telephone."""


def _bare_signature(lines: list[str]) -> int | None:
    """Where a signature under a line "--" without its space begins (an editor that strips trailing spaces leaves
    "-- " so): the last such line with text above it and at most ``SIGNATURE_LINES`` short lines under it; None
    when there is none. A longer line is a mail's footer when it says why the reader gets the message or how to
    stop it (``_notice``). Why: a national park's e-mail kept "Carrock Fells National Park Authority" under its "--"
    as text, and it was quoted as a whole answer; a food bank's kept "You are receiving this because you signed up
    to hear from us. Unsubscribe: ..." under its address (black-box report bb70, B7)."""
    marks = [n for n, line in enumerate(lines) if line.rstrip() == "--"]
    if not marks or not any(line.strip() for line in lines[: marks[-1]]):
        return None
    under = [line for line in lines[marks[-1] + 1 :] if line.strip()]
    signs = 0 < len(under) <= SIGNATURE_LINES and all(len(line) <= 80 or _notice(line) for line in under)
    return marks[-1] if signs else None


def _notice(line: str) -> bool:
    """Whether ``line`` is a mail service's notice: a sentence of it opening as a footer's does (``_MAIL_NOTICE``)
    and one saying why the reader gets the message or how to stop it (``_SUBSCRIPTION``).

    >>> _notice("You are receiving this because you signed up. Unsubscribe: x.example/u"), _notice("We met at 6.")
    (True, False)"""
    pieces = _PIECES.split(line)[::2]
    return any(map(_is_footer_piece, pieces)) and any(_SUBSCRIPTION.search(piece) for piece in pieces)


def own_text(text: str) -> str:
    """A plain-text body without what it quotes (the "> ..." lines and the "On ..., X wrote:" line over them, also
    wrapped over two lines or written "X wrote on <date>:"), the earlier message Outlook sets under a reply (from
    "-----Original Message-----" on), its signature (from a line "-- " on), the footer a mailing list adds
    (``_without_list_footer``) or the armour and signature of a clearsigned message (``plain.without_clearsign``)."""
    lines = _without_list_footer(without_clearsign(text.replace("\r\n", "\n")).split("\n"))
    if _SIGNATURE in lines:
        lines = lines[: len(lines) - 1 - lines[::-1].index(_SIGNATURE)]
    elif (bare := _bare_signature(lines)) is not None:
        lines = lines[:bare]
    below = next((n for n, line in enumerate(lines) if _FORWARDED.match(line)), None)
    if below is not None and any(line.strip() for line in lines[:below]):  # a reply over the message it answers
        lines = lines[:below]
    kept: list[str] = []
    for number, line in enumerate(lines):
        if _QUOTED.match(line):
            continue
        following = next((later for later in lines[number + 1 :] if later.strip()), "")
        if _ATTRIBUTION.match(line.strip()) and _QUOTED.match(following):
            continue
        if _WRAPPED_ATTRIBUTION.match(following) and _QUOTED.match(
            next((later for later in lines[lines.index(following, number + 1) + 1 :] if later.strip()), "")
        ):
            continue  # "On Mon, Jan 15, 2024 at 9:41 AM Kenji Watanabe <kenji@...>" over "wrote:" over the quote
        if _WRAPPED_ATTRIBUTION.match(line) and _QUOTED.match(following):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def without_boilerplate(markdown: str) -> str:
    """An HTML message's text (as ``formats.extract_html`` reads it) without what a mail service sets around a
    newsletter: a line of its links alone (``_MAIL_LINK``: "View this e-mail in your browser", "Forward to a friend")
    wherever it is, and the footer at its end, from the first such link or notice (``_MAIL_NOTICE``: "You are
    receiving this because ...", "Copyright © 2026 ...") on, when it says how to unsubscribe or why the reader gets
    it and holds no heading and at most ``FOOTER_LINES`` lines (the sender's address among them). Why: a newsletter's
    "View this e-mail in your browser" became a chunk of its own quoted in answers, and "You are receiving this
    because you are a member. Unsubscribe | Update preferences" was read as its last section's text; a plain text's
    list footer is left out alike (``own_text``). The sentence before a footer in its paragraph stays.

    >>> without_boilerplate("View online\\n\\n# News\\n\\nThe cafe opens. You are receiving this as a member.")
    '# News\\n\\nThe cafe opens.'
    """
    lines = markdown.split("\n")
    if (footer := _footer(lines)) is not None:
        number, kept = footer
        lines = [*lines[:number], kept]
    return "\n".join(line for line in lines if not _links_only(line)).strip()


def _footer(lines: list[str]) -> tuple[int, str] | None:
    """Where a mail service's footer begins in ``lines`` (``without_boilerplate``): its first line's number and
    what that line says before it; None for no footer."""
    filled = [number for number, line in enumerate(lines) if line.strip()]
    headed = [number for number in filled if lines[number].lstrip().startswith("#")]
    first = max(filled[-FOOTER_LINES] if len(filled) >= FOOTER_LINES else 0, headed[-1] + 1 if headed else 0)
    for number in range(first, len(lines)):
        parts = _PIECES.split(lines[number])
        below = [piece for line in lines[number + 1 :] for piece in _PIECES.split(line)[::2]]
        for at in range(0, len(parts), 2):
            footer = parts[at::2] + below
            if _is_footer_piece(parts[at]) and any(_is_footer_piece(p) and _SUBSCRIPTION.search(p) for p in footer):
                return number, "".join(parts[: max(at - 1, 0)])
    return None


def _plain(piece: str) -> str:
    """A piece of a line as read, without Markdown's emphasis and escapes."""
    return " ".join(re.sub(r"[*_`\\]", "", piece).split())


def _links_only(line: str) -> bool:
    """Whether a line is a mail service's links alone ("View online | Forward to a friend")."""
    pieces = [plain for part in _PIECES.split(line)[::2] if (plain := _plain(part))]
    return bool(pieces) and all(_MAIL_LINK.fullmatch(piece) for piece in pieces)


def _is_footer_piece(piece: str) -> bool:
    """Whether a sentence or link of a line is a mail service's (``_MAIL_LINK``, ``_MAIL_NOTICE``)."""
    plain = _plain(piece)
    return bool(plain) and bool(_MAIL_LINK.fullmatch(plain) or _MAIL_NOTICE.match(plain))
