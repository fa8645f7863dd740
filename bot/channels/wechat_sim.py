"""Send messages to the WeChat webhook as WeChat's servers do (signed; AES with `safe`).

Used by `python -m bot wechat-sim`, the README demo and the tests: it needs no Official Account.
"""

from __future__ import annotations

import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

DEV_ENV = Path("var/wechat-dev.env")


@dataclass(frozen=True)
class Account:
    """The Official Account's server settings, as WeChat knows them."""

    token: str
    app_id: str
    aes_key: str | None = None


def read_env_file(path: Path = DEV_ENV) -> dict[str, str]:
    """KEY=value lines (what `make run` writes for a development server)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def message_xml(fields: dict[str, object]) -> str:
    """WeChat's XML for one message; strings go in CDATA, numbers as text."""
    parts = []
    for name, value in fields.items():
        if isinstance(value, str):
            safe = value.replace("]]>", "]]]]><![CDATA[>")
            parts.append(f"<{name}><![CDATA[{safe}]]></{name}>")
        else:
            parts.append(f"<{name}>{escape(str(value))}</{name}>")
    return "<xml>" + "".join(parts) + "</xml>"


def message(user: str, msg_type: str, **extra: object) -> dict[str, object]:
    """Fields of any message or event from `user` (`extra`: the type's own fields)."""
    fields: dict[str, object] = {
        "ToUserName": "gh_consular",
        "FromUserName": user,
        "CreateTime": int(time.time()),
        "MsgType": msg_type,
    }
    return {**fields, **extra}


def text_message(user: str, text: str, msg_id: int | None = None) -> dict[str, object]:
    """Fields of a text message from `user`."""
    msg_id = msg_id if msg_id is not None else secrets.randbelow(10**15)
    return message(user, "text", Content=text, MsgId=msg_id)


def sign(token: str, timestamp: str, nonce: str, *extra: str) -> str:
    """WeChat's SHA-1 signature over the sorted strings."""
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce, *extra)
    return str(signer.signature)


@dataclass(frozen=True)
class SignedRequest:
    """Query string and body of one POST to the webhook."""

    query: dict[str, str]
    body: bytes
    nonce: str
    timestamp: str


def signed_request(
    account: Account, fields: dict[str, object], safe: bool = False, timestamp: int | None = None
) -> SignedRequest:
    """The request WeChat would send for `fields` (encrypted in safe mode)."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = secrets.token_hex(8)
    xml = message_xml(fields)
    query = {"signature": sign(account.token, ts, nonce), "timestamp": ts, "nonce": nonce}
    query["openid"] = str(fields.get("FromUserName", ""))
    if not safe:
        return SignedRequest(query, xml.encode("utf-8"), nonce, ts)
    if not account.aes_key:
        raise ValueError("safe mode needs the AES key")
    crypto = WeChatCrypto(account.token, account.aes_key, account.app_id)
    envelope = xmltodict.parse(crypto.encrypt_message(xml, nonce, ts))["xml"]
    body = message_xml(
        {"ToUserName": str(fields.get("ToUserName", "")), "Encrypt": envelope["Encrypt"]}
    )
    query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    return SignedRequest(query, body.encode("utf-8"), nonce, ts)


def reply_content(account: Account, body: bytes | str, safe: bool) -> str:
    """The text of the webhook's passive reply ("" for WeChat's "success")."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    if text.strip() in ("", "success"):
        return ""
    xml = xmltodict.parse(text)["xml"]
    if safe:
        crypto = WeChatCrypto(account.token, str(account.aes_key), account.app_id)
        plain = crypto.decrypt_message(text, xml["MsgSignature"], xml["TimeStamp"], xml["Nonce"])
        xml = xmltodict.parse(plain)["xml"]
    return str(xml.get("Content") or "")


def post(url: str, request: SignedRequest, timeout: float = 10.0) -> tuple[int, bytes]:
    """POST the request; returns the status and body."""
    full = url + "?" + urllib.parse.urlencode(request.query)
    http = urllib.request.Request(full, request.body, {"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
