"""A static site's content folder as a corpus, asked of a real server (real model, real FAISS): the default article
as a Hugo page bundle (TOML front matter, shortcodes, an MkDocs-style note) and a Jekyll post dated by its file
name, credited to the site's author and built into a ``_site`` copy that is not read. Plain questions get the same
facts as from the Markdown file, no template markup reaches an answer, and the metadata questions are answered from
the front matter, the site's configuration and the file name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

ARTICLE = ROOT / "corpus" / "russia-taliban-ties.md"
SET = ROOT / "bench" / "data" / "questions-default.json"
QUESTIONS = {q["id"]: q for q in json.loads(SET.read_text())["questions"]}
SAMPLE = ["d001", "d010", "d028", "d061", "d065"]  # from tests/test_natural_questions.py (tune half)

HUGO_HEAD = """+++
title = "What's behind Russia's growing ties with the Taliban"
date = 2020-06-29T15:52:00-07:00
draft = false
categories = ["world"]

[params]
author = "Robyn Dixon"
+++

{{< figure src="/images/kabulov.jpg" caption="Zamir Kabulov in Moscow" >}}

{{% notice info %}}
This story was updated with the Kremlin's denial.
{{% /notice %}}
"""

JEKYLL_POST = """---
layout: post
title: "The library reopens after the flood"
---

The Millbrook public library reopened after eight months of repairs. The flood destroyed about 12,000 books.

{% include newsletter.html %}

!!! note "Opening hours"
    The library opens at nine on weekdays and at ten on Saturdays.
"""


def hugo_page(markdown: str) -> str:
    """The article as a Hugo page: its title, byline and date lines as TOML front matter, a figure shortcode and
    a notice shortcode above its text."""
    body = markdown.split("June 29, 2020 at 3:52 p.m. PDT", 1)[1]
    return HUGO_HEAD + body


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("site")
    bundle = folder / "content" / "posts" / "russia-taliban-ties"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(hugo_page(ARTICLE.read_text()))
    (folder / "_posts").mkdir()
    (folder / "_posts" / "2021-03-02-library-reopens.md").write_text(JEKYLL_POST)
    (folder / "_config.yml").write_text("title: Millbrook Notes\nauthor: Sam Ortiz\n")  # a one-author blog
    (folder / "_site" / "2021").mkdir(parents=True)  # the built copy, which must not be read twice
    (folder / "_site" / "2021" / "library-reopens.html").write_text(f"<html><body>{JEKYLL_POST}</body></html>")
    with corpus_server(folder, tmp_path_factory.mktemp("site-index"), embedder) as base:
        yield base


@pytest.mark.parametrize("qid", SAMPLE)
def test_a_plain_question_gets_the_fact_from_the_hugo_page(server: str, qid: str) -> None:
    body = answered_with_fact(server, QUESTIONS[qid])
    assert not re.search(r"\{\{|\{%|\+\+\+", body["answer"]), body["answer"]


def test_the_hugo_page_is_credited_and_dated_from_its_toml_front_matter(server: str) -> None:
    author = ask(server, "who wrote the article about russia and the taliban?")
    assert "Robyn Dixon" in author["answer"], author["answer"]
    assert author["citations"][0]["doc_id"] == "content/posts/russia-taliban-ties/index.md"
    dated = ask(server, "when was the taliban article published")
    assert "June 29, 2020" in dated["answer"], dated["answer"]


def test_a_shortcodes_caption_and_text_are_read_and_its_tags_are_not(server: str) -> None:
    updated = ask(server, "what was the story updated with?")
    assert "Kremlin's denial" in updated["answer"] and "notice" not in updated["answer"], updated["answer"]


def test_the_jekyll_post_is_credited_to_the_sites_author_and_read_once(server: str) -> None:
    author = ask(server, "who wrote the post about the library?")
    assert "Sam Ortiz" in author["answer"], author["answer"]
    repairs = ask(server, "how long did the library repairs take")
    assert "eight months" in repairs["answer"], repairs["answer"]
    assert {c["doc_id"] for c in repairs["citations"]} == {"_posts/2021-03-02-library-reopens.md"}


def test_the_jekyll_post_is_dated_by_its_file_name(server: str) -> None:
    dated = ask(server, "when was the post about the library published?")
    assert "March 2, 2021" in dated["answer"], dated["answer"]
    listed = ask(server, "which articles were published in march 2021?")
    assert "The library reopens after the flood" in listed["answer"], listed["answer"]
    assert "Taliban" not in listed["answer"], listed["answer"]


def test_an_admonition_is_read_as_prose_under_its_title(server: str) -> None:
    hours = ask(server, "when does the library open on saturdays?")
    assert "ten on Saturdays" in hours["answer"] and "!!!" not in hours["answer"], hours["answer"]
