"""Rate-limit counts live in a cache every web process shares (the database by default), so
N processes behind a proxy cannot each allow the limit."""

import time

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.test import RequestFactory

from waypost.referrals import ratelimit


def test_the_default_cache_is_shared_through_the_database():
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")


def test_a_count_made_in_one_process_is_seen_by_another(db):
    request = RequestFactory().post("/alerts/", REMOTE_ADDR="203.0.113.9")
    assert ratelimit.allow(request, "alerts-form", "2/hour")
    assert ratelimit.allow(request, "alerts-form", "2/hour")
    # A second cache object over the same table stands for another web process.
    other_process = DatabaseCache("waypost_cache", {})
    key = ratelimit._key("alerts-form", request, int(time.time()) // 3600)
    assert other_process.get(key) == 2
    assert not ratelimit.allow(request, "alerts-form", "2/hour")
