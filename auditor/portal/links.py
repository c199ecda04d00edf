"""Link checks the way ckanext-archiver records them.

Each distribution URL and landing page gets a record: the status, content
type, final URL after redirects, size, and a verdict: broken (the URL is
invalid or refused, the request failed, or the server answered 4xx/5xx),
not broken, or not sure (ckanext-archiver's "chose not to download": a body
over the size cap). Records hold no content, only what the server said.
"""
from __future__ import annotations

import os

from .http import Response

OVERSIZED = "-byte cap"


def link_record(response: Response, role: str) -> dict:
    """`role` is "distribution" or "landing_page"."""
    oversized = bool(response.error and OVERSIZED in response.error)
    if oversized:
        broken, reason = None, f"not downloaded: {response.error}"
    elif response.status == 0:
        broken, reason = True, response.error or "the request failed"
    elif response.status >= 400:
        broken, reason = True, f"the server answered HTTP {response.status}"
    else:
        broken, reason = False, None
    return {"role": role, "url": response.url, "final_url": response.final_url, "status": response.status or None,
            "content_type": response.content_type or None, "size": response.size or None,
            "broken": broken, "reason": reason, "from_cache": response.from_cache}


def local_record(path: str | None, url: str, reason: str | None = None) -> dict:
    """A link of a local catalogue that points at a file next to it (or nowhere allowed)."""
    exists = path is not None and os.path.isfile(path)
    return {"role": "distribution", "url": url, "final_url": url, "status": None, "content_type": None,
            "size": os.path.getsize(path) if exists and path is not None else None, "broken": not exists,
            "reason": None if exists else (reason or "the file does not exist"), "from_cache": False}
