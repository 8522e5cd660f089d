"""Templates (templates get): e-mail, PDF exposé, PDF letter, PDF form and web exposé templates."""

from .conftest import GET


def test_pdf_like_templates(api):
    pdf = api.ok(GET, "templates", {"type": "pdf"})
    assert pdf.records and pdf.cacheable
    for record in pdf.records:
        assert set(record.elements) == {"identifier", "title"}
        assert record.elements["identifier"].startswith("urn:onoffice-de-ns:smart:2.5:pdf:expose:")
    for kind in ("pdfletter", "pdfform", "webexpose"):
        records = api.ok(GET, "templates", {"type": kind}).records
        assert records and all(set(r.elements) == {"identifier", "title"} for r in records)


def test_mail_templates_and_their_filters(api):
    mail = api.ok(GET, "templates", {"type": "mail"}).records
    assert mail and all(r.id == r.elements["id"] for r in mail)
    assert set(mail[0].elements) == {"id", "title", "subject", "folder", "body", "ishtml", "language", "subid",
                                     "ismainlanguage"}
    translation = next(r for r in mail if r.elements["language"] == "ENG")
    assert translation.elements["subid"] and translation.elements["ismainlanguage"] is False
    short = api.ok(GET, "templates", {"type": "mail", "list": True}).records
    assert [r.id for r in short] == [r.id for r in mail]
    assert all(set(r.elements) == {"id", "title", "subject", "folder"} for r in short)
    folder = api.ok(GET, "templates", {"type": "mail", "folderid": 3}).records
    assert folder and len(folder) < len(mail) and len({r.elements["folder"] for r in folder}) == 1
    chosen = api.ok(GET, "templates", {"type": "mail", "mailtemplateids": [mail[1].id]}).records
    assert [r.id for r in chosen] == [mail[1].id]
    confirmations = api.ok(GET, "templates", {"type": "mail", "category": "appointmentConfirmation"}).records
    assert confirmations and len(confirmations) < len(mail)


def test_template_errors(api):
    assert api.error(GET, "templates", {}) == 71
    assert api.error(GET, "templates", {"type": "fax"}) == 72
    assert api.error(GET, "templates", {"type": "mail", "folderid": 999}) == 287
    assert api.error(GET, "templates", {"type": "mail", "folderid": "Termine"}) == 228
    assert api.error(GET, "templates", {"type": "mail", "category": "Werbung"}) == 255
    assert api.error(GET, "templates", {"type": "mail", "mailtemplateids": 11}) == 74
