"""E-mail as corpus documents: a saved message (.eml) or a mailbox (.mbox) read as the articles it holds, with its
subject, sender and date; replies without what they quote; HTML parts read as pages. The messages are built with
the standard library's ``email`` package, as a mail program writes them."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.corpus import read_corpus
from ragqa.ingest.document_store import DocumentInputError, parse_upload
from ragqa.ingest.mail import own_text, without_boilerplate


def message(subject: str, sender: str, date: str, text: str, html: str = "") -> EmailMessage:
    m = EmailMessage()
    m["Subject"], m["From"], m["Date"] = subject, sender, date
    m.set_content(text)
    if html:
        m.add_alternative(html, subtype="html")
    return m


NEWSLETTER = message(
    "Harbour news: café opens",
    "Jane Doe <jane@harbour.example>",
    "Mon, 29 Jun 2020 15:52:00 -0700",
    "The harbour cafe opens on Monday.",
    "<html><body><h1>Harbour news</h1><p>The harbour café opens on Monday at 7 am and serves crème brûlée.</p>"
    "<h2>Ferries</h2><p>The first ferry leaves at 6:10 from the north pier every weekday.</p></body></html>",
)


def test_a_saved_message_is_a_document_with_its_subject_sender_and_date(tmp_path: Path) -> None:
    newsletter = message(NEWSLETTER["Subject"], NEWSLETTER["From"], NEWSLETTER["Date"], "Plain text.", "<p>Rich.</p>")
    newsletter["Organization"] = "Harbour Office"
    (tmp_path / "news.eml").write_bytes(bytes(NEWSLETTER))
    (tmp_path / "office.eml").write_bytes(bytes(newsletter))
    docs, report = read_corpus(tmp_path)
    assert not report.skipped
    doc, office = sorted(docs, key=lambda d: d.doc_id)
    assert office.source == "Harbour Office" and doc.source == ""  # the sender's organisation: a publisher
    assert "Plain text." in office.text  # an HTML part holding no text to read: the plain one
    assert (doc.doc_id, doc.title, doc.author) == ("news.eml", "Harbour news: café opens", "Jane Doe")
    assert doc.published_at == "2020-06-29T15:52:00-07:00"
    assert [s.heading for s in doc.sections] == ["Harbour news", "Ferries"]  # the HTML part, read as a page
    assert "serves crème brûlée" in doc.text


def test_a_subject_is_the_title_whatever_it_ends_with(tmp_path: Path) -> None:
    """ "Bake sale on Friday!" named the message's section after its file and was read as the text's first
    sentence: a plain-text title is no sentence, but a subject is a title whatever it reads like."""
    for name, subject in (("bake.eml", "Bake sale on Friday!"), ("help.eml", "Can you help at the fair?")):
        text = "Hi everyone,\n\nThe bake sale is on Friday 6 December after school."
        (tmp_path / name).write_bytes(bytes(message(subject, "Jo Mallory <jo@x.org>", NEWSLETTER["Date"], text)))
    for doc in read_corpus(tmp_path)[0]:
        (section,) = doc.sections
        assert section.heading == doc.title, doc.doc_id
        assert doc.text[section.start : section.end].strip().startswith("Hi everyone,")  # the title heads it


def test_a_mailbox_gives_a_document_a_message_without_what_replies_quote(tmp_path: Path) -> None:
    reply = message(
        "Re: pier hours",
        "tom@example.org",
        "Tue, 30 Jun 2020 09:00:00 +0000",
        "The north pier closes at 10 pm in summer.\n\nOn Mon, Jun 29, 2020 Ana Silva wrote:\n"
        "> What are the pier hours?\n> Thanks\n\n-- \nTom Berg\nHarbour office, desk 4\n",
    )
    booking = message(
        "Tug booking",
        "Ana Silva <ana@example.org>",
        "Wed, 01 Jul 2020 10:00:00 +0000",
        "Book a tug ahead.\nFrom now on by phone.\n",
    )
    quoted_only = message("Re: Re: pier hours", "ana@example.org", "Wed, 01 Jul 2020 11:00:00 +0000", "> Thanks\n")
    reply["In-Reply-To"] = "<1@example.org>"
    reply.add_alternative(
        "<p>The north pier closes at 10 pm in summer.</p><blockquote class='gmail_quote'>What are the pier hours?"
        "</blockquote>",
        subtype="html",
    )  # a reply's HTML part quotes in markup: its plain text is read
    escaped = bytes(booking).replace(b"\nFrom now", b"\n>From now")  # mboxrd escapes a body line starting "From "
    (tmp_path / "list.mbox").write_bytes(
        b"From tom@example.org Tue Jun 30 09:00:00 2020\n" + bytes(reply) + b"\n"
        b"From ana@example.org Wed Jul  1 10:00:00 2020\n" + escaped + b"\n"
        b"From ana@example.org Wed Jul  1 11:00:00 2020\n" + bytes(quoted_only) + b"\n"
    )
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert sorted(by_id) == ["list.mbox:1", "list.mbox:2"]
    assert report.skipped == ["list.mbox:3: has no text"]
    first = by_id["list.mbox:1"]
    assert (first.title, first.author, first.published_at) == (
        "Re: pier hours",
        "tom@example.org",
        "2020-06-30T09:00:00+00:00",
    )
    assert "closes at 10 pm in summer" in first.text
    assert "What are the pier hours" not in first.text and "wrote" not in first.text and "desk 4" not in first.text
    second = by_id["list.mbox:2"]
    assert second.author == "Ana Silva" and "From now on by phone." in second.text and ">From" not in second.text


def test_own_text_keeps_a_quote_mark_inside_a_line_and_a_wrote_line_not_above_a_quote() -> None:
    text = "Use 2 > 1 as the test.\nAna wrote:\nthe minutes are attached.\n\nOn Monday Tom wrote:\n> old text"
    assert own_text(text) == "Use 2 > 1 as the test.\nAna wrote:\nthe minutes are attached."


def test_an_uploaded_message_reads_as_the_folder_does() -> None:
    (doc,) = parse_upload("news.eml", bytes(NEWSLETTER), "harbour-news")
    assert (doc.doc_id, doc.title, doc.author) == ("harbour-news", "Harbour news: café opens", "Jane Doe")


def test_a_message_that_cannot_be_read_is_skipped_and_the_rest_of_the_mailbox_read(tmp_path: Path, monkeypatch) -> None:
    """A fake fault: a header the standard parser chokes on (parsers of past Python versions raised on some
    malformed addresses) cannot be written portably, so reading the second message is made to raise."""
    from ragqa.ingest import mail

    read = mail._read

    def choking(parsed):
        if parsed["Subject"] == "Broken":
            raise IndexError("list index out of range")
        return read(parsed)

    monkeypatch.setattr(mail, "_read", choking)
    box = b""
    for subject in ("Pier closed", "Broken", "Pier open"):
        box += b"From h@example.org Mon Jul  1 09:00:00 2024\n"
        box += bytes(message(subject, "h@example.org", "Mon, 1 Jul 2024 9:00:00 +0000", f"{subject} today.")) + b"\n"
    (tmp_path / "harbour.mbox").write_bytes(box)
    docs, report = read_corpus(tmp_path)
    assert [d.title for d in docs] == ["Pier closed", "Pier open"]
    assert report.skipped == ["harbour.mbox:2: cannot be read as a message (IndexError: list index out of range)"]


def test_quoted_text_is_left_out_however_the_mail_program_attributes_it() -> None:
    """Gmail wraps "On ..., Kenji <address>" over "wrote:", Thunderbird writes "Kenji wrote on 16/01/2024 08:02:",
    Outlook sets the earlier message under "-----Original Message-----": all of it is another message's text."""
    gmail = "Thanks, I can reproduce it.\n\nOn Mon, Jan 15, 2024 at 9:41 AM Kenji <k@x.org>\nwrote:\n> It crashes.\n"
    assert own_text(gmail) == "Thanks, I can reproduce it."
    thunderbird = "Agreed.\n\nKenji Watanabe wrote on 16/01/2024 08:02:\n> The fix works.\n"
    assert own_text(thunderbird) == "Agreed."
    outlook = "Looks good, merging.\n\n-----Original Message-----\nFrom: Tomasz\n\nWhen I iterate, memory grows."
    assert own_text(outlook) == "Looks good, merging."
    forwarded_alone = "-----Original Message-----\nFrom: Tomasz\n\nWhen I iterate, memory grows."
    assert "memory grows" in own_text(forwarded_alone)  # nothing above it: the forwarded text is the message


ADVISORY = """\
-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA512

CVE-2024-1234: Path traversal in the harbour booking API

Severity: High (CVSS 3.1 base score 8.1)

Fixed in: Moorings 2.3.7 and Moorings 2.4.1

Description:
A request whose path begins with a double slash skipped the
authentication check.

Timeline:
2024-03-19  report received
2024-03-21  issue confirmed by the security team
2024-05-07  2.4.1 and 2.3.7 released, advisory published

- -- 
Moorings security team
-----BEGIN PGP SIGNATURE-----

iQIzBAEBCgAdFiEET5qcLn0Dtugrcfvx0w9A5EJF8RhlPYmb2QAKCRDj1wtEkfai
wQ3aD/9u4KkXyZ8HLp1wN6mJbq3oQz0cT5rVd2KfE7sUiGa9WnYhBv4lP0x
=Kq7d
-----END PGP SIGNATURE-----
"""


def test_a_clearsigned_advisory_reads_as_its_signed_text(tmp_path: Path) -> None:
    """A [SECURITY] message signed with "-----BEGIN PGP SIGNED MESSAGE-----": its armour header ("Hash: SHA512")
    and its signature's base64 were indexed as text; the signer's own signature, dash-escaped ("- -- "), is one."""
    sender, date = "Ana Silva <ana@example.org>", "Tue, 07 May 2024 14:00:00 +0000"
    advisory = message("[SECURITY] CVE-2024-1234: Path traversal", sender, date, ADVISORY)
    (tmp_path / "advisory.eml").write_bytes(bytes(advisory))
    (doc,), _ = read_corpus(tmp_path)
    for armour in ("PGP", "Hash: SHA512", "iQIzBAEB", "Kq7d", "Moorings security team"):
        assert armour not in doc.text, armour
    assert "skipped the authentication check" in doc.text
    assert "2024-03-21  issue confirmed by the security team" in doc.text


LIST_FOOTERS = {
    "apache": "\n\n---------------------------------------------------------------------\n"
    "To unsubscribe, e-mail: dev-unsubscribe@lists.example.org\n"
    "For additional commands, e-mail: dev-help@lists.example.org\n",
    "mailman": "\n_______________________________________________\nHarbour-dev mailing list\n"
    "Harbour-dev@lists.example.org\nhttps://lists.example.org/mailman/listinfo/harbour-dev\n",
    "mailman3": "\n_______________________________________________\n"
    "devel mailing list -- devel@lists.example.org\nTo unsubscribe send an email to devel-leave@lists.example.org\n",
    "google": '\n-- \nYou received this message because you are subscribed to the Google Groups "harbour" group.\n'
    "To unsubscribe from this group and stop receiving emails from it, send an email to "
    "harbour+unsubscribe@googlegroups.com.\n",
}


def test_a_mailing_list_footer_at_the_end_of_a_message_is_left_out() -> None:
    """Apache's "To unsubscribe, e-mail: ..." under its rule was kept in every message without a "-- " signature
    and quoted as an answer; Mailman's and Google Groups' footers alike."""
    for kind, footer in LIST_FOOTERS.items():
        assert own_text(f"The pier reopens on Monday.\n\nLena{footer}") == "The pier reopens on Monday.\n\nLena", kind
    signed = "The pier reopens on Monday.\n\n-- \nTom Berg\nHarbour office" + LIST_FOOTERS["google"]
    assert own_text(signed) == "The pier reopens on Monday."
    # a rule over the text's own words, or a footer's words in the middle, stay
    told = "Steps:\n\n-----\nTo unsubscribe, reply STOP.\n-----\n\nThen wait a day for the confirmation."
    assert own_text(told) == told


def test_a_name_signing_off_a_list_message_is_no_heading(tmp_path: Path) -> None:
    """ "Lena" alone on the last line, over the list's footer, became the title of a section holding it."""
    text = "+1 from me, as long as it ships behind the flag.\n\nLena" + LIST_FOOTERS["apache"]
    lena = message("Re: [VOTE] Release 2.4.0", "Lena Vogt <lena@example.org>", "Fri, 05 Apr 2024 21:12:44 +0200", text)
    (tmp_path / "vote.eml").write_bytes(bytes(lena))
    (doc,), _ = read_corpus(tmp_path)
    assert [s.heading for s in doc.sections] == ["Re: [VOTE] Release 2.4.0"]
    assert doc.text.endswith("behind the flag.\n\nLena")


def test_quoted_text_is_left_out_under_an_attribution_in_another_language() -> None:
    """Thunderbird in German writes "Am 08.04.24 um 17:00 schrieb Marta Okonkwo:" over the quote, the name after
    the verb, which was kept while "On ... wrote:" was left out; Dutch, French, Spanish, Italian, Portuguese too."""
    for attribution in (
        "Am 08.04.24 um 17:00 schrieb Marta Okonkwo:",
        "Am Mo., 8. Apr. 2024 um 17:00 Uhr schrieb Marta Okonkwo <marta@example.org>:",
        "Op 8 apr 2024 om 17:00 schreef Marta Okonkwo <marta@example.org>:",
        "Le 08/04/2024 à 17:00, Marta Okonkwo a écrit :",
        "El lun, 8 abr 2024 a las 17:00, Marta Okonkwo (<marta@example.org>) escribió:",
        "Il giorno lun 8 apr 2024 alle ore 17:00 Marta Okonkwo <marta@example.org> ha scritto:",
        "Em seg., 8 de abr. de 2024 às 17:00, Marta Okonkwo <marta@example.org> escreveu:",
    ):
        text = f"-1 (binding): the LICENSE file is missing.\n\nLena\n\n{attribution}\n> This is a call for a vote.\n"
        assert own_text(text) == "-1 (binding): the LICENSE file is missing.\n\nLena", attribution
    told = "Am Ende schrieb sie:\nein Gedicht über das Meer."  # no quote under it: the message's own words
    assert own_text(told) == told


def test_a_message_whose_html_says_no_more_than_its_plain_text_is_read_from_the_plain_text(tmp_path: Path) -> None:
    """Proton Mail sent the typed text as HTML with a <br> at every wrapped line: each line read as a paragraph of
    its own and the sentences were cut. The plain text, the same words, reads them whole; a newsletter's HTML,
    with its headings, is still the one read."""
    plain = (
        "Hi,\n\nWe use cert-manager to rotate our broker certificates every 30 days and\n"
        "right now we restart each broker afterwards. Is there a way to make\nit pick up the new certificate?\n"
        "We're on 2.3.7.\n\nThanks,\nBen\n"
    )
    html = (
        '<html><body><div dir="ltr">Hi,</div><br><div dir="ltr">We use cert-manager to rotate our broker '
        "certificates every 30 days and<br>right now we restart each broker afterwards. Is there a way to make<br>"
        "it pick up the new certificate?<br>We&#x27;re on 2.3.7.</div><br><div>Thanks,<br>Ben</div></body></html>"
    )
    sender, date = "Ben Arkwright <ben@example.org>", "Wed, 29 May 2024 21:33:12 +0000"
    (tmp_path / "tls.eml").write_bytes(bytes(message("Reloading TLS certificates", sender, date, plain, html)))
    (doc,), _ = read_corpus(tmp_path)
    assert "every 30 days and right now we restart each broker afterwards." in doc.text
    newsletter = message(
        "Harbour news",
        sender,
        date,
        "Harbour news\n\nThe cafe opens on Monday.\n\nFerries\n\nThe first ferry leaves at 6:10.",
        "<html><body><h1>Harbour news</h1><p>The cafe opens on Monday.</p><h2>Ferries</h2>"
        "<p>The first ferry leaves at 6:10.</p></body></html>",
    )
    (tmp_path / "tls.eml").unlink()
    (tmp_path / "news.eml").write_bytes(bytes(newsletter))
    (news,), _ = read_corpus(tmp_path)
    assert [s.heading for s in news.sections] == ["Harbour news", "Ferries"]  # its HTML, read as a page


def test_a_file_of_text_alone_named_eml_is_refused_as_no_message(tmp_path: Path) -> None:
    """ "not really an email" saved as x.eml was indexed as a message titled by its file name, and its upload
    got a 202: it has no headers to read a sender, subject or date from."""
    with pytest.raises(DocumentInputError) as refused:
        parse_upload("x.eml", b"not really an email\n")
    assert refused.value.field == "file" and "x.eml" in refused.value.message
    assert "is no mail message" in refused.value.message
    (tmp_path / "x.eml").write_bytes(b"not really an email\n")
    (tmp_path / "pier.eml").write_bytes(bytes(NEWSLETTER))
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["pier.eml"] and report.skipped == [
        "x.eml: is no mail message: it has no headers, such as From:, Subject: and Date:"
    ]


def test_a_line_break_that_only_wraps_a_sentence_before_a_capital_is_rejoined(tmp_path: Path) -> None:
    """Testers' hard-wrapped mails: "... from the helpline on 0300 555 0417 until" over "Wednesday 26 November." and
    "... will be raised through the centre's" over "Raise the Roof appeal, which opens ..." were cut in two, the
    answer quoting the helpline without its deadline. A line too long to be a heading, a name or an address line,
    that no sentence ends, goes on at the next when the sentence ends further on; short lines (a heading, a
    signature, an address) and "Label: value" lines stay apart."""
    ballot = (
        "Dear colleague,\n\n"
        "Because this is a postal ballot, please post your paper no later than Tuesday 25 November to be sure it\n"
        "arrives in time.\n\n"
        "If you have lost your ballot paper you can request a replacement from the helpline on 0300 555 0417 until\n"
        "Wednesday 26 November.\n\n"
        "In solidarity\nMaureen Okonjo\nBranch Secretary\nCanal Street\nBrackenford\n"
    )
    release = (
        "FOR IMMEDIATE RELEASE\n\n"
        "The whole project will cost £1.65 million. The remaining £450,000 will be raised through the centre's\n"
        "Raise the Roof appeal, which opens to the public on 1 February 2026.\n\n"
        "Notes to editors\n"
        "Wrenfield Arts Centre opened in 1987 and is an independent charity with a 312-seat theatre, two cinema\n"
        "screens and a studio.\n"
        "Media contact: Ffion Rees, Communications Manager, 01632 440141, or the duty press officer out of hours\n"
        "Press office: 01632 440100\n"
    )
    date = "Mon, 24 Nov 2025 07:45:00 +0000"
    (tmp_path / "ballot.eml").write_bytes(bytes(message("Vote now", "Maureen <m@x.org>", date, ballot)))
    (tmp_path / "release.eml").write_bytes(bytes(message("Roof grant", "Ffion <f@x.org>", date, release)))
    said = {doc.doc_id: [doc.text[s:e] for s, e in split_sentences(doc.text)] for doc in read_corpus(tmp_path)[0]}
    assert (
        "If you have lost your ballot paper you can request a replacement from the helpline on 0300 555 0417 until"
        " Wednesday 26 November." in said["ballot.eml"]
    ), said["ballot.eml"]
    assert (
        "The remaining £450,000 will be raised through the centre's Raise the Roof appeal, which opens to the public"
        " on 1 February 2026." in said["release.eml"]
    ), said["release.eml"]
    for line in ("Maureen Okonjo", "Branch Secretary", "Canal Street", "Brackenford"):
        assert line in said["ballot.eml"]  # a signature and an address keep their lines
    assert "Notes to editors" in said["release.eml"]  # a heading over its text stays apart
    assert "Press office: 01632 440100" in said["release.eml"]  # a label's line is no sentence's end


def test_a_signature_under_a_bare_double_dash_is_left_out():
    """An editor that strips trailing spaces turns the "-- " over a signature into "--": a national park's e-mail
    kept "Carrock Fells National Park Authority" under it as text, quoted as a whole answer."""
    body = "The Falls Path is closed from today.\n\n--\nAisha Rahman\nArea Ranger (South)\nCarrock Fells NPA\n"
    assert own_text(body) == "The Falls Path is closed from today."
    assert own_text("--\nAisha Rahman\n") == "--\nAisha Rahman"  # nothing above it: no signature
    table = "Scores:\n--\n" + "\n".join(f"Row {n}: {n}" for n in range(9))
    assert own_text(table) == table  # more lines than a signature holds


def test_a_footer_under_a_bare_double_dash_saying_why_the_reader_gets_the_mail_is_left_out():
    """bb70 B7: a food bank's appeal ended "--" over its address and "You are receiving this because you signed up
    ... Unsubscribe: ..." (a line longer than a signature's), which was indexed and found by "/search unsubscribe"."""
    notice = "You are receiving this because you signed up to hear from us. Unsubscribe: foodbank.example/unsubscribe"
    body = f"With thanks,\nFiona Castellane\n\n--\nKestlow Valley Food Bank, 3 Gasworks Lane\n{notice}\n"
    assert own_text(body) == "With thanks,\nFiona Castellane"
    long = "A line longer than any signature's, which goes on and on to say what the message itself said here."
    assert own_text(f"Hello.\n--\n{long}") == f"Hello.\n--\n{long}"  # no notice: no footer


def test_an_html_newsletters_view_in_browser_line_and_subscription_footer_are_left_out(tmp_path: Path) -> None:
    """A newsletter's "View this e-mail in your browser" line became a chunk of its own and was quoted in answers,
    and its footer ("You are receiving this because ... Unsubscribe | Update preferences" over the sender's
    address) was read as the last section's text (black-box report bb67, B6). The credit before the footer stays."""
    html = (
        '<html><body><table width="600"><tr><td><p style="font-size:11px">View this e-mail in your browser</p>'
        "<h1>The Common Room: February 2026</h1><h2>Pancake Day</h2><p>Free pancakes in both kitchens on Tuesday"
        " 17 February from 8:30am until they run out.</p><h2>A note from Imogen</h2><p>We now have 612 members"
        " across both sites, up from 540 a year ago.</p><p>Imogen Tarrant, Founder</p><hr><p>Written and edited by"
        " Priya Lakhani, Community Editor. You are receiving this because you are a Copperleaf member. <a href="
        '"https://x.example/unsubscribe">Unsubscribe</a> | <a href="https://x.example/preferences">Update'
        " preferences</a><br>Copperleaf Coworking Ltd, 14 Canal Street, Norbridge NB1 4QT</p></td></tr></table>"
        "</body></html>"
    )
    plain = "THE COMMON ROOM - FEBRUARY 2026\n\nPancake Day\nFree pancakes in both kitchens on Tuesday 17 February."
    sender, date = "Priya Lakhani <community@copperleaf.example>", "Tue, 03 Feb 2026 08:02:11 +0000"
    (tmp_path / "news.eml").write_bytes(bytes(message("The Common Room - February 2026", sender, date, plain, html)))
    (doc,), _ = read_corpus(tmp_path)
    for furniture in ("in your browser", "receiving this", "Unsubscribe", "preferences", "Canal Street"):
        assert furniture not in doc.text, furniture
    credit = "Written and edited by Priya Lakhani, Community Editor."
    assert doc.text.rstrip().endswith(f"Imogen Tarrant, Founder\n\n{credit}")
    assert [s.heading for s in doc.sections][-1] == "A note from Imogen"


def test_a_mail_services_footer_goes_and_the_same_words_in_the_text_stay() -> None:
    """Mailchimp's, Substack's and Campaign Monitor's footers and "forward to a friend" lines are no one's text;
    the words "unsubscribe" or "preferences" in the text, or a last paragraph that goes on after them, stay."""
    text = "# Harbour news\n\nThe cafe opens on Monday at 7am."
    mailchimp = (
        "\n\nCopyright © 2026 Harbour Office, All rights reserved.\nYou are receiving this email because you opted"
        " in via our website.\n\nOur mailing address is:\nHarbour Office\n1 Quay Street\nPortree IV51 9DE\n\n"
        "Want to change how you receive these emails?\nYou can update your preferences or unsubscribe from this"
        " list."
    )
    substack = "\n\nForward to a friend\n\n© 2026 Harbour News\n1 Quay Street, Portree\n\nUnsubscribe"
    monitor = "\n\nView online | Forward to a friend\n\nThis email was sent to jo@example.org. Why did I get this?"
    for footer in (mailchimp, substack, monitor):
        assert without_boilerplate(text + footer) == text, footer
    told = (
        "# Text alerts\n\nTo unsubscribe from text alerts, reply STOP.\n\n## Ferries\n\nThe first ferry leaves"
        " at 6:10.\n\nYou can update your preferences in the app at any time, and the ferry times, the berth and"
        " the fares are shown there for every sailing of the week, along with any delays the crew report."
    )
    assert without_boilerplate(told) == told
