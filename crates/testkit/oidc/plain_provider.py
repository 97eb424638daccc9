"""An OpenID provider that offers PKCE `plain` only, like entcore: built on authlib + Flask.

Usage: AUTHLIB_INSECURE_TRANSPORT=1 python3 plain_provider.py CONFIG.json (http on loopback only)
CONFIG: {"port": 4020, "clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": [...],
         "misbehave": null | "expired" | "wrong-iss" | "wrong-aud" | "wrong-nonce" | "tampered" |
         "alg-none" | "hs256-public-key" | "unknown-kid"}],
         "post_logout_redirect_uris": [...], "kid": "plain-1",
         "accounts": {"ENT-ID": {"login": "marie.curie", "name": "Marie Curie"}}}

Its signing key is made at start. A client's `misbehave` makes the ID tokens it is given wrong in
one way, through the real protocol, for Sésame's refusal tests: only the signed token is wrong,
every step of the flow is authlib's.

Discovery copies entcore's (auth/.../OpenIdConnectController.java, wellKnown): code only,
authorization_code only, client_secret_basic only, RS256, scopes openid + userinfo, PKCE plain.
The login form asks for the ENT id, which becomes `sub` (entcore's externalId).
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import time
from dataclasses import dataclass, field

import flask
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode as _OpenIDCode
from authlib.oidc.core import UserInfo
from joserfc.jwk import RSAKey

config = json.load(open(sys.argv[1]))
ISSUER = f"http://127.0.0.1:{config['port']}"
KEY = RSAKey.generate_key(2048, {"kid": config.get("kid", "plain-1"), "use": "sig", "alg": "RS256"}, private=True)
ACCOUNTS = config.get("accounts", {})


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list
    # What this client's ID tokens get wrong, for Sésame's refusal tests (None: nothing).
    misbehave: str | None = None
    id_token_signed_response_alg: str = "RS256"

    def get_client_id(self): return self.client_id
    def get_default_redirect_uri(self): return self.redirect_uris[0]
    def get_allowed_scope(self, scope): return " ".join(s for s in scope.split() if s in ("openid", "userinfo"))
    def check_redirect_uri(self, uri): return uri in self.redirect_uris
    def check_client_secret(self, secret): return secrets.compare_digest(secret, self.client_secret)
    def check_endpoint_auth_method(self, method, endpoint): return method == "client_secret_basic"
    def check_response_type(self, rt): return rt == "code"
    def check_grant_type(self, gt): return gt == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    sub: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self): return self.redirect_uri
    def get_scope(self): return self.scope
    def get_nonce(self): return self.nonce
    def get_auth_time(self): return self.auth_time
    def get_acr(self): return None
    def get_amr(self): return None


@dataclass
class Token:
    access_token: str
    client_id: str
    scope: str
    sub: str
    expires_at: int

    def check_client(self, client): return client.client_id == self.client_id
    def get_scope(self): return self.scope
    def get_expires_in(self): return self.expires_at - int(time.time())
    def is_expired(self): return time.time() >= self.expires_at
    def is_revoked(self): return False


CLIENTS = {c["client_id"]: Client(c["client_id"], c["client_secret"], c["redirect_uris"], c.get("misbehave"))
           for c in config["clients"]}
OTHER_KEY = RSAKey.generate_key(2048, {"kid": "never-published", "use": "sig", "alg": "RS256"})
CODES: dict[str, Code] = {}
TOKENS: dict[str, Token] = {}


class User:
    def __init__(self, sub): self.sub = sub
    def get_user_id(self): return self.sub


class PlainOnly(CodeChallenge):
    """PKCE `plain` only, and required of every client (authlib requires it of public ones only)."""
    SUPPORTED_CODE_CHALLENGE_METHOD = ["plain"]

    def validate_code_challenge(self, grant, redirect_uri):
        if not grant.request.payload.data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge'")
        return super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant, result):
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("Missing 'code_verifier'")
        return super().validate_code_verifier(grant, result)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        CODES[code] = Code(code, request.client.client_id, request.payload.redirect_uri,
                           request.payload.scope, request.user.sub, data.get("nonce"),
                           data.get("code_challenge"), data.get("code_challenge_method"))

    def query_authorization_code(self, code, client):
        found = CODES.get(code)
        return found if found and found.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code):
        CODES.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return User(authorization_code.sub)


class OpenIDCode(_OpenIDCode):
    def exists_nonce(self, nonce, request): return False
    def get_client_algorithm(self, client): return "RS256"
    def get_client_claims(self, client):
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": client.client_id, "iat": now, "exp": now + 3600}
        if client.misbehave == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        elif client.misbehave == "wrong-iss":
            claims["iss"] = ISSUER + "/someone-else"
        elif client.misbehave == "wrong-aud":
            claims["aud"] = "someone-else"
        return claims

    def get_authorization_code_claims(self, authorization_code):
        claims = super().get_authorization_code_claims(authorization_code)
        if CLIENTS[authorization_code.client_id].misbehave == "wrong-nonce":
            claims["nonce"] = "not-the-one-sent"
        return claims

    def resolve_client_private_key(self, client):
        return OTHER_KEY if client.misbehave == "unknown-kid" else KEY

    def encode_id_token(self, token, request):
        # The structural faults are made on the token the library signed.
        signed = super().encode_id_token(token, request)
        header, payload, signature = signed.split(".")
        mode = request.client.misbehave
        if mode == "tampered":
            flipped = "A" if signature[5] != "A" else "B"
            return f"{header}.{payload}.{signature[:5]}{flipped}{signature[6:]}"
        if mode == "alg-none":
            return f"{b64(json.dumps({'alg': 'none'}))}.{payload}."
        if mode == "hs256-public-key":
            head = b64(json.dumps({"alg": "HS256", "kid": KEY.kid}))
            pem = KEY.as_pem(private=False)
            mac = hmac.new(pem, f"{head}.{payload}".encode(), hashlib.sha256).digest()
            return f"{head}.{payload}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
        return signed

    def get_encode_header(self, client):
        kid = "never-published" if client.misbehave == "unknown-kid" else KEY.kid
        return {"alg": "RS256", "kid": kid, "typ": "JWT"}

    def generate_user_info(self, user, scope):
        # entcore's ID token: sub (externalId) plus name and e-mail when it has them.
        extra = ACCOUNTS.get(user.sub, {})
        return UserInfo(sub=user.sub, **{k: v for k, v in extra.items() if k in ("name", "email")})


def save_token(token, request):
    TOKENS[token["access_token"]] = Token(token["access_token"], request.client.client_id,
                                          token.get("scope", ""), request.user.sub,
                                          int(time.time()) + token["expires_in"])


class Validator(BearerTokenValidator):
    def authenticate_token(self, token_string): return TOKENS.get(token_string)


app = flask.Flask(__name__)
app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = False
server = AuthorizationServer(app, query_client=CLIENTS.get,
                             save_token=save_token)
server.register_grant(CodeGrant, [OpenIDCode(require_nonce=True), PlainOnly(required=True)])
require_oauth = ResourceProtector()
require_oauth.register_token_validator(Validator())


@app.get("/.well-known/openid-configuration")
def discovery():
    return {
        "issuer": ISSUER,
        "authorization_endpoint": f"{ISSUER}/oauth2/auth",
        "token_endpoint": f"{ISSUER}/oauth2/token",
        "userinfo_endpoint": f"{ISSUER}/oauth2/userinfo",
        "jwks_uri": f"{ISSUER}/openid/jwks",
        "end_session_endpoint": f"{ISSUER}/logout",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "userinfo"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["plain"],
    }


@app.get("/openid/jwks")
def jwks():
    return {"keys": [KEY.as_dict(private=False)]}


LOGIN_FORM = """<!doctype html><title>ENT</title><form method="post">
<label>Identifiant ENT <input name="sub" required autofocus></label>
<button type="submit" name="action" value="allow">Se connecter</button></form>"""


@app.route("/oauth2/auth", methods=["GET", "POST"])
def authorize():
    if flask.request.method == "GET":
        try:
            server.get_consent_grant(end_user=None)
        except Exception as error:  # a bad request is shown, never redirected blindly
            return f"invalid request: {error}", 400
        return LOGIN_FORM
    return server.create_authorization_response(grant_user=User(flask.request.form["sub"]))


@app.post("/oauth2/token")
def token():
    return server.create_token_response()


@app.route("/oauth2/userinfo", methods=["GET", "POST"])
@require_oauth("openid")
def userinfo():
    # entcore's default userinfo (UserInfoAdapterV1_0Json) has no `sub`: its id is `externalId`,
    # its login `login`, its display name `username`. Both shapes are served here.
    sub = current_token.sub
    extra = ACCOUNTS.get(sub, {})
    return {"sub": sub, "externalId": sub, "login": extra.get("login"), "username": extra.get("name")}


@app.get("/logout")
def logout():
    target = flask.request.args.get("callback") or flask.request.args.get("post_logout_redirect_uri")
    allowed = config.get("post_logout_redirect_uris", [])
    return flask.redirect(target) if target in allowed else "signed out"


if __name__ == "__main__":
    print(f"listening {ISSUER}", flush=True)
    app.run(host="127.0.0.1", port=config["port"])
