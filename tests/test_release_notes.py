"""Release notes and changelogs as projects write them, asked about as people ask (real model, real FAISS).

A black-box test over fourteen changelogs of this machine (``bench/data/questions-docs-changelogs.json``) found a
version in the question barely mattered ("what changed in foo 2.1.3" answered 2.1.2: "2.1.3" was the words "2",
"1" and "3"), and the layouts that name a release were not read: a plain-text "5.4.1 (2023-01-11)" over its
items, Keep a Changelog's "## [1.1.0] - 2019-02-15" over "### Added", reStructuredText's "v5.0.0" over "Changes",
a Debian changelog's entries, Apache's " o " items. Each is read here as a reader of such files reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

from ragqa.eval.metrics import in_split
from ragqa.ingest.corpus import parse_markdown, parse_plain_text, read_corpus
from ragqa.ingest.words import terms
from ragqa.retrieval.lexical import stems

FOO = """# Foo changelog

## 2.1.4 (2023-05-01)

- Fixed a crash when the config file is empty.

## 2.1.3 (2023-04-01)

- Added the --color option.

## 2.1.2 (2023-03-01)

- Dropped support for Python 3.7.
"""
KEEP_A_CHANGELOG = """# Changelog

All notable changes to this project will be documented in this file.

## [1.1.0] - 2019-02-15

### Added
- Danish translation.

### Fixed
- Typo in the Italian translation.

## [1.0.0] - 2017-06-20

### Added
- New visual identity.
"""
QUX = """
Qux Release Notes
=================

5.4.1 (2023-01-11)

    * Fixed test failures on Solaris 10.

5.4.0 (2022-12-13)

    * The ARM64 filter is now stable.
"""
BAZ = """baz (1.3-1) unstable; urgency=medium

  * New upstream release.

 -- Alice Example <alice@example.org>  Mon, 02 Jan 2023 13:06:21 +0100

baz (1.2-1) unstable; urgency=medium

  * Fix crash on empty input. Closes: #123456.

 -- Bob Sample <bob@example.org>  Sat, 05 Mar 2022 10:00:00 +0100
"""
QUUX = """quux 1.10

This release includes the following enhancements and bugfixes:

 o adds agent forwarding support
 o adds support for building with OpenSSL 3
 o fixes crash when loading public keys with no id
"""
BAR = """Bar changelog
=============

v5.0.0
------

Changes
^^^^^^^
* Replaced appdirs with platformdirs.

v4.0.0
------

Changes
^^^^^^^
* Removed the legacy installer.
"""


def test_a_version_or_a_decimal_number_is_one_word() -> None:
    assert terms("what changed in foo 2.1.3?") == ["changed", "foo", "2.1.3"]
    assert terms("setuptools v66.0.0 costs $3.5 million") == ["setuptool", "66.0.0", "cost", "3.5", "million"]
    assert stems("Dropped Python 3.7.") == ["drop", "python", "3.7"]
    assert terms("On 29.06.2020 the U.S. left") == ["29", "06", "2020", "usa", "left"]  # a day stays a day
    assert terms("1.2-3 and 2.x") == ["1", "2", "3", "2", "x"]


def test_a_number_with_thousands_separators_is_one_word() -> None:
    """ "how much do 1000 brochures cost" did not match "1,000 brochures": "1" and "000" were two words."""
    assert terms("1,000 brochures cost £1,240.50") == ["1000", "brochure", "cost", "1240.50"]
    assert terms("1000 brochures") == ["1000", "brochure"]
    assert terms("rows 1,2,3 of 1,234,567") == ["row", "1", "2", "3", "1234567"]  # a list is no number


def test_release_headings_name_the_sections_under_them() -> None:
    foo = parse_markdown(FOO, "foo.md")
    assert [s.heading for s in foo.sections] == ["2.1.4 (2023-05-01)", "2.1.3 (2023-04-01)", "2.1.2 (2023-03-01)"]
    kept = parse_markdown(KEEP_A_CHANGELOG, "CHANGELOG.md")
    assert [s.heading for s in kept.sections] == [
        "Changelog",
        "[1.1.0] - 2019-02-15 \u2014 Added",
        "[1.1.0] - 2019-02-15 \u2014 Fixed",
        "[1.0.0] - 2017-06-20 \u2014 Added",
    ]
    numbered = parse_markdown("# Manual\n\n## 8.1. The locale\n\nIt is set.\n\n### 8.1.1. Rationale\n\nWhy.\n", "m.md")
    assert [s.heading for s in numbered.sections] == ["8.1. The locale", "8.1.1. Rationale"]  # section numbers
    qux = parse_plain_text(QUX, "qux-NEWS.txt")
    assert qux.title == "Qux Release Notes"
    assert [s.heading for s in qux.sections] == ["5.4.1 (2023-01-11)", "5.4.0 (2022-12-13)"]


def test_restructured_text_releases_name_their_parts(tmp_path: Path) -> None:
    (tmp_path / "bar-CHANGES.rst").write_text(BAR)
    docs, _ = read_corpus(tmp_path)
    assert [s.heading for s in docs[0].sections] == ["v5.0.0 \u2014 Changes", "v4.0.0 \u2014 Changes"]


def test_a_debian_changelog_is_read_entry_by_entry() -> None:
    baz = parse_plain_text(BAZ, "baz-changelog.Debian.txt")
    assert baz.title == "baz changelog.Debian"  # not its newest entry's line
    assert [s.heading for s in baz.sections] == ["baz 1.3-1 (unstable)", "baz 1.2-1 (unstable)"]
    assert "baz 1.2-1 was released by Bob Sample <bob@example.org> on Sat, 05 Mar 2022 10:00:00 +0100." in baz.text


def test_items_marked_with_an_o_are_a_list() -> None:
    quux = parse_plain_text(QUUX, "quux-RELEASE-NOTES.txt")
    assert "\n- adds agent forwarding support\n- adds support for building with OpenSSL 3\n" in quux.text
    prose = parse_plain_text("Notes\n\no is a letter that\nstarts this sentence.\n", "notes.txt")
    assert "o is a letter that starts this sentence." in prose.text  # one "o" line is no list


@pytest.fixture(scope="module")
def notes_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("release-notes")
    for name, text in {
        "foo-CHANGELOG.md": FOO,
        "CHANGELOG.md": KEEP_A_CHANGELOG,
        "qux-NEWS.txt": QUX,
        "baz-changelog.Debian.txt": BAZ,
        "bar-CHANGES.rst": BAR,
    }.items():
        (folder / name).write_text(text)
    with corpus_server(folder, tmp_path_factory.mktemp("release-notes-index"), embedder) as base:
        yield base


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("when was foo 2.1.2 released", "2023-03-01"),  # abstained: the day is in the heading only
        ("what changed in foo 2.1.3", "--color"),  # answered 2.1.2 first
        ("which version added the danish translation", "1.1.0"),  # "Added" did not say which release
        ("which qux version fixed the solaris 10 test failures", "5.4.1"),
        ("who uploaded baz 1.2-1", "Bob Sample"),
        ("which version replaced appdirs with platformdirs", "v5.0.0"),
        ("what was added in 1.1.0", "Danish translation"),  # items never name their release: the heading does
    ],
)
def test_a_question_naming_a_release_gets_that_release(notes_server: str, question: str, fact: str) -> None:
    answer = ask(notes_server, question)["answer"]
    first = answer.split(" [")[0]
    assert fact in first, answer


def test_a_release_the_notes_do_not_hold_is_not_answered_with_its_neighbour(notes_server: str) -> None:
    assert ask(notes_server, "when was foo 2.1.9 released")["abstained"]


CHANGELOGS = json.loads((ROOT / "bench" / "data" / "questions-docs-changelogs.json").read_text())
QUESTIONS = {q["id"]: q for q in CHANGELOGS["questions"]}
SAMPLE = [
    "cl011",  # whats new in sed 4.9 (the items under "* Noteworthy changes in release 4.9", not 4.6's)
    "cl023",  # when was openssl 3.0.0 released ("3.0.0" was "3", "0" and "0", in every release's heading)
    "cl047",  # when was bdist_wininst removed from setuptools (the reStructuredText release over its "Changes")
    "cl061",  # when was bash 5.2 uploaded to debian unstable (a Debian changelog's entries and closing lines)
]


@pytest.fixture(scope="module")
def changelogs_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder = ROOT / CHANGELOGS["corpus"]["folder"]
    with corpus_server(folder, tmp_path_factory.mktemp("changelogs-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in SAMPLE)


@pytest.mark.parametrize("qid", SAMPLE)
def test_a_plain_question_about_the_changelogs_gets_the_fact(changelogs_server: str, qid: str) -> None:
    answered_with_fact(changelogs_server, QUESTIONS[qid])


def test_every_quoted_item_of_a_release_is_led_by_its_release() -> None:
    """Only the answer's first sentence was led by its release's heading: "when was firmware 2.4.1 released" quoted
    a blog's sentence first and then the 2.4.1 item without its day; and "which plug firmware added vacation mode"
    ("firmware", not "version") quoted the item without its release."""
    from ragqa.answering.citations import Claim
    from ragqa.answering.extractive import dated_by_headings
    from ragqa.records import Chunk, Hit

    def under(section: str, text: str) -> Claim:
        return Claim(text, (Hit(Chunk("c", "notes.md", "T2 release notes", section, 0, 10, text), 1.0),))

    blog = under("Why the T2 speaks Matter", "Firmware 2.4.1 was released after firmware 2.4.0.")
    item = under("Firmware 2.4.1 (12 March 2025)", "- Improved reconnection after a router restart.")
    assert [c.text for c in dated_by_headings("when was firmware 2.4.1 released", [blog, item])] == [
        blog.text,
        "Firmware 2.4.1 (12 March 2025): Improved reconnection after a router restart.",
    ]
    plug = under("Firmware 1.7.0 (30 November 2024)", "- Added Vacation mode.")
    assert [c.text for c in dated_by_headings("which plug firmware added vacation mode", [plug])] == [
        "Firmware 1.7.0 (30 November 2024): Added Vacation mode."
    ]
