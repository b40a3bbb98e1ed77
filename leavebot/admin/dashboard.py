"""The admin dashboard: one static page at ``/admin`` that reads the JSON API.

The page (``static/index.html``, ``dashboard.css``, ``dashboard.js``) needs
no token itself; it asks for the admin token once, keeps it in
``sessionStorage`` and sends it as ``Authorization: Bearer`` on every API
call. Every dashboard answer carries a strict Content-Security-Policy (only
this origin's scripts, styles and fetches; no framing, no ``<base>``), which
holds because the page has no inline script or style. The HTML is never
cached; the static files are revalidated on every load. Only the files
shipped in ``static/`` are served, by exact name.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def _static_files() -> dict[str, Path]:
    """The files ``/admin/static/{file}`` may serve: those in ``static/`` but the page."""
    return {
        p.name: p
        for p in STATIC_DIR.iterdir()
        if p.is_file() and p.suffix in CONTENT_TYPES and p.name != "index.html"
    }


def _headers(cache: str) -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Cache-Control": cache}


async def dashboard_page(request: web.Request) -> web.StreamResponse:
    headers = {**_headers("no-store"), "Content-Type": "text/html; charset=utf-8"}
    return web.FileResponse(STATIC_DIR / "index.html", headers=headers)


async def dashboard_static(request: web.Request) -> web.StreamResponse:
    path = _static_files().get(request.match_info["file"])
    if path is None:
        raise web.HTTPNotFound(text="no such file")
    headers = {**_headers("no-cache"), "Content-Type": CONTENT_TYPES[path.suffix]}
    return web.FileResponse(path, headers=headers)


async def dashboard_slash(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/admin")


def add_dashboard_routes(app: web.Application) -> None:
    """``GET /admin`` (the page) and ``GET /admin/static/{file}`` (its CSS and script)."""
    app.router.add_get("/admin", dashboard_page)
    app.router.add_get("/admin/", dashboard_slash)
    app.router.add_get("/admin/static/{file}", dashboard_static)
