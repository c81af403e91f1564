"""The site's signing key: one EC P-256 key with a self-signed X.509 certificate.

It signs the certificate PDFs (PAdES, pyHanko) and the Open Badges credentials (ES256), so a
verifier needs one fingerprint and one public key. It lives in files outside the database
(QUALIFY_SIGNING_DIR, else <instance>/signing): a copy of the database never carries it, and
every app server reads the same files. `qualify certificates init-key` creates it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from qualify.core.messages import Message

KEY_FILE = "signing-key.pem"
CERTIFICATE_FILE = "signing-certificate.pem"
VALIDITY = dt.timedelta(days=10 * 365)
NAME_LIMIT = 64  # X.520: a certificate's common and organisation name, at most 64 characters


class SigningKeyError(Exception):
    """The key is missing, already exists, or cannot be read; the message says which file."""


@dataclass(frozen=True)
class SigningKey:
    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, as verifiers compare it: "AB:CD:…"."""
        digest = self.certificate.fingerprint(hashes.SHA256()).hex().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def create_signing_key(folder: Path, organisation: str, now: dt.datetime) -> SigningKey:
    """Write a new key and its self-signed certificate into `folder`; never overwrites."""
    key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
    for path in (key_path, certificate_path):
        if path.exists():
            raise SigningKeyError(
                Message(
                    "%(file)s exists already; a new key would break every signature",
                    file=str(path),
                )
            )
    private_key = ec.generate_private_key(ec.SECP256R1())
    common_name = f"{organisation} certificate signing"
    name = x509.Name(
        [
            x509.NameAttribute(
                NameOID.COMMON_NAME,
                common_name if _size(common_name) <= NAME_LIMIT else _fit(organisation),
            ),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(private_key.public_key()), critical=False
        )
        .sign(private_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_bytes = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Only the site's own user may read the private key.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(key_bytes)
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return SigningKey(private_key, certificate)


def _fit(text: str) -> str:
    """The name within X.520's limit: an operator's full name is often longer (it is shown
    whole on the PDF and the verify page; here it is only the certificate's label)."""
    text = " ".join(text.split())
    if _size(text) <= NAME_LIMIT:
        return text
    while _size(text + "…") > NAME_LIMIT:
        text = text[:-1]
    return text.rstrip() + "…"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))  # cryptography counts the bytes


def load_signing_key(folder: Path) -> SigningKey:
    key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
    try:
        key_bytes, certificate_bytes = key_path.read_bytes(), certificate_path.read_bytes()
    except FileNotFoundError as missing:
        raise SigningKeyError(
            Message(
                "%(file)s is missing: create the key with `qualify certificates init-key`",
                file=str(missing.filename),
            )
        ) from None
    try:
        private_key = serialization.load_pem_private_key(key_bytes, password=None)
        certificate = x509.load_pem_x509_certificate(certificate_bytes)
    except ValueError as broken:
        raise SigningKeyError(
            Message(
                "%(folder)s: the key or certificate cannot be read (%(detail)s)",
                folder=str(folder),
                detail=str(broken),
            )
        ) from None
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise SigningKeyError(Message("%(file)s is not an elliptic-curve key", file=str(key_path)))
    if private_key.public_key() != certificate.public_key():
        raise SigningKeyError(
            Message(
                "%(certificate)s does not belong to %(key)s",
                certificate=str(certificate_path),
                key=str(key_path),
            )
        )
    return SigningKey(private_key, certificate)
