import pytest

from tests.stub_upstream import StubUpstream


@pytest.fixture
def stub():
    with StubUpstream() as upstream:
        yield upstream


@pytest.fixture
def allow_stub(stub, settings):
    """The stub's URL on the allowlist, with short timeouts so failure paths finish quickly."""
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, stub.url]
    settings.ONOFFICE_READ_TIMEOUT = 1.0
    settings.ONOFFICE_DEADLINE = 5.0
    return stub
