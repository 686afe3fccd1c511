"""What a route of the demo site answers: (status, headers, body), before the HTTP layer."""

from __future__ import annotations

Response = tuple[int, dict[str, str], bytes]

UTF8_HTML = "text/html; charset=utf-8"
