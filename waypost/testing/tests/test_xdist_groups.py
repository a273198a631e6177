"""`make test` runs with --dist loadgroup so that a module marked with xdist_group (the
assurance probes, whose crawl takes half a minute) runs on one worker and crawls once. pytest
9.2 with xdist 3.8 silently stopped honouring the mark (pytest-xdist issue 1386): this test
fails if that happens again."""

import pytest


@pytest.mark.xdist_group("grouping_check")
def test_a_marked_test_is_scheduled_in_its_group(request):
    # A worker's config says whether its controller was asked for loadgroup.
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs only under --dist loadgroup, as make test runs")
    # xdist's loadgroup scheduler reads the group from this suffix.
    assert request.node.nodeid.endswith("@grouping_check")
