#!/usr/bin/python3
"""Verifies journeyctl's FCM service-account assertion with PyJWT.

Runs print_fcm_assertion (a key pair made on the spot, the assertion the
FCM provider signs with it), then checks with PyJWT, an implementation
independent of ours, that the RS256 signature verifies with the public
key, that the header and claims are the ones Google's two-legged OAuth2
flow asks for (providers.md 1c), and that a tampered token is refused.

Usage: check_fcm_assertion.py PRINT_FCM_ASSERTION
Exit: 0 verified; 1 a check failed; 125 skipped (no PyJWT: Debian's
python3-jwt for /usr/bin/python3).
"""
import json
import subprocess
import sys

try:
    import jwt
except ImportError:
    print("skipped: PyJWT (python3-jwt) is not installed for this Python")
    sys.exit(125)


def main():
    out = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout
    given = json.loads(out)
    token = given["assertion"]

    header = jwt.get_unverified_header(token)
    expected_header = {"alg": "RS256", "typ": "JWT", "kid": given["kid"]}
    if header != expected_header:
        print(f"header {header} != {expected_header}")
        return 1

    # Verifies the signature, aud, exp and iat (not in the future).
    claims = jwt.decode(token, given["public_key"], algorithms=["RS256"], audience=given["aud"],
                        options={"require": ["iss", "aud", "iat", "exp", "scope"]})
    expected_claims = {
        "iss": given["iss"],
        "scope": "https://www.googleapis.com/auth/firebase.messaging",
        "aud": given["aud"],
        "iat": given["issued_at"],
        "exp": given["issued_at"] + 3600,
    }
    if claims != expected_claims:
        print(f"claims {claims} != {expected_claims}")
        return 1

    head, body, signature = token.split(".")
    forged_body = jwt.utils.base64url_encode(json.dumps({**claims, "iss": "attacker@example.com"}).encode()).decode()
    try:
        jwt.decode(f"{head}.{forged_body}.{signature}", given["public_key"], algorithms=["RS256"],
                   audience=given["aud"])
    except jwt.InvalidSignatureError:
        pass
    else:
        print("a token with forged claims verified")
        return 1
    print("PyJWT verified the assertion")
    return 0


if __name__ == "__main__":
    sys.exit(main())
