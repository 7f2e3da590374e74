"""``POST /documents``, ``PUT/DELETE/GET /documents/{id}``: documents written over HTTP.

A write is stored durably first (``ingest.document_store``: SQLite, WAL, ``synchronous=FULL``; a batch is one
transaction), then indexed by a background build (``ReindexJobs.request_build``) that every write arriving while a
build runs joins, so a burst of writes makes one more version, not one per write. The 202 carries that build's
``job_id`` (``GET /admin/jobs/{id}``); ``GET /documents/{id}`` says ``pending`` until the served version holds the
document's current content, then ``indexed`` with that ``indexed_version``.

Every route takes the admin token, or (when API keys are configured) an API key whose scope (``api.keys``) lets it
write (``POST``/``PUT``/``DELETE``) or read (``GET``) the ``collection``; a collection outside the key's scope
answers 404 as one that does not exist. Each collection has its own store and builds (``collections_registry``).
The listing ``GET /documents`` stays in ``api.admin`` (``default`` only).
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from ragqa.api.collections import open_collection
from ragqa.api.deps import get_settings
from ragqa.api.errors import closest_field, error_response, with_known_fields
from ragqa.api.schemas import VISIBLE, ErrorResponse, collection_field
from ragqa.api.security import require_documents_access
from ragqa.config import Settings
from ragqa.index.store import LoadedIndex
from ragqa.ingest.corpus import SUPPORTED_SUFFIXES
from ragqa.ingest.delimited import WORKBOOK_SUFFIXES
from ragqa.ingest.document_store import (
    UPLOADED,
    DocumentInputError,
    StoredDocument,
    WriteResult,
    corpus_namesakes,
    document_from_record,
    instead_of,
    read_upload,
    undated_warnings,
)
from ragqa.records import Document, DocumentRecord
from ragqa.services import Services

router = APIRouter(dependencies=[Depends(require_documents_access)], tags=["documents"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse},
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    409: {"model": ErrorResponse},
    413: {"model": ErrorResponse},
    415: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}
FORM_OVERHEAD_BYTES = 65_536
"""What a multipart body may hold beside the file itself (boundaries, part headers, the id and collection)."""
_ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FILENAME_CHARS = 255
"""The longest file name an upload may have: the longest a filesystem (so the corpus folder) holds."""
SHOWN_IDS = 5
"""How many of a refused file's document ids an error lists."""
FORM_FIELDS = ("file", "id", "collection")
"""The fields of a multipart upload."""


DocIdPath = Annotated[
    str, PathParam(min_length=1, max_length=300, pattern=_ID_PATTERN, description="The document's id.")
]


def upload_body_limit(settings: Settings) -> int:
    """The body size limit of document writes: the largest file plus the form around it."""
    return settings.max_upload_bytes + FORM_OVERHEAD_BYTES


class DocumentIn(BaseModel):
    """One document; fields as in a corpus ``.jsonl`` line."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        None,
        min_length=1,
        max_length=300,
        pattern=_ID_PATTERN,
        description="Its id (absent: derived from the content, so the same content posted twice is one document). "
        "A corpus-folder document with the same id is replaced by this one.",
    )
    title: str = Field("", max_length=1000)
    text: str = Field(..., pattern=VISIBLE, description="The text to index (required, not blank).")
    url: str = Field("", max_length=2000)
    source: str = Field("", max_length=300)
    author: str = Field("", max_length=300)
    published_at: str = Field("", max_length=100, description="A date; ISO (2024-05-01) or as written in articles.")
    category: str = Field("", max_length=300)

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank: send the document's text")
        return value

    def record(self) -> dict[str, Any]:
        """The document as a JSONL record: not where to write it (``collection``), which would be read as one of its
        fields and said in its text ("Collection: default")."""
        return self.model_dump(exclude={"id", "collection"})


class OneDocumentIn(DocumentIn):
    collection: str = collection_field()


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(..., min_length=1, description="1 to RAGQA_DOCUMENTS_BATCH_MAX documents.")
    collection: str = collection_field()


class WrittenOut(BaseModel):
    id: str
    status: str = Field(description="created, updated, unchanged or deleted")
    content_hash: str


class WriteOut(BaseModel):
    """What a write did; the documents are durable, searchable once ``job_id`` has succeeded."""

    id: str | None = Field(description="The document's id when the request wrote one document.")
    collection: str
    documents: list[WrittenOut]
    job_id: str = Field(description="The build that will make these writes searchable: GET /admin/jobs/{job_id}.")
    warnings: list[str] = Field(
        default_factory=list,
        description="What was stored but may not be what you meant: a file's front matter that is not valid YAML (read "
        "line by line, or kept as text), a date not understood (kept as written, no date filter matches it), a "
        "corpus-folder document this one hides while it exists.",
    )


class DocumentDetail(BaseModel):
    id: str
    collection: str
    origin: str = Field(description="api (written through /documents) or corpus (a file of the corpus folder)")
    status: str = Field(description="pending (written, not yet in the served index) or indexed")
    deleted: bool = Field(description="Deleted through the API; pending until the served index drops it.")
    indexed_version: str | None = Field(description="The served index version holding this content, else null.")
    chunk_count: int | None = Field(description="Its chunks in the served index (null while pending).")
    content_hash: str
    title: str
    url: str
    source: str
    author: str
    published_at: str
    category: str
    created_at: float | None
    updated_at: float | None


def _request_body(batch_allowed: bool = True) -> dict[str, Any]:
    """The OpenAPI request body of the write routes (read by hand: JSON or multipart on one route)."""
    one = OneDocumentIn.model_json_schema()
    if not batch_allowed:  # the URL names the document
        one = {**one, "properties": {k: v for k, v in one["properties"].items() if k != "id"}}
    batch = {
        "type": "object",
        "title": "BatchIn",
        "required": ["documents"],
        "additionalProperties": False,
        "properties": {
            "documents": {"type": "array", "minItems": 1, "items": DocumentIn.model_json_schema()},
            "collection": one["properties"]["collection"],
        },
    }
    form = {
        "type": "object",
        "required": ["file"],
        "additionalProperties": False,
        "properties": {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "A file of any type the corpus folder reads: .md, .txt, .jsonl, .csv, .xlsx, .html, "
                ".pdf, .docx, .odt, .epub, .org, .adoc, .tex, .eml, .mbox and more (the README's Corpus section)",
            },
            "id": {
                "type": "string",
                "description": "The document's id (default: the file's name, as the corpus folder names a file's "
                "documents, by its path when the folder's only file of that name is in a subfolder: an upload of the "
                "same name replaces it; records of a .jsonl or sheet keep their own).",
            },
            "collection": {"type": "string", "default": "default"},
        },
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"oneOf": [one, batch]} if batch_allowed else one},
                "multipart/form-data": {"schema": form},
            },
        }
    }


# ---------------------------------------------------------------- errors


def field_error(status: int, field: str, message: str) -> JSONResponse:
    kinds = {413: "too_large", 415: "unsupported_media_type", 422: "invalid_request"}
    text = message if message.startswith(field) else f"{field}: {message}"
    return error_response(status, kinds.get(status, "invalid_request"), text, [{"field": field, "message": text}])


class _Refused(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def _validate(model: type[BaseModel], data: Any) -> Any:
    """``data`` as ``model``; a field it does not have carries what to do instead (``instead_of``: "byline": send it
    under "author") and the fields beside it (the closest is offered: "titel", did you mean title?), which the
    error says."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [
            with_known_fields(_with_instead({**e, "loc": ("body", *e["loc"])}), model)
            for e in exc.errors(include_url=False)
        ]
        raise RequestValidationError(errors) from None


def _with_instead(error: Any) -> Any:
    if error.get("type") != "extra_forbidden":
        return error
    field = str(error["loc"][-1])
    instead = 'send it once, beside "documents"' if field == "collection" else instead_of(field, error.get("input"))
    return {**error, "ctx": {**error.get("ctx", {}), "instead": instead}}


# ---------------------------------------------------------------- reading requests


async def _json_documents(request: Request, settings: Settings, forced_id: str | None) -> tuple[str, list[Document]]:
    try:
        data = await request.json()
    except json.JSONDecodeError as exc:  # reported as FastAPI reports it on the other routes: at its character
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body", exc.pos), "msg": exc.msg, "ctx": {"error": exc.msg[:200]}}]
        ) from None
    except ValueError as exc:  # not UTF-8
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": str(exc), "ctx": {"error": str(exc)[:200]}}]
        ) from None
    if not isinstance(data, dict):
        raise RequestValidationError([{"type": "dict_type", "loc": ("body",), "msg": "must be an object"}])
    if "documents" in data and forced_id is None:
        items = data["documents"]
        if isinstance(items, list) and len(items) > settings.documents_batch_max:
            raise _Refused(
                field_error(
                    422,
                    "documents",
                    f"holds {len(items)} documents, more than the {settings.documents_batch_max} one request may "
                    "send (RAGQA_DOCUMENTS_BATCH_MAX): split the batch",
                )
            )
        batch = _validate(BatchIn, data)
        return batch.collection, [_document(d, i, d.id) for i, d in enumerate(batch.documents)]
    one = _validate(OneDocumentIn, data)
    if forced_id is not None and one.id is not None and one.id != forced_id:
        raise _Refused(field_error(422, "id", f"is {one.id!r} but the URL names {forced_id!r}: drop it or match"))
    return one.collection, [_document(one, None, forced_id or one.id)]


def _document(item: DocumentIn, index: int | None, doc_id: str | None) -> Document:
    try:
        return document_from_record(item.record(), doc_id)
    except DocumentInputError as exc:
        field = exc.field if index is None else f"documents.{index}.{exc.field}"
        raise _Refused(field_error(422, field, exc.message)) from None


def _filename_too_long(length: int | None) -> JSONResponse:
    """``length`` None: the multipart parser refused the part's header, so the filename was never read."""
    what = f"is {length} characters long" if length is not None else "is too long for its part header to be read"
    return field_error(
        422, "file", f"its filename {what}; it may have at most {MAX_FILENAME_CHARS} characters: rename the file"
    )


def _header_too_long(exc: BaseException) -> bool:
    """Whether the multipart parser gave up on a part header over its size limit (Starlette reports only "Invalid
    multipart data."; the parser's error is in the exception's chain)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MultipartParseError) and "header size" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _read_form(request: Request) -> FormData:
    """The multipart form; a part header too long to parse (in practice, a filename of thousands of characters) is
    a 422 naming ``file`` and the filename limit rather than a bare 400."""
    try:
        return await request.form(max_files=1, max_fields=10)
    except StarletteHTTPException as exc:
        if exc.status_code == 400 and _header_too_long(exc):
            raise _Refused(_filename_too_long(None)) from None
        raise


def _listed(docs: list[Document]) -> str:
    ids = ", ".join(d.doc_id for d in docs[:SHOWN_IDS])
    return ids + (", ..." if len(docs) > SHOWN_IDS else "")


def _as_named(docs: list[Document], wanted: str, put: bool, name: str) -> list[Document]:
    """``docs`` as the one document the request names (``wanted``: the URL's id for PUT, else the form's ``id``).

    A document without an id of its own has taken ``wanted`` already (``parse_upload``); a file of several
    documents, or of one with another id of its own, is refused: writing it would store documents under ids the
    request did not name."""
    if len(docs) == 1:
        doc = docs[0]
        if doc.doc_id == wanted:
            return docs
        own = doc.doc_id
        if put:
            message = (
                f"PUT /documents/{wanted} replaces one document; the document in {name} has its own id {own!r}: "
                f"PUT it to /documents/{own}, remove its id from the file, or POST it to /documents"
            )
            raise _Refused(field_error(422, "file", message))
        message = f"is {wanted!r} but the document in {name} has its own id {own!r}: drop one of them or match"
        raise _Refused(field_error(422, "id", message))
    if put:
        message = (
            f"PUT /documents/{wanted} replaces one document; the file holds {len(docs)} ({_listed(docs)}): "
            "POST it to /documents, or upload one document"
        )
        raise _Refused(field_error(422, "file", message))
    message = (
        f"names one document, but {name} holds {len(docs)} ({_listed(docs)}): drop the id (each document keeps "
        "its own) or upload one document"
    )
    raise _Refused(field_error(422, "id", message))


async def _form_documents(
    request: Request, settings: Settings, forced_id: str | None
) -> tuple[str, list[Document], list[str]]:
    """The collection, the uploaded file's documents and what reading it found (``document_store.Upload``)."""
    form = await _read_form(request)
    try:
        unknown = sorted(set(form.keys()) - set(FORM_FIELDS))
        if unknown:
            meant = closest_field(unknown[0], FORM_FIELDS)
            guess = f"did you mean {meant}? If not, " if meant else ""
            message = f"{unknown[0]} is not a known form field: {guess}send file, id and collection"
            raise _Refused(field_error(422, unknown[0], message))
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _Refused(field_error(422, "file", "is required: send the document as the multipart part `file`"))
        collection = str(form.get("collection") or "default")
        given = str(form.get("id") or "") or None
        if forced_id is not None and given is not None and given != forced_id:
            raise _Refused(field_error(422, "id", f"is {given!r} but the URL names {forced_id!r}: drop it or match"))
        doc_id = forced_id or given
        # the upload's documents are named by it: a control character would make an id no URL can name
        name = _CONTROL.sub(" ", Path(upload.filename or "").name)
        if len(name) > MAX_FILENAME_CHARS:
            raise _Refused(_filename_too_long(len(name)))
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise _Refused(
                field_error(
                    415,
                    "file",
                    f"{name or 'the file'} is not a supported type: send {', '.join(SUPPORTED_SUFFIXES)}",
                )
            )
        data = await upload.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise _Refused(
                field_error(
                    413,
                    "file",
                    f"{name} is larger than {settings.max_upload_bytes} bytes (RAGQA_MAX_UPLOAD_BYTES): send a "
                    "smaller file",
                )
            )
    finally:
        await form.close()
    corpus_path: str | None = None
    naming: list[str] = []
    if doc_id is None:  # named by its file: as the corpus folder names its file of that name, in a subfolder too
        services = open_collection(request, collection, "write")
        corpus_path, naming = await asyncio.to_thread(_named_as, services, name)
    try:
        upload_read = await asyncio.to_thread(read_upload, name, data, doc_id, corpus_path)
    except DocumentInputError as exc:
        raise _Refused(field_error(422, exc.field, exc.message)) from None
    docs = upload_read.documents
    if doc_id is not None:
        docs = _as_named(docs, doc_id, forced_id is not None, name)
    if len(docs) > settings.documents_batch_max:
        raise _Refused(
            field_error(422, "file", f"holds {len(docs)} documents, more than {settings.documents_batch_max}")
        )
    return collection, docs, [*naming, *upload_read.warnings]


def _named_as(services: Services, name: str) -> tuple[str | None, list[str]]:
    """The corpus path an upload without an id takes, the served corpus folder's only file of its name in a
    subfolder (``corpus_namesakes``), else None; and what the writer is told: the path it took, or the files of
    its name that it leaves alone when there are several (which one was meant cannot be told)."""
    served = services.holder.serving
    paths = corpus_namesakes(name, (r.path for r in served.index.document_records) if served is not None else ())
    if len(paths) > 1:
        return None, [
            f"{name}: the corpus folder holds files of this name at {_and(paths)}, so it is stored apart as "
            f"{name!r}: send the form field id=<path> to replace one of them"
        ]
    if not paths:
        return None, []
    named = [
        f"{name}: named {paths[0]!r}, as the corpus folder names its file of that name, so it replaces that file's "
        "version (send the form field id to store it apart)"
    ]
    earlier = services.documents.get(name)
    if earlier is not None and earlier.document is not None:  # stored by its bare name before uploads were named so
        named.append(f"{name}: an earlier upload stored as {name!r} answers too: DELETE /documents/{name} to keep one")
    return paths[0], named


def _and(items: list[str]) -> str:
    """``items`` quoted, as a sentence lists them ("'a', 'b' and 'c'"), at most ``SHOWN_IDS`` of them."""
    shown = [repr(i) for i in items[:SHOWN_IDS]]
    if len(items) > SHOWN_IDS:
        shown.append(f"{len(items) - SHOWN_IDS} more")
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


async def _write(request: Request, forced_id: str | None = None) -> WriteOut | JSONResponse:
    settings = get_settings(request)  # the limits are the server's, the same for every collection
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        read: list[str] = []  # what reading an uploaded file found (a front matter read line by line)
        if kind == "multipart/form-data":
            collection, docs, read = await _form_documents(request, settings, forced_id)
        elif kind in ("application/json", ""):
            collection, docs = await _json_documents(request, settings, forced_id)
        else:
            return field_error(
                415, "body", f"Content-Type {kind!r} is not accepted: send application/json or multipart/form-data"
            )
    except _Refused as refused:
        return refused.response
    services = open_collection(request, collection, "write")
    # before the write (the store holds them after), off the event loop: it reads the store
    warnings = [*read, *undated_warnings(docs), *await asyncio.to_thread(_hidden_files, services, docs)]
    # each collection has its own store: rows use the store's default partition (``collections_registry``)
    written = await asyncio.to_thread(services.documents.put, docs)
    job = services.jobs.request_build(read)  # after the commit: this build reads the store after these writes
    return WriteOut(
        id=written[0].doc_id if len(written) == 1 else None,
        collection=collection,
        documents=[WrittenOut(id=w.doc_id, status=w.status, content_hash=w.content_hash) for w in written],
        job_id=job.id,
        warnings=warnings,
    )


def _hidden_files(services: Services, docs: list[Document]) -> list[str]:
    """A warning for each document written with the id of a corpus-folder document (the API's wins: README), which
    a user overwriting "marathon.md" may not know hides the file's version."""
    return [
        f"{doc.doc_id}: hides the corpus folder's document of that id while this one exists (DELETE it to bring "
        "the file's version back)"
        for doc in docs
        if _indexed_record(services, doc.doc_id) is not None and services.documents.get(doc.doc_id) is None
    ]


# ---------------------------------------------------------------- routes


@router.post("/documents", status_code=202, response_model=WriteOut, responses=ERRORS, openapi_extra=_request_body())
async def post_documents(request: Request) -> WriteOut | JSONResponse:
    """Store one document (`{"text": ..., "title": ...}`), a batch (`{"documents": [...]}`, up to
    RAGQA_DOCUMENTS_BATCH_MAX) or an uploaded file (multipart part `file`: any type the corpus folder reads, .md to
    .epub), durably, then index it in the background (`job_id`)."""
    return await _write(request)


@router.put(
    "/documents/{doc_id:path}",
    status_code=202,
    response_model=WriteOut,
    responses=ERRORS,
    openapi_extra=_request_body(batch_allowed=False),
)
async def put_document(doc_id: DocIdPath, request: Request) -> WriteOut | JSONResponse:
    """Create or replace the document `doc_id` (JSON or multipart, as for POST); its old chunks are replaced."""
    return await _write(request, forced_id=doc_id)


@router.delete("/documents/{doc_id:path}", status_code=202, response_model=WriteOut, responses=ERRORS)
def delete_document(
    doc_id: DocIdPath, request: Request, collection: str = Query("default", max_length=100)
) -> WriteOut | JSONResponse:
    """Delete a document written through the API; it leaves search with the build `job_id`."""
    services = open_collection(request, collection, "write")
    done = services.documents.delete(doc_id) or _removal_pending(services, doc_id)
    if done is None:
        held = _indexed_record(services, doc_id)
        if held is not None:
            raise HTTPException(409, _from_the_corpus(services, held))
        file = _corpus_file(services, doc_id)
        if file is not None:
            raise HTTPException(409, file)
        raise HTTPException(404, f"no document {doc_id!r} in collection {collection!r}")
    job = services.jobs.request_build()
    return WriteOut(
        id=doc_id,
        collection=collection,
        documents=[WrittenOut(id=doc_id, status=done.status, content_hash=done.content_hash)],
        job_id=job.id,
    )


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses=ERRORS)
def get_document(
    doc_id: DocIdPath, request: Request, collection: str = Query("default", max_length=100)
) -> DocumentDetail:
    """A document's metadata, chunk count and whether the served index holds it yet (`indexed_version`)."""
    services = open_collection(request, collection)
    stored = services.documents.get(doc_id)
    served = services.holder.serving
    held = _indexed_record(services, doc_id)
    version = served.version if served is not None else None
    if stored is not None and stored.document is not None:
        doc = stored.document
        indexed = held is not None and held.content_hash == stored.content_hash
        return DocumentDetail(
            id=doc_id,
            collection=collection,
            origin="api",
            status="indexed" if indexed else "pending",
            deleted=False,
            indexed_version=version if indexed else None,
            chunk_count=held.chunk_count if indexed and held is not None else None,
            content_hash=stored.content_hash,
            title=doc.title,
            url=doc.url,
            source=doc.source,
            author=doc.author,
            published_at=doc.published_at,
            category=doc.category,
            created_at=stored.created_at,
            updated_at=stored.updated_at,
        )
    if held is None:
        raise HTTPException(404, f"no document {doc_id!r} in collection {collection!r}")
    removing = _is_removing(stored, held)
    return DocumentDetail(
        id=doc_id,
        collection=collection,
        origin="api" if removing else "corpus",
        status="pending" if removing else "indexed",
        deleted=removing,
        indexed_version=version,
        chunk_count=held.chunk_count,
        content_hash=held.content_hash,
        title=held.title,
        url=held.url,
        source=held.source,
        author=held.author,
        published_at=held.published_at,
        category=held.category,
        created_at=stored.created_at if removing and stored is not None else None,
        updated_at=stored.updated_at if removing and stored is not None else None,
    )


def _from_the_corpus(services: Services, held: DocumentRecord) -> str:
    """Why a corpus-folder document cannot be deleted over HTTP, and what to do instead: its file named, and, when
    the file holds other documents too, that deleting the file would remove them all.

    Why: a listing of an estate agent's export of 20 (``listings.jsonl``) was told "delete its file there", which
    would have removed the other 19, and no word said which file held it."""
    what = f"document {held.doc_id!r} comes from the corpus folder"
    if not held.path:  # a version built before documents kept their file
        return f"{what}: delete its file there (or its record from a file of several) and reindex"
    served = services.holder.serving
    records = served.index.document_records if served is not None else []
    together = sum(1 for record in records if record.path == held.path)
    if together <= 1:
        return f"{what}'s file {held.path!r}: delete the file there and reindex"
    every = "both" if together == 2 else f"all {together}"
    one, whole = ("sheet", "workbook") if _is_sheet(held) else ("one", "file")
    return (
        f"{what}'s file {held.path!r}, which holds {together} documents: remove this {one} from the {whole} and "
        f"reindex (deleting the file would remove {every})"
    )


def _is_sheet(held: DocumentRecord) -> bool:
    """Whether a corpus document is a whole sheet of a workbook of several, which names it "<file>:<sheet>" (a row
    holding an article's text is "<file>:<row>" or "<file>:<sheet>:<row>", and a sheet name cannot hold a colon; a
    sheet named by a number alone is told apart from a row by no rule, so it keeps the file's wording).

    >>> _is_sheet(DocumentRecord("rates.xlsx:Rates", "", "", "", "", "", "", 1, path="rates.xlsx"))
    True
    >>> _is_sheet(DocumentRecord("rates.xlsx:Rates:2", "", "", "", "", "", "", 1, path="rates.xlsx"))
    False
    """
    sheet = held.doc_id.removeprefix(f"{held.path}:")
    return (
        held.path.lower().endswith(WORKBOOK_SUFFIXES)
        and sheet != held.doc_id
        and ":" not in sheet
        and not sheet.isdigit()
    )


LISTED_IDS = 5
"""At most this many of a corpus file's document ids are named in the answer to a DELETE of the file's name."""


def _corpus_file(services: Services, name: str) -> str | None:
    """Why a corpus-folder file named in place of a document id cannot be deleted over HTTP, with the ids of the
    documents it holds; None when no served document comes from a file of that name. A bare file name names the
    file of that name in a subfolder too ("wp-posts-export.jsonl" for "news/wp-posts-export.jsonl"), as an upload of
    that name does (``_named_as``).

    Why: a national park tester's ``DELETE /documents/ranger-reports.jsonl`` answered "no document
    'ranger-reports.jsonl'", with no word that the file holds RR-2025-11, RR-2026-01 and RR-2026-03."""
    served = services.holder.serving
    records = [r for r in (served.index.document_records if served is not None else []) if r.path]
    files = corpus_namesakes(name, (r.path for r in records if not r.path.startswith(UPLOADED)))
    paths = set(files) or {name}  # none in a subfolder: the file at the folder's top, if any
    ids = [r.doc_id for r in records if r.path in paths]
    if not ids:
        return None
    more = f" and {len(ids) - LISTED_IDS} more" if len(ids) > LISTED_IDS else ""
    shown = ", ".join(repr(i) for i in ids[:LISTED_IDS]) + more
    if len(files) > 1:
        what, holds, file = f"names corpus folder files ({_and(files)})", "they hold", "a file"
    else:
        what, holds, file = "is a corpus folder file" + (f" ({files[0]!r})" if files else ""), "it holds", "the file"
    return f"{name!r} {what}, not a document id: {holds} {shown}; delete {file} there (or a record of it) and reindex"


def _is_removing(stored: StoredDocument | None, held: DocumentRecord | None) -> bool:
    """Whether the served index still holds an API document that was deleted (its tombstone has the same hash)."""
    return stored is not None and stored.deleted and held is not None and held.content_hash == stored.content_hash


def _removal_pending(services: Services, doc_id: str) -> WriteResult | None:
    """A repeated DELETE of an API document whose removal is not served yet: the same answer as the first (a
    DELETE is idempotent), not "comes from the corpus folder" because the served index still holds it."""
    stored = services.documents.get(doc_id)
    if not _is_removing(stored, _indexed_record(services, doc_id)):
        return None
    assert stored is not None
    return WriteResult(doc_id, "deleted", stored.content_hash)


_BY_ID: dict[int, tuple[LoadedIndex, dict[str, DocumentRecord]]] = {}


def _indexed_record(services: Services, doc_id: str) -> DocumentRecord | None:
    """The served version's record of ``doc_id`` (a dict per version, built once)."""
    served = services.holder.serving
    if served is None:
        return None
    index = served.index
    cached = _BY_ID.get(id(index))
    if cached is None or cached[0] is not index:
        _BY_ID.clear()
        cached = (index, {r.doc_id: r for r in index.document_records})
        _BY_ID[id(index)] = cached
    return cached[1].get(doc_id)
