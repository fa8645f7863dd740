"""Static files of the web pages, served by the bot itself (no CDN)."""

from __future__ import annotations

from pathlib import Path

from sanic import response
from sanic.response import HTTPResponse

WEB = Path(__file__).resolve().parents[1] / "web"
TYPES = {".html": "text/html", ".js": "application/javascript", ".css": "text/css"}


async def static_file(folder: str, name: str) -> HTTPResponse:
    """A file of bot/web/<folder>/, or 404 (no path outside it is ever served)."""
    path = (WEB / folder / name).resolve()
    if path.parent != (WEB / folder).resolve() or not path.is_file() or path.suffix not in TYPES:
        return response.text("not found", status=404)
    return await response.file(
        path,
        mime_type=TYPES[path.suffix] + "; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )
