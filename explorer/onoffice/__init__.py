"""The onOffice API protocol: actions, signing, transport, responses, errors.

Django-free on purpose, so it can be tested and reused without settings: it imports only the standard
library and requests (enforced by tests/unit/test_onoffice_is_pure.py), and receives configuration and
credentials as arguments.
"""
