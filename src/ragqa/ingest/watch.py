"""``ragqa index --watch``: rebuild incrementally whenever the corpus folder changes.

Changes are grouped until the folder has been quiet for ``settle_ms`` (an editor's save, a
``cp -r`` of many files or a ``git pull`` becomes one build, not dozens), and each build is the
ordinary incremental one, so only new or changed documents are embedded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, watch

from ragqa.ingest.corpus import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)


def corpus_change_filter(corpus_dir: Path) -> Callable[[Change, str], bool]:
    """Keep changes that can alter the corpus: supported files, and any deletion (it may be a folder).

    Hidden files and folders are ignored, as the corpus reader ignores them (editor swap files,
    ``.git``).
    """
    root = corpus_dir.resolve()

    def keep(change: Change, path: str) -> bool:
        p = Path(path)
        try:
            parts = p.resolve().relative_to(root).parts
        except ValueError:
            parts = p.parts
        if any(part.startswith(".") for part in parts):
            return False
        return change == Change.deleted or p.suffix.lower() in SUPPORTED_SUFFIXES

    return keep


def watch_corpus(
    corpus_dir: Path,
    rebuild: Callable[[], None],
    settle_ms: int = 1000,
    max_wait_ms: int = 30_000,
    stop: threading.Event | None = None,
    force_polling: bool | None = None,
) -> None:
    """Run ``rebuild`` once now, then again after every settled batch of corpus changes, until ``stop``.

    The watcher is started before the first build, so a change made while that build runs is
    not lost: it triggers the next one. ``rebuild`` handles its own errors; an exception
    escaping it ends the watch.
    """
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist: create it or set RAGQA_CORPUS_DIR")
    batches = watch(
        corpus_dir,
        watch_filter=corpus_change_filter(corpus_dir),
        debounce=max_wait_ms,
        step=settle_ms,
        stop_event=stop,
        rust_timeout=1000,
        yield_on_timeout=True,
        raise_interrupt=False,
        force_polling=force_polling,
    )
    first = next(batches, None)  # returns once the watcher runs (after at most rust_timeout)
    if stop is not None and stop.is_set():
        return
    log.info("watching %s for changes (settle %d ms)", corpus_dir, settle_ms)
    rebuild()
    if first:
        log.info("%d change(s) while starting; already included in the first build", len(first))
    for changes in batches:
        if not changes:
            continue
        log.info("%d change(s) in %s settled: rebuilding", len(changes), corpus_dir)
        rebuild()
