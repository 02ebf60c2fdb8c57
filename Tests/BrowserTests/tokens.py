"""ES256 JWTs made the way the portal makes them (header alg ES256 with its kid; claims iss, aud, sub,
iat, exp, jti, role, region, name), signed with openssl, for testing what intake accepts from the
portal's issuer. Standard library and the openssl command only."""
import base64
import json
import subprocess
import time
import uuid


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_signature_to_raw(der):
    """openssl writes ECDSA signatures as DER `SEQUENCE { INTEGER r, INTEGER s }`; JWS wants r and s
    as two 32-byte big-endian numbers."""
    assert der[0] == 0x30, "not a DER sequence"
    index = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
    numbers = []
    for _ in range(2):
        assert der[index] == 0x02, "not a DER integer"
        length = der[index + 1]
        value = der[index + 2:index + 2 + length].lstrip(b"\x00")
        numbers.append(value.rjust(32, b"\x00"))
        index += 2 + length
    return numbers[0] + numbers[1]


def portal_token(key_path, key_id, subject, role="officer", region=None, issued=None, lifetime=300,
                 issuer="otop-portal", audience="otop-intake", name="เจ้าหน้าที่ทดสอบ"):
    issued = int(time.time()) if issued is None else int(issued)
    header = {"alg": "ES256", "typ": "JWT", "kid": key_id}
    claims = {"iss": issuer, "aud": [audience], "sub": subject, "iat": issued, "exp": issued + lifetime,
              "jti": str(uuid.uuid4()), "role": role, "name": name}
    if region:
        claims["region"] = region
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims, ensure_ascii=False).encode())}"
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key_path)], input=signing_input.encode(),
                         capture_output=True, check=True).stdout
    return f"{signing_input}.{b64url(der_signature_to_raw(der))}"


def new_key(path):
    subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path)],
                   check=True, capture_output=True)
    return path
