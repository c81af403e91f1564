"""A certificate as its holder downloads it: the texts in German and the holder's language,
rendered (pdf.py) and signed with the site's key (signing.py).

Needs the app (translations, date formats, the site's address and key), not a request: the
download view and `qualify certificates pdf` call `certificate_pdf`, the cohort download
builds each document first and signs it later (`signed_pdf`); all get the same bytes for the
same certificate.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import force_locale, format_date, format_decimal, format_percent
from flask_babel import gettext as _

from qualify.accounts.mails import site_url
from qualify.certificates.codes import format_code, printed_code
from qualify.certificates.keys import SigningKey, load_signing_key
from qualify.certificates.models import Certificate
from qualify.certificates.pdf import (
    CertificateDocument,
    CertificatePage,
    CourseLine,
    render_certificate,
)
from qualify.core.locales import DEFAULT_LOCALE, RTL_LOCALES, pick_text

ISSUER = "qualify.certificates.issuer"  # app.extensions key, set by create_app
DEFAULT_ISSUER = "qualify – Landesnetzwerk der Migrant*innenorganisationen Sachsen-Anhalt"
_KEY = "qualify.certificates.signing_key"


def issuer() -> str:
    """Who issues the certificates: the operator's name from the operator file."""
    return current_app.extensions.get(ISSUER) or DEFAULT_ISSUER


def site_signing_key() -> SigningKey:
    """The site's key, read once per app; raises keys.SigningKeyError while there is none
    (not cached then, so a key created later is found without a restart)."""
    key = current_app.extensions.get(_KEY)
    if key is None:
        key = load_signing_key(current_app.config["SIGNING_DIR"])
        current_app.extensions[_KEY] = key
    return key


def verify_url(code: str) -> str:
    return site_url("certificates.verify", code=printed_code(code))


def certificate_pdf(certificate: Certificate) -> bytes:
    """The signed PDF; raises keys.SigningKeyError when the site has no key."""
    key = site_signing_key()
    return signed_pdf(build_document(certificate), key)


def signed_pdf(document: CertificateDocument, key: SigningKey) -> bytes:
    """A built document rendered and signed: needs neither the app nor the database, so a
    streamed download builds every document first and renders each only when it is sent."""
    # pyHanko takes 0.4 s to import: only the paths that write PDFs load it.
    from qualify.certificates.signing import sign_certificate_pdf

    return sign_certificate_pdf(
        render_certificate(document),
        key,
        code=document.code,
        issued_at=document.issued_at,
        issuer=document.issuer,
    )


def document_locales(certificate: Certificate) -> tuple[str, ...]:
    """German, then the holder's language if it is another."""
    holder = certificate.user.locale
    return (DEFAULT_LOCALE,) if holder == DEFAULT_LOCALE else (DEFAULT_LOCALE, holder)


def build_document(certificate: Certificate) -> CertificateDocument:
    return CertificateDocument(
        holder_name=certificate.holder_name,
        holder_name_latin=certificate.holder_name_latin or "",
        issuer=issuer(),
        verify_url=verify_url(certificate.code),
        code=printed_code(certificate.code),
        issued_at=certificate.issued_at,
        pages=tuple(_page(certificate, locale) for locale in document_locales(certificate)),
    )


def _page(certificate: Certificate, locale: str) -> CertificatePage:
    with force_locale(locale):
        return CertificatePage(
            locale=locale,
            rtl=locale in RTL_LOCALES,
            heading=_("Certificate"),
            intro=_("This certifies that"),
            completed=_("has successfully completed the following qualification:"),
            title=certificate.title_in(locale),
            description=pick_text(certificate.qualification.description, locale),
            courses_heading=_("Courses completed"),
            course_label=_("Course"),
            date_label=_("Passed on"),
            score_label=_("Score"),
            courses=tuple(_course_line(course, locale) for course in certificate.courses),
            workshops_line=_workshops_line(certificate.workshop_hours),
            facts=_facts(certificate),
            verify_label=_("Check this certificate online"),
            signature_note=_(
                "Digitally signed by %(issuer)s. Any change to this file breaks the signature.",
                issuer=issuer(),
            ),
            translation_note=(
                ""
                if locale == DEFAULT_LOCALE
                else _("Translation of the German certificate on page 1.")
            ),
        )


def _course_line(course: dict, locale: str) -> CourseLine:
    passed_at, percent = course.get("passed_at"), course.get("percent")
    return CourseLine(
        title=pick_text(course["title"], locale),
        date=format_date(_passed(passed_at), "medium") if passed_at else "",
        score=format_percent(percent / 100) if percent is not None else "",
    )


def _passed(stored: str) -> dt.date | dt.datetime:
    """When a course was passed, as the certificate stored it: a moment in UTC, which
    format_date shows as the date in the site's time zone, or (certificates issued before
    December 2026) the UTC date itself."""
    return dt.datetime.fromisoformat(stored) if "T" in stored else dt.date.fromisoformat(stored)


def _workshops_line(hours: float) -> str:
    if not hours:
        return ""
    return _("In-person workshops: %(hours)s hours", hours=format_decimal(hours))


def _facts(certificate: Certificate) -> tuple[tuple[str, str], ...]:
    facts = [(_("Issued on"), format_date(certificate.issued_at, "long"))]
    if certificate.expires_at is not None:
        facts.append((_("Valid until"), format_date(certificate.expires_at, "long")))
    facts.append((_("Verification code"), format_code(certificate.code)))
    return tuple(facts)
