"""Guards for the class server: request size limit, per-client rate limit, security headers,
same-origin checks for forms, and the cookies that carry the tokens."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STUDENT_COOKIE = "brink_student"
TEACHER_COOKIE = "brink_teacher"
MAX_BODY = 8 * 1024  # every form of the game is a few hundred bytes
FREE = ("/static/", "/map/", "/events", "/teacher/events")  # files, and long-lived streams
COOKIE_AGE = 14 * 24 * 3600

POLICY = ("default-src 'self'; img-src 'self' data:; style-src {style}; script-src 'self'; "
          "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", POLICY.format(style="'self'").encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make the Origin of posts "null"
    (b"x-frame-options", b"DENY"),
]


class BodyLimit:
    """Refuses request bodies over `limit` bytes (413), by header and by what is received."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await PlainTextResponse("Request too large.", 413)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except TooLarge:
            await PlainTextResponse("Request too large.", 413)(scope, receive, send)


class TooLarge(Exception):
    """A request body went over the limit while it was read."""


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    """A token bucket per client: `rate` requests a second on average, bursts of `burst`.

    A client is its student or teacher cookie when it has one (a class behind one address
    still gets a bucket per person), else its address.
    """

    def __init__(self, app: ASGIApp, rate: float = 10.0, burst: float = 40.0,
                 clock: Callable[[], float] = time.monotonic, size: int = 10_000) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.size = size
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def _key(self, scope: Scope) -> str:
        headers = Headers(scope=scope)
        cookie = headers.get("cookie", "")
        for part in cookie.split(";"):
            name, _, value = part.strip().partition("=")
            if name in (STUDENT_COOKIE, TEACHER_COOKIE) and value:
                return "c:" + hashlib.sha256(value.encode()).hexdigest()[:24]
        client = scope.get("client")
        return "a:" + (client[0] if client else "?")

    def allow(self, key: str) -> bool:
        """Take a token from `key`'s bucket; False when it is empty."""
        now = self.clock()
        b = self._buckets.pop(key, None) or _Bucket(self.burst, now)
        b.tokens = min(self.burst, b.tokens + (now - b.at) * self.rate)
        b.at = now
        self._buckets[key] = b
        while len(self._buckets) > self.size:
            self._buckets.popitem(last=False)
        if b.tokens < 1:
            return False
        b.tokens -= 1
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and not scope["path"].startswith(FREE)
                and not self.allow(self._key(scope))):
            resp = PlainTextResponse("Too many requests: wait a second.", 429,
                                     headers={"retry-after": "1"})
            await resp(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the content security policy and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = message.get("headers", [])
                # A page with a policy of its own (the class report's one inline style sheet)
                # keeps it; the other headers are added as everywhere.
                mine = {k.lower() for k, _ in own}
                message["headers"] = [*own, *(h for h in HEADERS if h[0] not in mine)]
            await send(message)

        await self.app(scope, receive, with_headers)


def same_origin(request: Request) -> bool:
    """Whether a form post comes from this site (its Origin, or failing that its Referer,
    names this host); a post with neither is let through for old browsers, the anti-forgery
    field still guards it."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin != "null"
    return urlsplit(origin).netloc == host


def set_cookie(response: Response, name: str, value: str) -> None:
    """An HttpOnly, SameSite cookie for the whole site."""
    response.set_cookie(name, value, max_age=COOKIE_AGE, httponly=True, samesite="lax",
                        path="/")
