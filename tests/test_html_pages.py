"""HTML pages as their readers see them: the text a page shows, the date, author, title and site name it gives
itself, and no date, author or title made of its text or of the tool that exported it."""

from __future__ import annotations

import json
from pathlib import Path

from ragqa.ingest.corpus import read_corpus
from ragqa.records import Document


def read_page(tmp_path: Path, name: str, page: str) -> Document:
    """The one document a corpus folder holding only the page ``name`` reads as."""
    (doc,) = _read_folder(tmp_path, name, page)
    return doc


def _read_folder(tmp_path: Path, name: str, content: str) -> list[Document]:
    """The documents a corpus folder holding only the file ``name`` reads as."""
    corpus = tmp_path / f"corpus-{name}"
    corpus.mkdir()
    (corpus / name).write_text(content)
    return read_corpus(corpus)[0]


def test_the_time_an_update_was_posted_stays_text(tmp_path: Path) -> None:
    """trafilatura deletes ``<time>`` with its text: each update of a status page lost its day and hour."""
    page = (
        "<html><head><title>Ferry delays - Harbour Status</title></head><body><header><a href='/'>Harbour Status</a>"
        "</header><main><article><h1>Ferry delays</h1><p>Impact: minor. Affected: the north pier ferries.</p>"
        "<div class='update'><h3>Resolved</h3><p>All ferries run to the timetable again after the storm. The last of"
        " the held sailings left the north pier at noon, and no bookings were lost.</p>"
        "<time datetime='2024-01-29T18:00:00Z'>Jan 29, 2024 - 18:00 GMT</time></div>"
        "<div class='update'><h3>Investigating</h3><p>Ferries from the north pier are held in port by the storm."
        " Passengers with bookings can change them free of charge at the ticket office, which opens on"
        " <time datetime='2024-01-30'>30 January</time> again.</p>"
        "<time datetime='2024-01-29T08:30:00Z'>Jan 29, 2024 - 08:30 GMT</time></div>"
        "</article></main><footer>Powered by StatusKit</footer></body></html>"
    )
    doc = read_page(tmp_path, "ferries.html", page)
    assert "Jan 29, 2024 - 18:00 GMT" in doc.text and "Jan 29, 2024 - 08:30 GMT" in doc.text
    assert "which opens on 30 January again." in doc.text


def _page(body: str, title: str = "Tickets | Fjord Conf") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav><main><article>{body}"
        "</article></main><footer><p>&copy; 2025 Fjord Conf</p></footer></body></html>"
    )


def test_a_page_stating_no_date_of_its_own_is_not_dated_by_one_its_text_mentions(tmp_path: Path) -> None:
    """htmldate's search of the text took the earliest date the text mentions for the page's: a refund deadline,
    the last day of a conference, the oldest entry of an incident history."""
    tickets = _page(
        "<h1>Tickets and registration</h1><p>A ticket gives access to both talk days, lunch and the dinner.</p>"
        "<h2>Refunds</h2><p>Cancel before 15 August 2025 and we refund your ticket minus a fee of 300 kroner."
        " After that you can transfer it to a colleague until 12 September 2025.</p>"
    )
    assert read_page(tmp_path, "tickets.html", tickets).published_at == ""
    history = _page(
        "<h1>Incident history, June 2024</h1>"
        + "".join(
            f"<section><h2>{what}</h2><p>{day} &middot; Resolved &middot; 25 minutes</p><p>{what} for some users"
            " because of a configuration change, which was reverted.</p></section>"
            for what, day in (("Search failing", "Jun 27, 2024"), ("Charts not loading", "Jun 3, 2024"))
        ),
        title="Incident history, June 2024 - Harbour Status",
    )
    doc = read_page(tmp_path, "history.html", history)
    assert doc.published_at == ""
    assert "Jun 27, 2024 · Resolved · 25 minutes" in doc.text and "Jun 3, 2024 · Resolved" in doc.text


def test_a_line_saying_it_gives_the_pages_date_dates_it(tmp_path: Path) -> None:
    """What htmldate's search of the text found rightly is read as the Markdown reader reads a date line: a line
    of its own, labelled as the page's date, anywhere on the page (its footer too); published before updated."""
    text = "<p>The flat has two bedrooms, a garden and a parking space, and is let unfurnished.</p>" * 3
    cases = {
        "<p>Listed 27 Jan 2025</p>": "2025-01-27",
        "<p class='meta'>From: The Tax Agency<br>Published 4 January 2019<br>Last updated 2 January 2025</p>": (
            "2019-01-04"
        ),
        "<p>Leaflet revised: 21 September 2021.</p>": "2021-09-21",
        "<p>This leaflet was last revised in March 2023.</p>": "March 2023",
        "<p>This leaflet was last revised in 08/2023.</p>": "08/2023",
        "<p>Posted on 3 May 2024 about our flats.</p><p>Posted on 9 May 2024 about our houses.</p>": "",
    }
    for number, (line, day) in enumerate(cases.items()):
        doc = read_page(tmp_path, f"page{number}.html", _page(f"<h1>Flat to let</h1>{text}{line}"))
        assert doc.published_at == day, line


def test_a_firms_name_with_an_ampersand_is_one_author(tmp_path: Path) -> None:
    """trafilatura splits an author at "&" and "and": "Brennan & Moss Pharmaceuticals Ltd" became "Brennan; Moss
    Pharmaceuticals Ltd". Two people named in full stay two."""
    text = "<p>Take one tablet a day with water, at the same time each day, with or without food.</p>" * 3
    for name, author in (
        ("Brennan &amp; Moss Pharmaceuticals Ltd", "Brennan & Moss Pharmaceuticals Ltd"),
        ("Marks and Spencer", "Marks and Spencer"),
        ("Jane Doe &amp; John Roe", "Jane Doe; John Roe"),
    ):
        page = (
            f"<html><head><title>Atorlip leaflet</title><meta name='author' content='{name}'></head><body><main>"
            f"<article><h1>Atorlip leaflet</h1>{text}</article></main></body></html>"
        )
        assert read_page(tmp_path, f"{author}.html", page).author == author


def test_a_job_title_after_the_name_in_a_byline_is_no_author(tmp_path: Path) -> None:
    """trafilatura reads "Written by Dan Okoro, Service Manager" as the authors "Dan Okoro; Service Manager": the
    job title is left out, as it is from any byline. Two people stay two."""
    text = "<p>The workshop is open Monday to Friday from 7.30am to 6pm and on Saturday from 8am to 1pm.</p>" * 3
    for byline, author in (
        ("Written by Dan Okoro, Service Manager", "Dan Okoro"),
        ("By Ann Lee, Technical Services", "Ann Lee"),
        ("By Jane Doe and John Roe", "Jane Doe; John Roe"),
    ):
        page = (
            "<html><head><title>Service FAQ</title></head><body><main><article><h1>Service FAQ</h1>"
            f"<p class='byline'>{byline}</p>{text}</article></main></body></html>"
        )
        assert read_page(tmp_path, f"{author}.html", page).author == author


def test_a_byline_in_a_block_trafilatura_drops_still_names_the_author(tmp_path: Path) -> None:
    """A Hugo theme sets "Posted by ... on <time>" under the title in ``<p class="meta">``, which trafilatura
    discards as page furniture and reads no author from: the page had none. Read as bylines are elsewhere, the
    line gives the author; the page's own date is still the one its markup gives."""
    text = "<p>The runway will be resurfaced between 12 January and 27 March 2026, and closed every night.</p>" * 3
    for meta, day, date in (
        (
            "<meta property='article:published_time' content='2025-12-15T09:30:00+00:00'>",
            "<time datetime='2025-12-14'>14 December 2025</time>",
            "2025-12-15",
        ),
        ("", "14 December 2025", "2025-12-14"),
    ):
        page = (
            f"<html><head><title>Travel alert - Harbour Air</title>{meta}</head><body><main><article>"
            f"<h1>Travel alert</h1><p class='meta'>Posted by Harbour Air Operations on {day}</p>{text}"
            "</article></main></body></html>"
        )
        doc = read_page(tmp_path, f"alert{len(meta)}.html", page)
        assert (doc.author, doc.published_at) == ("Harbour Air Operations", date)
        assert "closed every night" in doc.text and "Posted by" not in doc.text  # metadata, as bylines are


def _confluence_page(history: str) -> str:
    """A page as Confluence's HTML export writes it: the space's name before the title, the page's history over
    its text, the day of the export in the footer."""
    return (
        "<html><head><title>OPS : Runbook - Harbour cranes</title></head><body><div id='page'>"
        "<div id='main' class='aui-page-panel'><div id='main-header'><ol id='breadcrumbs'><li><a href='index.html'>"
        "Operations</a></li></ol><h1 id='title-heading' class='pagetitle'><span id='title-text'>OPS : Runbook -"
        f" Harbour cranes</span></h1></div><div id='content' class='view'><div class='page-metadata'>{history}</div>"
        "<div id='main-content' class='wiki-content group'><h2>Overview</h2>"
        "<p>The harbour has four cranes on the north quay, each lifting up to 40 tonnes in winds below 20 m/s.</p>"
        "<h2>High winds</h2><p>Stop every crane when the wind passes 20 m/s and park the booms facing the wind.</p>"
        "</div></div></div><div id='footer' role='contentinfo'><section class='footer-body'>"
        "<p>Document generated by Confluence on Feb 03, 2025 10:22</p><div id='footer-logo'>"
        "<a href='http://www.atlassian.com/'>Atlassian</a></div></section></div></div></body></html>"
    )


def test_a_confluence_export_gives_each_pages_own_title_creator_and_date(tmp_path: Path) -> None:
    """The footer's "Document generated by Confluence on Feb 03, 2025" dated every page by the day of the export,
    and the title kept the space's name ("OPS : Runbook ...")."""
    modified = "Created by <span class='author'> Mei Tanaka</span>, last modified by <span class='editor'> Jonas Berg"
    doc = read_page(
        tmp_path, "OPS-Runbook-Harbour-cranes_39110245.html", _confluence_page(f"{modified}</span> on Dec 09, 2024")
    )
    assert (doc.title, doc.author, doc.published_at, doc.source) == (
        "Runbook - Harbour cranes",
        "Mei Tanaka",
        "2024-12-09",
        "OPS",
    )
    assert "Document generated" not in doc.text and "Stop every crane when the wind passes 20 m/s" in doc.text
    created = "Created by <span class='author'> Aisha Mensah</span>, last modified on Feb 26, 2025"
    doc = read_page(tmp_path, "cranes.html", _confluence_page(created))
    assert (doc.author, doc.published_at) == ("Aisha Mensah", "2025-02-26")


def test_the_pages_of_one_site_are_credited_to_the_name_it_gives_itself(tmp_path: Path) -> None:
    """Without a site name in its metadata, a page was credited to its address's host ("fjordconf.no") when its
    title was not exactly the first part of <title>, and the home page to its tagline ("The conference by the
    fjords"): a home page's <title> names the site first."""
    text = "".join(f"<p>Talk {n} of the day starts in the main hall and lasts forty minutes.</p>" for n in range(4))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path, heading, tag in (
        ("", "Fjord Conf 2025", "Fjord Conf 2025 – The conference by the fjords"),
        (
            "programme/thursday/",
            "Programme – Thursday 18 September",
            "Programme – Thursday 18 September | Fjord Conf 2025",
        ),
        ("venue/", "Venue: the harbour hall", "Venue | Fjord Conf 2025"),
        ("tickets/", "Tickets", "Tickets | Fjord Conf 2025"),
    ):
        (corpus / f"{path.split('/')[0] or 'index'}.html").write_text(
            f"<html><head><title>{tag}</title><link rel='canonical' href='https://fjordconf.no/{path}'></head>"
            f"<body><main><article><h1>{heading}</h1>{text}</article></main></body></html>"
        )
    docs, _ = read_corpus(corpus)
    assert {d.doc_id: d.source for d in docs} == dict.fromkeys(
        ("index.html", "programme.html", "venue.html", "tickets.html"), "Fjord Conf 2025"
    )
    assert {d.title for d in docs} >= {"Fjord Conf 2025", "Venue: the harbour hall"}


def test_a_page_without_an_address_is_credited_to_the_site_its_title_names(tmp_path: Path) -> None:
    """A saved page with neither a site name nor an address in its metadata, "<title>Hardship Fund | Ashcombe
    Tenants' Association</title>" over the heading "Hardship Fund": it was credited to no one, as only a site name
    guessed from its host gave way to the one <title> gives."""
    text = "".join(
        f"<p>Rule {n} of the fund says who may apply and how much a member may be granted.</p>" for n in range(4)
    )
    for name, tag, source in (
        ("fund.html", "Hardship Fund | Ashcombe Tenants' Association", "Ashcombe Tenants' Association"),
        ("rules.html", "Hardship Fund - Rules | Ashcombe Tenants' Association", "Ashcombe Tenants' Association"),
        ("alone.html", "Hardship Fund", ""),  # no site named
        ("other.html", "Ashcombe Tenants' Association | Welcome", ""),  # the page's title is not the first part
    ):
        page = f"<html><head><title>{tag}</title></head><body><main><h1>Hardship Fund</h1>{text}</main></body></html>"
        assert read_page(tmp_path, name, page).source == source, tag


def test_a_reviews_rating_stays_text(tmp_path: Path) -> None:
    """trafilatura deletes any element classed "rating" as chrome: a review lost its "Rating: ★★½ (2.5 out of 5)"
    line, and a star widget showing only symbols says what its label says."""
    body = (
        "<h1>Nightjar Protocol review: a loud, hollow spy thriller</h1>"
        "<p class='rating'>Rating: ★★½ (2.5 out of 5)</p>"
        "<p>There is a good twenty-minute film buried inside Nightjar Protocol, the new thriller from director Dev"
        " Raman, and it is the one set on an overnight train between Vienna and Zagreb. The other two hours are a"
        " blur of drone shots, server rooms and people saying that they are out of time.</p>"
        "<h2>The verdict</h2><p>Handsome, expensive and hollow. Two and a half stars, mostly for the train.</p>"
    )
    doc = read_page(tmp_path, "nightjar.html", _page(body, "Nightjar Protocol review | Reel"))
    assert "Rating: ★★½ (2.5 out of 5)" in doc.text
    widget = body.replace(
        "<p class='rating'>Rating: ★★½ (2.5 out of 5)</p>",
        "<div class='star-rating' aria-label='3 out of 5 stars'>★★★☆☆</div>",
    )
    assert "3 out of 5 stars" in read_page(tmp_path, "meridian.html", _page(widget, "Review | Reel")).text


def _release(article: str, head: str = "") -> str:
    """A university's press release page: its site's chrome around an article."""
    return (
        "<html><head><title>Milk in the teeth | News | University of Aldermoor</title>"
        "<meta property='og:site_name' content='University of Aldermoor'>"
        f"<meta property='article:published_time' content='2024-11-20T16:00:00+00:00'>{head}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav></header>"
        "<nav class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/news/'>News</a></nav>"
        f"<main><article class='press-release'>{article}</article></main>"
        "<footer><p>&copy; 2025 University of Aldermoor</p></footer></body></html>"
    )


_RELEASE_TEXT = (
    "<p>Milk proteins trapped in the tooth tartar of ancient farmers show that people in northern Britain were"
    " drinking milk roughly 700 years earlier than previously thought, according to a study published in Nature.</p>"
    "<p>The research was led by Prof. Eleanor Whitcombe, Professor of Archaeological Science at the University of"
    " Aldermoor, with Dr Rafael Quintero of the Max Planck Institute in Leipzig.</p>"
)


def test_a_line_above_the_title_that_trafilatura_drops_for_its_class_stays_under_the_title(tmp_path: Path) -> None:
    """A press release's ``<p class="embargo">`` above its ``<h1>``: trafilatura read "bar" (a navigation bar's) in
    "embargo" and dropped it, so "when does the embargo lift" had nothing to answer from. Share links and a category
    label above the title still go, and the date line under the title is still the page's date."""
    article = (
        "<div class='share-bar'><a href='https://twitter.com/intent/tweet'>X</a> <a href='mailto:'>Email</a></div>"
        "<p class='post-meta'><span>Archaeology</span></p>"
        "<p class='embargo'><strong>EMBARGOED UNTIL Wednesday 20 November 2024, 16:00 London time</strong></p>"
        "<h1>Milk in the teeth: Britain's early farmers drank milk 700 years earlier than thought</h1>"
        f"<p class='date'>20 Nov 2024</p>{_RELEASE_TEXT}"
    )
    doc = read_page(tmp_path, "milk.html", _release(article))
    title = "Milk in the teeth: Britain's early farmers drank milk 700 years earlier than thought"
    assert doc.text.startswith(f"{title}\n\nEMBARGOED UNTIL Wednesday 20 November 2024, 16:00 London time\n\nMilk")
    assert doc.published_at == "2024-11-20" and "20 Nov 2024" not in doc.text
    assert doc.sections[0].heading == title and "EMBARGOED" in doc.text[doc.sections[0].start : doc.sections[0].end]
    assert not {"Email", "Archaeology", "Home"} & set(doc.text.split())


def test_the_section_a_page_says_it_is_filed_under_is_its_category(tmp_path: Path) -> None:
    """A review site's ``<meta property="article:section" content="Books">`` and a newspaper's JSON-LD
    ``articleSection`` were not read: every page's category was empty, as front matter's ``category:`` is not."""
    article = f"<h1>Milk in the teeth</h1>{_RELEASE_TEXT}"
    section = "<meta property='article:section' content='Books'>"
    assert read_page(tmp_path, "review.html", _release(article, section)).category == "Books"
    linked = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Milk in the teeth", "articleSection": "Education"}</script>'
    )
    assert read_page(tmp_path, "story.html", _release(article, linked)).category == "Education"
    assert read_page(tmp_path, "plain.html", _release(article)).category == ""
    unfiled = "<meta property='article:section' content='Uncategorized'>"  # WordPress's placeholder
    assert read_page(tmp_path, "unfiled.html", _release(article, unfiled)).category == ""
    # a CMS export's record holding the page: its own category first, else the page's
    records = [{"id": "r1", "html": _release(article, section)}, {"id": "r2", "html": _release(article, section)}]
    records[1]["category"] = "Reviews"
    export = "\n".join(json.dumps(record) for record in records)
    assert [doc.category for doc in _read_folder(tmp_path, "export.jsonl", export)] == ["Books", "Reviews"]


def test_an_update_the_page_states_is_a_line_of_its_text_never_its_date(tmp_path: Path) -> None:
    """A local paper's "Updated Oct 15, 2026" stood in its byline block, which trafilatura drops: only the page's
    ``article:modified_time`` kept the day, and "when was the soil story updated" was answered with the day it was
    published. The update becomes the line front matter's "updated:" key becomes, and is answered from it."""
    from ragqa.answering.metadata import metadata_answer
    from ragqa.records import Chunk, DocumentRecord, Hit

    article = (
        "<h1>Water tower finish pushed to spring after crews find contaminated soil</h1>"
        "<div class='byline-block'><span class='byline'>By Karen Holt</span><ul class='dates'>"
        "<li><time datetime='2026-10-14T17:32:00-05:00'>Oct 14, 2026</time></li><li>Updated"
        " <time datetime='2026-10-15T08:05:00-05:00'>Oct 15, 2026</time></li></ul></div>"
        "<p>Crews taking down the 1958 tower on Hill Street found lead-contaminated soil around its foundation last"
        " week, and the city has stopped demolition until the soil is removed.</p>"
        "<p>The council voted 7-0 to hire a contractor to dig out and haul away about 600 tons of soil.</p>"
    )
    stated = "<meta property='article:modified_time' content='2026-10-15T08:05:00-05:00'>"
    published = "content='2024-11-20T16:00:00+00:00'"
    page = _release(article, stated).replace(published, "content='2026-10-14T17:32:00-05:00'")
    doc = read_page(tmp_path, "soil.html", page)
    assert doc.published_at == "2026-10-14"
    assert doc.text.startswith(f"{doc.title}\n\nUpdated: 2026-10-15\n\nCrews taking down")
    record = DocumentRecord(doc.doc_id, doc.title, "", "", doc.published_at, "", "h", 1)
    hit = Hit(Chunk("soil-c", doc.doc_id, doc.title, doc.title, 0, len(doc.text), doc.text), 1.0)
    said, _ = metadata_answer("when was the contaminated soil story updated", [hit], {doc.doc_id: record})
    assert said == f'"{doc.title}" was last updated on October 15, 2026. [1]'
    # JSON-LD's dateModified says it too; a change on the day of publication, or one the text states, adds nothing
    linked = '<script type="application/ld+json">{"@graph": [{"dateModified": "2026-10-16T09:00:00Z"}]}</script>'
    relinked = _release(article, linked).replace(published, "content='2026-10-14T17:32:00-05:00'")
    assert "Updated: 2026-10-16" in read_page(tmp_path, "linked.html", relinked).text
    same_day = stated.replace("2026-10-15T08:05", "2024-11-20T18:05")
    assert "Updated:" not in read_page(tmp_path, "same-day.html", _release(article, same_day)).text
    said_so = article.replace("</h1>", "</h1><p>Updated 15 October 2026 with the council's vote.</p>")
    text = read_page(tmp_path, "said.html", _release(said_so, stated)).text
    assert "Updated 15 October 2026 with the council's vote." in text and "Updated:" not in text


def test_an_update_a_council_page_states_in_a_dropped_line_or_dublin_core_is_a_line_of_its_text(
    tmp_path: Path,
) -> None:
    """A council's CMS page says "Published 14 May 2024. Last updated 12 February 2026." in a ``<p class="meta">``
    trafilatura drops, and its Dublin Core ``DC.date.modified`` says so too: "when was the fees page last updated"
    was answered with the day it was published (black-box report bb53, item 3)."""
    article = (
        "<h1>Planning application fees</h1><p class='meta'>Published 14 May 2024. Last updated 12 February 2026.</p>"
        "<p>Planning fees are set nationally by the government. The Council cannot waive or reduce them, except for"
        " the concessions listed below.</p><p>Pay through the Planning Portal when you apply, or by card over the"
        " phone if you apply by post.</p>"
    )
    published = "content='2024-11-20T16:00:00+00:00'"
    page = _release(article).replace(published, "content='2024-05-14'")
    assert "Updated: 2026-02-12" in read_page(tmp_path, "fees.html", page).text  # the line trafilatura dropped
    core = "<meta name='DC.date.modified' content='2026-02-12'>"
    page = _release(article.replace(" Last updated 12 February 2026.", ""), core).replace(
        published, "content='2024-05-14'"
    )
    doc = read_page(tmp_path, "core.html", page)
    assert doc.published_at == "2024-05-14" and "Updated: 2026-02-12" in doc.text


def test_a_byline_under_the_title_dates_the_page_before_its_footers_update_line(tmp_path: Path) -> None:
    """A Hugo page says "Posted by Carnbrae MRT on <time>20 November 2025</time>" under its title and "Last
    updated on 2 December 2025." in its footer: htmldate passes over the byline ("MRT" read as a currency code)
    and took the footer's day, so the page was dated by its update (black-box report bb68, item 2). Published
    before updated: the posted day dates it and the update is a line of its text."""
    text = "<p>Carry an ice axe and crampons, and the skills to use them. Walking poles are no substitute.</p>" * 3
    page = (
        "<html><head><title>Winter walking | Fell Rescue</title></head><body><main><article><h1>Winter walking</h1>"
        "<p class='meta'>Posted by Fell MRT on <time datetime='2025-11-20'>20 November 2025</time></p>"
        f"{text}</article></main><footer><p>Last updated on 2 December 2025.</p><p>Fell MRT</p></footer>"
        "</body></html>"
    )
    doc = read_page(tmp_path, "winter.html", page)
    assert (doc.author, doc.published_at) == ("Fell MRT", "2025-11-20")
    assert "Updated: 2025-12-02" in doc.text  # "when was it last updated" is still answered
