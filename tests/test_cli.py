"""The ``ragqa`` command as a user runs it: real processes, the real model, real files.

``ask`` prints a cited answer and its numbered sources, continues a conversation kept in files, and keeps
other libraries' logs off stderr; ``index`` prints progress lines when stderr is not a terminal; a bad
option value is a usage error (exit 2) that names the option.
"""

import json
import re
import time

import pytest
from helpers import ROOT
from helpers.cli import ragqa

from ragqa.index.store import live_version, load_version

pytestmark = pytest.mark.slow

ARTICLE = "What's behind Russia's growing ties with the Taliban"
NOISE = re.compile(r"\b(?:INFO|DEBUG)\b|faiss\.loader|bm25s")


@pytest.fixture
def env(tmp_path):
    """No LLM (extractive answers), conversations kept under ``tmp_path``."""
    return {"RAGQA_LLM_BASE_URL": "", "RAGQA_CONVERSATION_DIR": str(tmp_path / "conversations")}


def assert_quiet(stderr: str) -> None:
    noisy = [line for line in stderr.splitlines() if NOISE.search(line)]
    assert not noisy, f"log lines at default verbosity: {noisy}"


def test_ask_prints_the_answer_with_markers_and_numbered_sources(index_dir, env):
    out = ragqa("ask", "Who is Zamir Kabulov?", "--index", str(index_dir), env=env)
    assert out.returncode == 0, out.stderr
    answer, heading, sources = out.stdout.partition("\n\nSources:\n")
    assert heading, out.stdout
    assert "Kabulov" in answer and "[1]" in answer
    lines = sources.strip().splitlines()
    assert [line[: line.index("]") + 1] for line in lines] == [f"[{n}]" for n in range(1, len(lines) + 1)]
    assert lines[0].startswith(f"[1] {ARTICLE}") and "(russia-taliban-ties.md " in lines[0]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer)} == set(range(1, len(lines) + 1))
    assert "Traceback" not in out.stderr
    assert_quiet(out.stderr)


def test_an_abstention_lists_the_closest_passages_as_no_sources(index_dir, env):
    out = ragqa("ask", "What is a good recipe for pizza dough?", "--index", str(index_dir), env=env)
    assert out.returncode == 0, out.stderr
    answer, heading, closest = out.stdout.partition("\n\nClosest passages:\n")
    assert answer.startswith("The articles do not say") and heading and "Sources:" not in out.stdout
    lines = closest.strip().splitlines()
    assert [line[:3] for line in lines] == ["1. ", "2. ", "3. "] and ARTICLE in lines[0]


def test_search_is_quiet_at_default_verbosity_and_logs_with_verbose(index_dir, env):
    quiet = ragqa("search", "Kabulov envoy", "--index", str(index_dir), "-k", "2", env=env)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.startswith(" 1. ") and ARTICLE in quiet.stdout and "\n 2. " in quiet.stdout
    assert_quiet(quiet.stderr)
    loud = ragqa("-v", "search", "Kabulov envoy", "--index", str(index_dir), "-k", "2", env=env)
    assert loud.returncode == 0, loud.stderr
    assert NOISE.search(loud.stderr), "with -v the same command logs: the quiet check above can fail"


def test_a_conversation_makes_the_follow_up_use_the_earlier_turn(index_dir, env, tmp_path):
    def ask(question, conversation):
        out = ragqa("ask", question, "--index", str(index_dir), "--conversation", conversation, "--json", env=env)
        assert out.returncode == 0, out.stderr
        assert_quiet(out.stderr)
        return json.loads(out.stdout)

    first = ask("Who is Zamir Kabulov?", "kabulov-chat")
    assert first["query"] == "Who is Zamir Kabulov?" and first["conversation_id"] == "kabulov-chat"
    assert not first["abstained"] and first["citations"]
    follow_up = ask("What did he call the intelligence?", "kabulov-chat")
    assert follow_up["conversation_id"] == "kabulov-chat"
    assert follow_up["query"] != "What did he call the intelligence?"
    assert "Kabulov" in follow_up["query"]  # "he" was resolved from the first turn

    saved = json.loads((tmp_path / "conversations" / "kabulov-chat.json").read_text())
    assert [t["question"] for t in saved["turns"]] == ["Who is Zamir Kabulov?", "What did he call the intelligence?"]
    assert saved["turns"][0]["chunk_ids"] == [c["chunk_id"] for c in first["citations"]]
    assert saved["turns"][0]["doc_ids"] == ["russia-taliban-ties.md"]
    assert saved["turns"][1]["query"] == follow_up["query"]

    fresh = ask("What did he call the intelligence?", "another-chat")  # no earlier turn: nothing to resolve
    assert fresh["query"] == "What did he call the intelligence?"


@pytest.mark.parametrize("conversation", ["../../etc/passwd", "has space", "x" * 65])
def test_a_bad_conversation_id_is_a_usage_error_naming_the_option(index_dir, env, tmp_path, conversation):
    out = ragqa("ask", "Who is Zamir Kabulov?", "--index", str(index_dir), "--conversation", conversation, env=env)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "--conversation" in out.stderr and "conversation id" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert not (tmp_path / "conversations").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "Who is Zamir Kabulov?", "--index", "{file}"),
        ("search", "Kabulov", "--index", "{file}"),
        ("index", "--corpus", "{corpus}", "--index", "{file}"),
        ("index", "--corpus", "{file}", "--index", "{tmp}/index"),
        ("serve", "--index", "{file}", "--port", "1"),
    ],
)
def test_an_index_or_corpus_path_naming_a_file_is_a_usage_error(tmp_path, env, args):
    file = tmp_path / "not-a-folder"
    file.write_text("hi")
    paths = {"file": str(file), "corpus": str(ROOT / "corpus"), "tmp": str(tmp_path)}
    out = ragqa(*(a.format(**paths) for a in args), env=env)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "is a file, not a folder" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "index").exists()


def test_a_missing_corpus_leaves_no_index_folder_and_an_empty_question_is_refused(tmp_path, index_dir, env):
    out = ragqa("index", "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "index"), env=env)
    assert out.returncode == 2 and "does not exist" in out.stderr, (out.stdout, out.stderr)
    assert not (tmp_path / "index").exists()
    for command in ("ask", "search"):
        out = ragqa(command, "  ", "--index", str(index_dir), env=env)
        assert out.returncode == 2 and "is empty" in out.stderr, (out.stdout, out.stderr)


@pytest.mark.parametrize("runtime", ["onnx", "torch"])
def test_index_prints_progress_lines_when_stderr_is_not_a_terminal(tmp_path, corpus_copy, env, runtime):
    """On torch, transformers drew its "Loading weights" bar among the lines (a machine whose build runtime
    measured faster on torch)."""
    index = tmp_path / "index"
    env = {**env, "RAGQA_INDEX_EMBEDDING_BACKEND": runtime}
    out = ragqa("index", "--corpus", str(corpus_copy), "--index", str(index), env=env)
    assert out.returncode == 0, out.stderr
    chunks = load_version(index).chunk_count
    assert out.stdout.startswith(
        f"published index {live_version(index)}: 1 documents, {chunks} chunks "
        f"(added 1, changed 0, removed 0, unchanged 0; embedded {chunks} chunks) in "
    )
    lines = out.stderr.splitlines()
    assert lines, "no progress lines"
    stages = []
    for line in lines:  # every line is "HH:MM:SS <stage>[ done/total]"
        match = re.fullmatch(r"(\d\d:\d\d:\d\d) ([a-z][a-z ]*?)(?: (\d+)/(\d+))?", line)
        assert match, f"not a progress line: {line!r}"
        time.strptime(match.group(1), "%H:%M:%S")
        stages.append((match.group(2), match.group(3), match.group(4)))
    assert stages[0][0] == "reading corpus" and stages[-1] == ("done", "1", "1")
    assert ("embedding", "0", str(chunks)) in stages

    again = ragqa("index", "--corpus", str(corpus_copy), "--index", str(index), env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"index {live_version(index)} is up to date (1 documents, {chunks} chunks)")
    assert "embedding" not in again.stderr and "loading model" not in again.stderr


def test_eval_questions_reports_facts_found_and_abstentions_by_split(tmp_path, env):
    """A hand-written question set over a corpus folder: the rates, the misses and the split they came from."""
    from ragqa.eval.metrics import split_of

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ties.md").write_text((ROOT / "corpus" / "russia-taliban-ties.md").read_text())
    questions = [
        {"id": "a1", "question": "who is zamir kabulov", "answers": ["envoy to Afghanistan"], "kind": "who"},
        {"id": "a2", "question": "who wrote this article?", "answers": ["Robyn Dixon"], "kind": "metadata"},
        {"id": "u1", "question": "what is the capital of australia", "answers": [], "kind": "where"},
    ]
    data = tmp_path / "set.json"
    data.write_text(json.dumps({"name": "tiny", "corpus": {"folder": str(corpus)}, "questions": questions}))
    env = {**env, "RAGQA_EVAL_CACHE_DIR": str(tmp_path / "cache")}
    result = ragqa("eval", "questions", "--data", str(data), "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["answerable"], report["unanswerable"]) == (2, 1)
    assert report["answered_with_fact"] == 1.0 and report["unanswerable_abstained"] == 1.0, report["misses"]
    assert report["misses"] == [] and report["split"] == "all"
    tune = json.loads(ragqa("eval", "questions", "--data", str(data), "--split", "tune", "--json", env=env).stdout)
    assert tune["questions"] == sum(split_of(q["id"]) == "tune" for q in questions)
    bad = ragqa("eval", "questions", "--data", str(data), "--split", "half", env=env)
    assert bad.returncode == 2 and "--split" in bad.stderr


def test_eval_conversations_asks_each_follow_up_after_its_earlier_turns(tmp_path, env):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ties.md").write_text((ROOT / "corpus" / "russia-taliban-ties.md").read_text())
    turns = [
        {"question": "who commands unit 29155", "answers": ["Andrei Averyanov"]},
        {"question": "what medal did he get", "answers": ["Hero of Russia"]},
        {"question": "when?", "answers": ["2015"]},
        {"question": "what is the capital of australia", "answers": []},
    ]
    data = tmp_path / "conversations.json"
    conversations = [{"id": "c1", "turns": turns}]
    data.write_text(
        json.dumps({"name": "conversations-tiny", "corpus": {"folder": str(corpus)}, "conversations": conversations})
    )
    env = {**env, "RAGQA_EVAL_CACHE_DIR": str(tmp_path / "cache")}
    result = ragqa("eval", "conversations", "--data", str(data), "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["conversations"], report["turns"], report["first_questions"], report["follow_ups"]) == (1, 4, 1, 2)
    assert report["first_answered_with_fact"] == 1.0 and report["follow_ups_answered_with_fact"] == 1.0, report[
        "misses"
    ]
    assert report["unanswerable_abstained"] == 1.0 and report["misses"] == []
