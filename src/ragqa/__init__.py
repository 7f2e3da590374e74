"""ragqa: cited answers over your own articles (FAISS + sentence-transformers + FastAPI)."""

__version__ = "0.1.0"
