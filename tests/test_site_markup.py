"""Static-site content and exported notes read as their pages show them (model-free): Hugo's TOML and JSON front
matter, dates and titles in file names, template tags, admonitions, heading attributes, a Notion page's
properties."""

from __future__ import annotations

import logging

import pytest

from ragqa.ingest.corpus import parse_markdown, read_corpus
from ragqa.ingest.formats import date_from, title_from
from ragqa.ingest.headers import split_front_matter
from ragqa.ingest.sites import Site, reader_markdown, site_of


def test_toml_front_matter_gives_the_metadata_and_leaves_the_text() -> None:
    meta, body = split_front_matter(
        '+++\ntitle = "Solar farm approved"\ndate = 2023-05-14T09:30:00+02:00\nauthors = ["Priya Raman", "Li Wei"]\n'
        'categories = ["energy"]\n\n[params]\nsource = "Millbrook Courier"\n+++\n\nThe council voted 7 to 2.\n'
    )
    assert meta.title == "Solar farm approved"
    assert meta.published_at == "2023-05-14T09:30:00+02:00"
    assert meta.author == "Priya Raman and Li Wei"
    assert (meta.category, meta.source) == ("energy", "Millbrook Courier")
    assert body.strip() == "The council voted 7 to 2."


def test_a_key_at_the_top_wins_over_the_same_key_under_params() -> None:
    meta, _ = split_front_matter('+++\nauthor = "Top"\n[params]\nauthor = "Under"\n+++\nText.\n')
    assert meta.author == "Top"


def test_a_key_under_params_that_is_no_metadata_stays_in_the_text_as_one_at_the_top_does() -> None:
    """A site's own keys sit under Hugo's ``[params]``: a runbook's owner and review date were said nowhere."""
    meta, body = split_front_matter(
        '+++\ntitle = "Runbook: Payments API"\ndate = 2024-11-04\nseverity = "SEV2"\n[params]\n'
        '  owner = "Payments Platform team"\n  reviewed = "2025-04-28"\n  severity = "SEV9"\n  draft = true\n+++\n\n'
        "Use this runbook when paged.\n"
    )
    assert (meta.title, meta.published_at) == ("Runbook: Payments API", "2024-11-04")
    assert body.split("\n\n")[0].split("\n") == [
        "Severity: SEV2",  # the key at the top wins
        "Owner: Payments Platform team",
        "Reviewed: 2025-04-28",
    ]
    assert body.rstrip().endswith("Use this runbook when paged.")


def test_json_front_matter_is_read_and_a_text_opening_with_a_brace_is_not() -> None:
    meta, body = split_front_matter('{\n  "title": "Ferry news",\n  "date": "2022-11-03"\n}\n\nFerries run late.\n')
    assert (meta.title, meta.published_at, body.strip()) == ("Ferry news", "2022-11-03", "Ferries run late.")
    prose = '{"x": 1} is a JSON object.\n\nMore text.\n'
    assert split_front_matter(prose) == (split_front_matter("")[0], prose)  # names nothing front matter names
    braces = "{curly} braces open this line.\n"
    assert split_front_matter(braces)[1] == braces
    alone = '{"title": "Ferry news", "body": "Ferries run late."}\n'  # nothing after it: the object is the text
    assert split_front_matter(alone)[1] == alone


def test_invalid_toml_is_kept_as_text_and_named(caplog: pytest.LogCaptureFixture) -> None:
    raw = '+++\ntitle = "unclosed\n+++\nText.\n'
    with caplog.at_level(logging.WARNING):
        meta, body = split_front_matter(raw, "broken.md")
    assert body == raw and meta.title == ""
    assert "broken.md" in caplog.text and "TOML" in caplog.text


@pytest.mark.parametrize(
    ("doc_id", "title", "day"),
    [
        ("_posts/2021-03-02-library-reopens.md", "library reopens", "2021-03-02"),
        ("content/posts/ferry-timetable/index.md", "ferry timetable", ""),
        ("content/posts/2022-11-03-ferry/index.en.md", "ferry", "2022-11-03"),
        ("notes/2024-01-15.md", "2024-01-15", "2024-01-15"),
        ("minutes/2023-02-30-board.pdf", "board", ""),  # no such day
        ("harbour-report.md", "harbour report", ""),
        ("README.md", "README", ""),  # no folder to be named for
        ("2021-03-02x.md", "2021 03 02x", ""),
        ("league-table-2026-11-30.csv", "league table", "2026-11-30"),  # a day later in the name
        ("council-hearing-2025-04-16-parking-variance.txt", "council hearing parking variance", "2025-04-16"),
        ("report-2025-02-30.txt", "report 2025 02 30", ""),
        ("v1.2024-01-01x.md", "v1.2024 01 01x", ""),
    ],
)
def test_titles_and_days_from_file_names(doc_id: str, title: str, day: str) -> None:
    assert (title_from(doc_id), date_from(doc_id)) == (title, day)


def test_a_file_names_day_dates_only_a_document_that_gives_none(tmp_path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2021-03-02-library-reopens.md").write_text("---\ntitle: Library\n---\nThe library reopened.\n")
    (posts / "2021-03-02-dated.md").write_text("---\ntitle: Dated\ndate: 2021-03-05\n---\nA dated post.\n")
    days = {d.title: d.published_at for d in read_corpus(tmp_path)[0]}
    assert days == {"Library": "2021-03-02", "Dated": "2021-03-05"}


def test_template_tags_go_and_their_captions_and_enclosed_text_stay() -> None:
    lines = [
        "The ferry runs every 20 minutes.",
        "",
        '{{< figure src="/img/ferry.jpg" caption="The new ferry at the pier" >}}',
        "",
        "{{% notice info %}}",
        "Night crossings stop at 23:40.",
        "{{% /notice %}}",
        "",
        "Tickets cost {{ site.data.prices.single }} a ride. {%- include footer.html -%}",
        "{{#include ../listings/main.rs}}",
    ]
    out = reader_markdown(lines)
    assert len(out) == len(lines), "one line out for each line in"
    assert out[2] == "The new ferry at the pier"
    assert out[4:7] == ["", "Night crossings stop at 23:40.", ""]
    assert out[8] == "Tickets cost a ride."
    assert out[9] == ""


def test_code_is_kept_as_written() -> None:
    lines = ["Use `{{ page.title }}` in a layout.", "```liquid", "{% include keep.html %}", "```", "{% raw %}"]
    assert reader_markdown(lines)[:4] == lines[:4]


def test_a_comment_block_is_dropped() -> None:
    lines = ["Before. {% comment %} hidden", "still hidden", "{% endcomment %}After."]
    assert reader_markdown(lines) == ["Before.", "", "After."]


def test_admonitions_lead_their_text_with_their_titles() -> None:
    text = parse_markdown(
        "# Ferries\n\nThe ferry runs late.\n\n"
        '!!! note "Winter service"\n    The last ferry leaves at 22:10.\n    It waits for the train.\n\n'
        "???+ warning\n    Fares rise in March.\n\nBack to prose.\n\n"
        ":::tip Good to know\nBicycles travel free.\n:::\n\n"
        "::: {.columns}\nColumn text.\n:::\n",
        "ferries.md",
    ).text
    assert "Winter service: The last ferry leaves at 22:10. It waits for the train." in text
    assert "Warning: Fares rise in March." in text
    assert "Good to know: Bicycles travel free." in text
    assert "\nColumn text." in text and ":::" not in text and "!!!" not in text and "    " not in text
    assert "Back to prose." in text


def test_heading_attributes_are_not_part_of_the_heading() -> None:
    doc = parse_markdown("# Ferries {#top}\n\nText.\n\n## Fares {#fares .big}\n\nFares rise.\n", "f.md")
    assert doc.title == "Ferries" and [s.heading for s in doc.sections] == ["Ferries", "Fares"]


def test_an_mdx_page_is_read_without_its_module_lines_and_comments(tmp_path) -> None:
    (tmp_path / "ferries.mdx").write_text(
        "---\ntitle: Ferries\n---\n\nimport Tabs from '@theme/Tabs';\nimport {Note} from './note';\n\n"
        "export const meta = {\n  hidden: true,\n};\n\n{/* TODO: fares */}\n"
        "The ferry runs every 20 minutes.\n\n```js\nimport x from 'y';\n```\n\nImport duties are paid on arrival.\n"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "Ferries"
    assert doc.text.startswith("The ferry runs every 20 minutes.")
    assert "import x from 'y';" in doc.text and "Import duties are paid on arrival." in doc.text
    assert "Tabs" not in doc.text and "hidden" not in doc.text and "TODO" not in doc.text


def test_a_notion_page_gives_its_author_and_keeps_its_properties_one_a_line(tmp_path) -> None:
    (tmp_path / "Harbour meeting 3f2a9c0e1b7d4e5fa6b7c8d9e0f1a2b3.md").write_text(
        "# Harbour meeting\n\nCreated: June 29, 2020 3:52 PM\nCreated by: Jane Doe\nTags: planning, harbour\n"
        "Attendees: Ana Silva, Tom Berg\nStatus: Done\n\nThe committee agreed to dredge the east basin.\n"
        "Note: the dredger\nis booked for October.\n"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert (doc.title, doc.author, doc.published_at) == ("Harbour meeting", "Jane Doe", "2020-06-29T15:52:00")
    assert "\nTags: planning, harbour\nAttendees: Ana Silva, Tom Berg\nStatus: Done\n" in doc.text
    assert "Note: the dredger is booked for October." in doc.text  # a line going on its sentence still joins


def test_bold_key_value_lines_stay_one_a_line() -> None:
    """A catalog entry's "**Credits:** 4" lines ran together into one sentence ("Credits: 4 Prerequisites: CS 101
    Instructor: Dr. Jane Roe") while the same lines without bold stayed apart."""
    text = parse_markdown(
        "# CS 999: Compilers\n\n**Credits:** 4\n**Prerequisites:** CS 101\n__Instructor:__ Dr. Jane Roe\n", "cs999.md"
    ).text
    assert text.endswith("Credits: 4\nPrerequisites: CS 101\nInstructor: Dr. Jane Roe")


def test_pymdown_blocks_and_mkdocstrings_lines() -> None:
    text = parse_markdown(
        "# Routing\n\nRoutes match in order.\n\n/// tip | Faster lookups\nPut the busiest routes first.\n///\n\n"
        "::: starlette.routing.Router\n    options:\n      members: true\n\nMounts nest apps.\n",
        "routing.md",
    ).text
    assert "Faster lookups: Put the busiest routes first." in text
    assert "starlette.routing" not in text and "members" not in text and "///" not in text
    assert text.endswith("Mounts nest apps.")


def test_an_api_page_inside_an_admonition_goes_with_its_title() -> None:
    text = parse_markdown(
        '# Applications\n\n??? abstract "API Reference"\n    ::: starlette.applications.Starlette\n'
        '        options:\n            filters:\n                - "__init__"\n\n'
        "Starlette ties the parts together.\n\n!!! note\n    Keep one app.\n    ::: pkg.App\n        options: {}\n",
        "applications.md",
    ).text
    assert text.endswith("\n\nStarlette ties the parts together.\n\nNote: Keep one app.")
    assert "API Reference" not in text and "starlette.applications" not in text and "options" not in text


def test_block_quotes_read_as_their_text_and_alerts_as_lead_ins() -> None:
    text = parse_markdown(
        "# Setup\n\nInstall it first.\n> [!NOTE]\n> The installer needs Python 3.11.\n\n"
        "> [!warning]- Data loss\n> Reset deletes every index.\n> Back up first.\n\n"
        "> A quote on\n> two lines.\n\n```console\n> not a quote\n```\n",
        "setup.md",
    ).text
    assert "Install it first.\nNote: The installer needs Python 3.11." in text  # a quote is a block of its own
    assert "Data loss: Reset deletes every index. Back up first." in text
    assert "\nA quote on two lines." in text
    assert "    > not a quote" in text  # code keeps what it shows


def test_footnotes_and_definition_lists_read_as_their_text() -> None:
    text = parse_markdown(
        "# Bridge\n\nThe bridge reopened in May.[^1] Use `a[^1]` in code.\n\n"
        "Load limit\n: 40 tonnes for trucks.\n\n[^1]: According to the city engineer, Ana Silva.\n",
        "bridge.md",
    ).text
    assert "The bridge reopened in May. Use a[^1] in code." in text
    assert "Load limit: 40 tonnes for trucks." in text
    assert text.endswith("\n\nAccording to the city engineer, Ana Silva.")


def test_a_jekyll_site_lends_its_author_and_name_and_its_build_output_is_not_read(tmp_path) -> None:
    (tmp_path / "_config.yml").write_text("title: Millbrook Notes\nauthor:\n  name: Sam Ortiz\n")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2021-03-02-library.md").write_text("---\ntitle: Library\n---\nThe library reopened.\n")
    (tmp_path / "guest.md").write_text("---\ntitle: Guest post\nauthor: Ana Silva\n---\nA guest writes.\n")
    (tmp_path / "_site").mkdir()
    (tmp_path / "_site" / "library.html").write_text("<html><body><p>The library reopened.</p></body></html>")
    docs, report = read_corpus(tmp_path)
    assert {d.doc_id: (d.author, d.source) for d in docs} == {
        "_posts/2021-03-02-library.md": ("Sam Ortiz", "Millbrook Notes"),
        "guest.md": ("Ana Silva", "Millbrook Notes"),  # a page's own author wins
    }
    assert "_site/: the Jekyll site's build output or tooling, not read (its pages are)" in report.skipped


def test_a_hugo_site_is_told_by_its_config_and_a_config_of_something_else_is_not(tmp_path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Courier"\n[params]\nauthor = "P"\n')
    assert site_of(tmp_path) == Site("hugo", "P", "Courier", ("public", "resources", "themes", "node_modules"))
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.yaml").write_text("retries: 3\n")  # a project's config, no site's
    assert site_of(other) is None
    (other / "config.yaml").write_text("baseURL: https://example.org/\ntitle: [unclosed\n")
    assert site_of(other) is None  # unreadable: no baseURL to tell a Hugo site by
    (other / "_config.yml").write_text("title: [unclosed\n")
    assert site_of(other) == Site("jekyll", skipped_folders=("_site", "node_modules", "vendor"))


def test_author_slugs_are_credited_to_the_names_their_profiles_give(tmp_path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Courier"\n')
    profile = tmp_path / "content" / "authors" / "admin"
    profile.mkdir(parents=True)
    (profile / "_index.md").write_text("---\ntitle: Priya Raman\n---\n\nPriya covers energy.\n")
    posts = tmp_path / "content" / "posts"
    posts.mkdir()
    (posts / "solar.md").write_text('+++\ntitle = "Solar"\nauthors = ["admin", "Li Wei"]\n+++\n\nThe vote.\n')
    (posts / "named.md").write_text('+++\ntitle = "Named"\nauthor = "Ana Silva"\n+++\n\nText.\n')
    docs, _ = read_corpus(tmp_path)
    by_title = {d.title: d.author for d in docs}
    assert by_title["Solar"] == "Priya Raman and Li Wei" and by_title["Named"] == "Ana Silva"


def test_wikilinks_read_as_their_alias_or_target_and_embeds_as_nothing() -> None:
    """An Obsidian note's "[[Sam Patel|Sam]]" was quoted in answers as written; a shell's "[[ -f x ]]" stays."""
    doc = parse_markdown(
        "# Kickoff\n\nMet [[Sam Patel|Sam]] and [[Lina Ortiz]] about the [[Garden project#Tasks|garden]].\n\n"
        "![[photo.png]]\n\nRun `[[ -f x ]]` first.\n",
        "kickoff.md",
    )
    assert "Met Sam and Lina Ortiz about the garden." in doc.text
    assert "photo.png" not in doc.text and "[[" not in doc.text.replace("[[ -f x ]]", "")
    assert "Run [[ -f x ]] first." in doc.text
