"""ES256 VC-JWTs with the site's signing key, and its public key as a JWK. Pure.

JOSE is left to PyJWT (signing, verifying, the ECDSA signature's r||s form); this module only
decides the header OB 3.0 allows (alg, kid, typ and nothing else) and names the key.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ALGORITHM = "ES256"
MEDIA_TYPE = "application/jwt"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def thumbprint(public_key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256): the key's name in its URL, stable for the key."""
    jwk = ECAlgorithm.to_jwk(public_key, as_dict=True)
    canonical = json.dumps(
        {name: jwk[name] for name in ("crv", "kty", "x", "y")},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def public_jwk(
    public_key: ec.EllipticCurvePublicKey, kid: str, certificate: x509.Certificate | None = None
) -> dict[str, Any]:
    """The public key as published: never the private part ("d"), with the X.509
    certificate that signs the PDFs, so both can be matched to one fingerprint."""
    jwk = ECAlgorithm.to_jwk(public_key, as_dict=True)
    published = {
        "kty": jwk["kty"],
        "crv": jwk["crv"],
        "x": jwk["x"],
        "y": jwk["y"],
        "kid": kid,
        "use": "sig",
        "alg": ALGORITHM,
    }
    if certificate is not None:
        der = certificate.public_bytes(serialization.Encoding.DER)
        published["x5c"] = [base64.b64encode(der).decode("ascii")]
    return published


def sign(payload: dict[str, Any], private_key: ec.EllipticCurvePrivateKey, kid: str) -> str:
    """The compact JWS of `payload` (a VC-JWT): header alg ES256, kid, typ JWT."""
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers={"kid": kid, "typ": "JWT"})


def key_from_jwk(jwk: dict[str, Any]) -> ec.EllipticCurvePublicKey:
    """A published P-256 key back as a key object (raises ValueError for anything else)."""
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256" or "d" in jwk:
        raise ValueError("not a public P-256 key")
    key = ECAlgorithm.from_jwk(jwk)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("not a public P-256 key")
    return key
