"""The optional `llm` service in docker-compose.yml, validated by Docker Compose's own parser."""

from helpers.compose import COMPOSE_FILE, run_config


def test_llm_service_is_off_by_default():
    result = run_config(COMPOSE_FILE)
    assert result.returncode == 0, result.stderr
    assert "llama.cpp" not in result.stdout and "api:" in result.stdout


def test_llm_profile_adds_a_llama_cpp_server_with_a_model_volume_and_wires_the_api(tmp_path):
    env = tmp_path / "llm.env"
    env.write_text("RAGQA_LLM_BASE_URL=http://llm:8080/v1\nLLM_MODEL_FILE=tiny.gguf\nLLM_CONTEXT_TOKENS=2048\n")
    result = run_config(COMPOSE_FILE, "--env-file", str(env), "--profile", "llm")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "image: ghcr.io/ggml-org/llama.cpp:server" in out
    assert "/models/tiny.gguf" in out and "target: /models" in out
    assert "RAGQA_LLM_BASE_URL: http://llm:8080/v1" in out
    assert 'RAGQA_LLM_CONTEXT_TOKENS: "2048"' in out
