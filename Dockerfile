FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    RAGQA_CORPUS_DIR=/data/corpus RAGQA_INDEX_DIR=/data/index RAGQA_HOST=0.0.0.0 RAGQA_PORT=8000
WORKDIR /app
# torch first and pinned to its CPU build, so pip does not pull the CUDA one
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir .
# export the packaged model to ONNX and quantize it at build time (the serving default, onnx-int8; the fp32 export
# that index builds use is written on the way), so containers start fast; a host whose CPU wants the other int8
# recipe (VNNI or not) quantizes once at start
RUN python -c "from ragqa.embedding.encoder import load_encoder; load_encoder(backend='onnx-int8')"
COPY corpus /data/corpus
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"
CMD ["ragqa", "serve", "--corpus", "/data/corpus", "--index", "/data/index"]
