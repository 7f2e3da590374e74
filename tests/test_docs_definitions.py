""" "What does X do", X a command or function a documentation section is headed by, asked of a real server over
the pyenv docs (real model, real FAISS): the section's first sentences say it, where the question's words pick
the examples that use it ("$ pyenv local 2.7.6") over the sentence defining it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import ROOT
from helpers.servers import ask, corpus_server


@pytest.fixture(scope="module")
def pyenv_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder = ROOT / "bench" / "data" / "corpus-pyenv"
    with corpus_server(folder, tmp_path_factory.mktemp("pyenv-index"), embedder) as base:
        yield base


@pytest.mark.parametrize(
    "question, opening",
    [
        ("what does pyenv local do", "Sets a local application-specific Python version"),
        ("what is pyenv shell", "Sets a shell-specific Python version"),
        ("what does pyenv rehash do", "Installs shims for all Python binaries known to pyenv"),
        ("tell me about pyenv install", "Install a Python version (using python-build)."),
    ],
)
def test_what_a_command_does_is_the_start_of_its_section(pyenv_server: str, question: str, opening: str) -> None:
    body = ask(pyenv_server, question)
    assert body["answer"].startswith(opening), body["answer"]
    assert {c["doc_id"] for c in body["citations"]} == {"pyenv-commands.md"}
    assert "$ pyenv" not in body["answer"], "an example is no definition"


def test_asked_which_command_does_something_the_answer_names_the_command(pyenv_server: str) -> None:
    """A reference section says what its command does without naming it ("Displays the root directory ..." under
    "pyenv root"): asked which command does that, the answer leads with the command; asked what the command does,
    it does not repeat it."""
    body = ask(pyenv_server, "cmd that prints the dir where versions and shims are kept")
    assert body["answer"].startswith("pyenv root: Displays the root directory where versions and shims are kept."), (
        body["answer"]
    )
    assert ask(pyenv_server, "what does pyenv root do")["answer"].startswith("Displays the root directory")
