"""Fixtures for the partnership layer's tests."""

import uuid

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def page_cache_on(settings: Settings) -> str:
    """On, under a token of this test's own: test processes running beside it, sharing the Redis,
    write all the time, and would end the pages it expects to be kept. Returns the key prefix."""
    if not settings.REDIS_URL:
        pytest.skip("the page cache needs the shared cache: REDIS_URL is not set (make test sets it)")
    settings.PAGE_CACHE_SECONDS = 60
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    return prefix
