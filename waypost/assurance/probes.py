"""Probes (issue 11, point 2): a crawler that finds every page and form a user can reach by
following links, the hostile values sent to them, and the checks that read the answers.

"Every" is what the crawl finds, so a new page or form is probed without editing a test: the
crawl starts at the home page and at every parameterless route of the URL resolver, follows
links and GET forms (filters, searches) with their own values, and keeps one page per route
(the first found) with its forms. The tests name the routes the crawl never reached.

Pages are parsed as a browser parses them (tinyhtml5, WeasyPrint's HTML5 parser), so a
payload counts as run only where a browser would run it.
"""

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.etree.ElementTree import Element

import tinyhtml5
from django.apps import apps
from django.db import connection
from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, resolve

from waypost.assurance.canaries import body_of

# --- Hostile values --------------------------------------------------------------------------

# The marker a stored or reflected payload carries: letters only, so escaping leaves it whole
# and it can be found as text wherever it went.
XSS_MARK = "XSSPROBE"
XSS_PAYLOADS = (
    f'"><script>window.{XSS_MARK}=1</script><img src=x onerror="window.{XSS_MARK}=2">',
    f"'><svg onload=window.{XSS_MARK}=3>",
    f"javascript:window.{XSS_MARK}=4",
)
STORED_XSS = XSS_PAYLOADS[0] + XSS_PAYLOADS[1]  # one value that tries both quote styles
SQL_PAYLOADS = (
    "' OR 'a'='a",
    "' OR 1=1--",
    '" OR "1"="1',
    "'; DROP TABLE people_person;--",
    "1) OR (1=1",
)
SQL_INNOCENT = "Zzqxnomatch"  # matches nothing: an injection would find more than this does
ODD_PAYLOADS = (
    "%00\x00",
    # a path, a right-to-left override, an emoji, a byte-order mark, and length
    "../../etc/passwd\u202eevil\u202c😀\ufeff\u200b" + "x" * 5000,
)
REDIRECT_PAYLOADS = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "javascript:alert(1)",
    "https:evil.example",
)
# Parameter names a view might read to send the user somewhere afterwards.
REDIRECT_PARAMETERS = ("next", "return_to", "redirect", "redirect_to", "back", "from", "url")
# Answers a browser shows as data, never as a page: a payload in them is only text.
TEXT_NEVER_RUN = (
    "application/json",
    "text/csv",
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument",
)
FORMULA_PAYLOADS = ("=1+1", "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1", "\0=1+1")


# --- Pages and forms -------------------------------------------------------------------------


def _tag(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def parse(html: str) -> Element:
    return tinyhtml5.parse(html)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # the input type, "textarea", "select", "button"
    value: str
    options: tuple[str, ...] = ()
    checked: bool = False


@dataclass
class Form:
    page: str  # the page it was found on
    action: str  # the path it posts to, query included
    method: str
    fields: list[Field]
    url_name: str = ""


def forms_in(html: str, page: str) -> list[Form]:
    forms = []
    for element in parse(html).iter():
        if _tag(element) != "form":
            continue
        action = (element.get("action") or page).partition("#")[0]
        if action.startswith("?"):
            action = urlsplit(page).path + action
        forms.append(
            Form(
                page=page,
                action=action,
                method=(element.get("method") or "get").lower(),
                fields=list(_fields(element)),
            )
        )
    return forms


def _fields(form: Element) -> Iterator[Field]:
    for element in form.iter():
        tag, name = _tag(element), element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if tag == "input":
            yield Field(
                name,
                (element.get("type") or "text").lower(),
                element.get("value") or "",
                checked=element.get("checked") is not None,
            )
        elif tag == "textarea":
            yield Field(name, "textarea", element.text or "")
        elif tag == "select":
            options = [o for o in element.iter() if _tag(o) == "option"]
            values = tuple(
                (o.get("value") if o.get("value") is not None else (o.text or "")) for o in options
            )
            selected = [
                v for o, v in zip(options, values, strict=True) if o.get("selected") is not None
            ]
            # The chosen option, or else the first real one (not "Choose one").
            chosen = next((v for v in selected if v), next((v for v in values if v), ""))
            yield Field(name, "select", chosen, options=values)
        elif tag == "button" and (element.get("type") or "submit") == "submit":
            yield Field(name, "button", element.get("value") or "")


def links_in(html: str) -> list[str]:
    return [
        element.get("href", "")
        for element in parse(html).iter()
        if _tag(element) == "a" and element.get("href", "").startswith("/")
    ]


# --- Filling forms ---------------------------------------------------------------------------

INNOCENT = "Probe text"
# Values of the right shape for fields whose name says what they hold.
_FORMATS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("postcode",), "CV1 1AA"),
    (("email",), "probe@example.test"),
    (("phone", "mobile", "telephone"), "07700 900123"),
    (("nhs",), "9434765919"),
    (("url", "website", "link"), "https://example.test/"),
    (("latitude",), "52.4068"),
    (("longitude",), "-1.5197"),
    (("amount", "cost", "price", "pence", "pounds", "limit", "award", "quantity", "percent",
      "total", "target", "days", "age", "position", "bedrooms",
      "_c"), "1"),
    (("time", "opens", "closes"), "10:00"),
)  # fmt: skip
_TYPED = {
    "email": "probe@example.test",
    "tel": "07700 900123",
    "number": "1",
    "time": "10:00",
    "url": "https://example.test/",
}
_DATE_PARTS = {"0": 0, "1": 1, "2": 2, "day": 0, "month": 1, "year": 2}


def date_part(name: str) -> tuple[str, int] | None:
    """("ends_on", 2) for "ends_on_2" or "ends_on-year": a GOV.UK date input's day, month or
    year box, and the name of the date it is part of."""
    for separator in ("_", "-"):
        base, _, last = name.rpartition(separator)
        if base and last in _DATE_PARTS:
            return base, _DATE_PARTS[last]
    return None


def _shaped(f: Field, day: date) -> str | None:
    """A value of the shape the field needs, or None for free text."""
    part = date_part(f.name)
    if part is not None and f.kind in ("text", "number", ""):
        return str((day.day, day.month, day.year)[part[1]])
    if f.kind == "date":
        return day.isoformat()
    if f.kind == "datetime-local":
        return day.isoformat() + "T10:00"
    if f.kind == "month":
        return day.strftime("%Y-%m")
    if f.kind in _TYPED:
        return _TYPED[f.kind]
    lowered = f.name.lower()
    for keys, value in _FORMATS:
        if any(key in lowered for key in keys):
            return value
    return None


def form_data(
    form: Form, text: Callable[[Field], str], *, fixed: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """What a user would send: the page's own values where it has them (hidden fields, chosen
    options, ticked boxes), a value of the right shape where the name says what it holds,
    `text(field)` in every other text field, and `fixed` values over all of these."""
    fixed = fixed or {}
    today = date.today()
    data: dict[str, list[str]] = {}
    radios: dict[str, list[Field]] = {}
    boxes: dict[str, list[Field]] = {}
    pressed = False
    for f in form.fields:
        if f.name == "csrfmiddlewaretoken" or f.kind in ("file", "reset", "password"):
            continue
        if f.kind == "hidden":
            data.setdefault(f.name, []).append(f.value)
        elif f.kind == "radio":
            radios.setdefault(f.name, []).append(f)
        elif f.kind == "checkbox":
            boxes.setdefault(f.name, []).append(f)
        elif f.kind in ("submit", "button", "image"):
            if not pressed:  # the first named button, as pressing it sends
                data[f.name] = [f.value]
                pressed = True
        elif f.kind == "select":
            data[f.name] = [f.value]
        else:
            shaped = _shaped(f, today)
            data[f.name] = [f.value or shaped if shaped is not None else text(f)]
    for name, group in radios.items():
        chosen = next((f for f in group if f.checked), None) or next(
            (f for f in group if f.value), group[0]
        )
        data[name] = [chosen.value]
    for name, group in boxes.items():
        ticked = [f.value or "on" for f in group if f.checked]
        data[name] = ticked or [group[0].value or "on"]
    return data | {name: [value] for name, value in fixed.items()}


def free_text_fields(form: Form) -> list[str]:
    today = date.today()
    return sorted(
        {
            f.name
            for f in form.fields
            if f.kind in ("text", "textarea", "search", "") and _shaped(f, today) is None
        }
    )


def fields_in_error(html: str) -> set[str]:
    """Names of the fields a GOV.UK error summary points at: its links go to the field's id,
    or to the first box of a date, or to a fieldset whose boxes' ids begin with it."""
    root = parse(html)
    named = [(e.get("id"), e.get("name")) for e in root.iter() if e.get("id") and e.get("name")]
    wrong = set()
    for element in root.iter():
        href = element.get("href") or ""
        if _tag(element) != "a" or not href.startswith("#") or len(href) < 2:
            continue
        target = href[1:]
        wrong |= {name for id_, name in named if id_ == target or id_.startswith(target + "_")}
    return wrong


def _retry_values(names: set[str], attempt: int) -> dict[str, str]:
    """Values to try in fields the form said were wrong: nothing (an optional field with a
    format of its own), then a number, then a time; a date in the past, then in the future."""
    values = {}
    for name in names:
        part = date_part(name)
        if part is None:
            values[name] = ("", "1", "10:00")[min(attempt, 2)]
            continue
        day = date.today() + timedelta(days=-400 if attempt == 0 else 30)
        base, separator = part[0], name[len(part[0])]
        boxes = ("0", "1", "2") if name[-1].isdigit() else ("day", "month", "year")
        for box, value in zip(boxes, (day.day, day.month, day.year), strict=True):
            values[base + separator + box] = str(value)
    return values


@dataclass
class Submission:
    response: HttpResponseBase
    answers: list[str]  # every page the form answered with, to read for payloads
    statuses: list[int]
    extras_refused: bool  # saved only once the extra fields were left out


def submit(
    client: Client, form: Form, text: Callable[[Field], str], extras: dict[str, list[str]]
) -> Submission:
    """Post the form as a user would, with `extras` added; where it answers with errors, try
    the fields it names again with other values (three times), then once without `extras`
    (a view may read one of their names itself, as a choice it checks)."""
    fixed: dict[str, str] = {}
    answers: list[str] = []
    statuses: list[int] = []

    def post(sent: dict[str, list[str]]) -> HttpResponseBase:
        response = client.post(form.action, form_data(form, text, fixed=fixed) | sent)
        answers.append(body_of(response).decode("utf-8", errors="replace"))
        statuses.append(response.status_code)
        return response

    for attempt in range(4):
        response = post(extras)
        if response.status_code in (301, 302, 303):
            return Submission(response, answers, statuses, extras_refused=False)
        wrong = fields_in_error(answers[-1]) if response.status_code == 200 else set()
        if not wrong:
            break
        fixed |= _retry_values(wrong, attempt)
    if extras:
        response = post({})
        if response.status_code in (301, 302, 303):
            return Submission(response, answers, statuses, extras_refused=True)
    return Submission(response, answers, statuses, extras_refused=False)


# --- Reading answers -------------------------------------------------------------------------


def run_payloads(html: str, mark: str = XSS_MARK) -> list[str]:
    """Where a browser would run a payload carrying `mark`: a script element holding it, an
    event-handler attribute holding it, a javascript: address, or an element the payload made
    (an <img src=x> or <svg onload>)."""
    found = []
    for element in parse(html).iter():
        tag = _tag(element)
        if tag == "script" and mark in (element.text or ""):
            found.append(f"<script> holding {mark}")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on") and mark in value:
                found.append(f"<{tag} {local}=...> holding {mark}")
            if local in ("href", "src", "action", "formaction", "xlink:href") and (
                value.strip().lower().startswith("javascript:") and mark in value
            ):
                found.append(f"<{tag} {local}=javascript:...>")
    return found


def is_off_site(location: str) -> bool:
    """A redirect target a browser would take to another site (or run as script)."""
    value = location.strip().replace("\\", "/")
    if value.lower().startswith(("javascript:", "data:", "vbscript:")):
        return True
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return parts.netloc not in ("testserver", "") or parts.scheme not in ("http", "https")
    return value.startswith("//")


def off_site_links(html: str) -> list[str]:
    """Links and form actions on a page that lead off site towards the probe's evil host."""
    bad = []
    for element in parse(html).iter():
        for attribute in ("href", "action", "formaction"):
            value = element.get(attribute)
            if value and ("evil.example" in value or value.lower().startswith("javascript:")):
                bad.append(f"<{_tag(element)} {attribute}={value!r}>")
    return bad


# --- The database as a whole -----------------------------------------------------------------

# Tables a refused request may still write: its session and the session's last-seen time, the
# access log of the refusal, the sign-in lockout counters.
_NOISE = ("django_session", "usersessions_usersession", "audit_accessevent", "axes_")


def fingerprint(*, ignore: tuple[str, ...] = _NOISE) -> dict[str, str]:
    """A digest of every row of every table of ours: equal before and after only if nothing
    was inserted, updated or deleted."""
    digests = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table.startswith(ignore) or model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


# --- The crawl -------------------------------------------------------------------------------


def url_name_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def kwargs_of(path: str) -> dict[str, Any]:
    try:
        return dict(resolve(urlsplit(path).path).kwargs)
    except Resolver404:
        return {}


@dataclass
class Page:
    url_name: str
    path: str
    content_type: str
    status: int


@dataclass
class Crawl:
    """What one user reached: a page per route, the forms on them, the query parameters
    their links and search forms use, and the server errors met on the way."""

    pages: dict[str, Page] = field(default_factory=dict)
    forms: dict[tuple[str, str], Form] = field(default_factory=dict)  # (method, route name)
    queries: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # path -> status, for 500s


def crawl(
    client: Client,
    starts: Iterable[str],
    *,
    skip: Callable[[str], bool],
    seen_routes: set[str] | None = None,
    limit: int = 2000,
) -> Crawl:
    """Follow links breadth-first from `starts`, one page per route name. Routes in
    `seen_routes` (found by an earlier user) are not fetched again; the set is updated."""
    result = Crawl()
    seen_routes = seen_routes if seen_routes is not None else set()
    queue: deque[str] = deque(starts)
    asked: set[str] = set()
    while queue and len(asked) < limit:
        path = queue.popleft()
        name = url_name_of(path)
        if name is None or path in asked or skip(path):
            continue
        query = dict(parse_qsl(urlsplit(path).query))
        if query and name not in result.queries:
            result.queries[name] = (urlsplit(path).path, query)
        if name in seen_routes:
            continue
        asked.add(path)
        response = client.get(path)
        if response.status_code >= 500:
            result.errors[path] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code != 200:
            continue
        seen_routes.add(name)
        result.pages[name] = Page(name, path, content_type, response.status_code)
        if not content_type.startswith("text/html"):
            continue
        html = body_of(response).decode()
        queue.extend(links_in(html))
        for form in forms_in(html, path):
            form.url_name = url_name_of(form.action) or ""
            if not form.url_name:
                continue
            if form.method == "get":  # a filter or search: its query, and where it leads
                params = form_data(form, lambda f: f.value)
                result.queries.setdefault(
                    form.url_name,
                    (urlsplit(form.action).path, {k: v[0] for k, v in params.items()}),
                )
                queue.append(f"{urlsplit(form.action).path}?{urlencode(params, doseq=True)}")
                continue
            result.forms.setdefault((form.method, form.url_name), form)
    return result


def text_of_answer(response: HttpResponseBase) -> str:
    return body_of(response).decode("utf-8", errors="replace")
