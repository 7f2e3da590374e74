"""Parsing the ``RAGQA_CORS_ORIGINS`` allowlist (pure), and a bad value stopping the app with the fix."""

import pytest

from ragqa.api.app import create_app
from ragqa.api.cors import CorsConfigError, parse_origins
from ragqa.config import Settings


def test_origins_are_split_trimmed_and_normalised():
    value = " https://Example.COM/ ,http://localhost:3000,, https://a.example:8443"
    assert parse_origins(value) == ["https://example.com", "http://localhost:3000", "https://a.example:8443"]
    assert parse_origins("") == []
    assert parse_origins("*") == ["*"]


@pytest.mark.parametrize("bad", ["example.com", "https://example.com/widget", "ftp://example.com", "https://"])
def test_something_that_is_not_an_origin_is_refused_with_how_to_write_it(bad):
    with pytest.raises(CorsConfigError, match="scheme://host"):
        parse_origins(f"https://ok.example,{bad}")


def test_the_app_refuses_to_start_with_a_bad_origin():
    with pytest.raises(CorsConfigError, match="RAGQA_CORS_ORIGINS"):
        create_app(Settings(cors_origins="https://ok.example,example.com"))
