"""The onOffice API protocol: actions, signing, transport, responses, errors.

Django-free on purpose (architecture.md): it imports only the standard library and requests, and
receives configuration and credentials as arguments.
"""
