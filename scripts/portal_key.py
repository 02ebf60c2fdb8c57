#!/usr/bin/env python3
"""The portal's signing key and the JWKS intake trusts it by (docs/portal.md, "The JWT the portal sends
to intake, and key rotation"), with openssl and the standard library only.

  scripts/portal_key.py KEY.pem [--kid ID]          makes KEY.pem (EC P-256) unless it exists, and prints
                                                    the settings for an .env file or `export`:
      PORTAL_JWT_KEY_ID=ID
      PORTAL_JWT_PRIVATE_KEY=<the PEM in one line, its line breaks written as \\n>
      INTAKE_PORTAL_JWT_JWKS=<{"keys": [the public key with kid ID]}>
  scripts/portal_key.py KEY.pem --kid ID --jwks     prints only the JWKS (one line)

Used by scripts/run.sh, scripts/compose_e2e.sh and the browser tests; in production the key comes from
a secret store and the JWKS goes into intake's settings (a rotation lists two keys)."""
import argparse
import base64
import json
import os
import subprocess
import sys
from pathlib import Path


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_key(path):
    """A new EC P-256 private key at `path` (mode 600), unless one is there already."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path)],
                   check=True, capture_output=True)
    os.chmod(path, 0o600)
    return path


def jwk(path, kid):
    """The public JWK of the P-256 key at `path`: the DER SubjectPublicKeyInfo ends with the uncompressed
    point 04 || x || y (32 bytes each)."""
    der = subprocess.run(["openssl", "pkey", "-in", str(path), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    point = der[-65:]
    if len(der) != 91 or point[0] != 0x04:
        raise SystemExit(f"{path} is not an EC P-256 key")
    return {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
            "x": b64url(point[1:33]), "y": b64url(point[33:])}


def jwks(path, kid):
    return json.dumps({"keys": [jwk(path, kid)]}, separators=(",", ":"))


def one_line_pem(path):
    return Path(path).read_text().strip().replace("\n", "\\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("key", help="the PEM file of the portal's private key (made when missing)")
    parser.add_argument("--kid", default="portal-1", help="the key's id (a new one per key: rotation)")
    parser.add_argument("--jwks", action="store_true", help="print only intake's JWKS")
    options = parser.parse_args(argv)
    make_key(options.key)
    if options.jwks:
        print(jwks(options.key, options.kid))
        return 0
    print(f"PORTAL_JWT_KEY_ID={options.kid}")
    print(f"PORTAL_JWT_PRIVATE_KEY={one_line_pem(options.key)}")
    print(f"INTAKE_PORTAL_JWT_JWKS={jwks(options.key, options.kid)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
