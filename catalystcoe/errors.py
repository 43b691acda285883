"""Turn errors from python-magnumclient, keystoneauth and openstacksdk into
one line.

Every command and hook of ours that calls an API does it inside
``with errors.api_errors('what we were doing'):`` so that an expected
failure (not found, ambiguous name, forbidden, unreachable, timeout,
malformed answer) ends as an ``osc_lib.exceptions.CommandError`` with one
clear line, never a traceback.
"""

import contextlib
import dataclasses

from osc_lib import exceptions as osc_exc

# The one vocabulary of failures. A caller decides what a kind means for
# it: a waiter takes NOT_FOUND of the resource it follows as "gone" and
# retries TRANSIENT and TIMEOUT; the bundle records each as a collector's
# outcome; a command prints the line.
NOT_FOUND = 'not_found'      # HTTP 404 or Magnum's own "not found"
FORBIDDEN = 'forbidden'      # HTTP 401/403
TRANSIENT = 'transient'      # 5xx, 429, connection errors, Magnum races
TIMEOUT = 'timeout'          # no (complete) answer in time
MALFORMED = 'malformed'      # an answer that is not what the API promises
ERROR = 'error'              # anything else: the request itself is wrong
KINDS = (NOT_FOUND, FORBIDDEN, TRANSIENT, TIMEOUT, MALFORMED, ERROR)


class MalformedAnswer(Exception):
    """An answer that is not what the API promises (HTML, empty, types)."""


class DeadlineExceeded(Exception):
    """No (complete) answer before a deadline; ``str()`` says what."""


class RetryLater(Exception):
    """An error answer with ``Retry-After`` (HTTP 5xx or 429).

    Raised instead of python-magnumclient's exception, which cannot be
    built for such an answer (it raises a TypeError, an upstream bug).
    ``retry_after`` is in seconds (0 when the header cannot be read).
    """

    def __init__(self, message, http_status, retry_after=0.0, url=None,
                 request_id=None):
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.retry_after = retry_after
        self.url = url
        self.request_id = request_id


@dataclasses.dataclass(frozen=True)
class Failure:
    """What went wrong with one API call: a kind and one line.

    ``retry_after``: the seconds the server asked to wait before trying
    again (``Retry-After``), when it said so.
    """

    kind: str
    line: str
    status: int | None = None
    retry_after: float | None = None


def is_magnum_race(exc):
    """Magnum's brief 400 "Invalid input for field/attribute master_count".

    The conductor has written a new cluster's row but not yet its node
    groups, and the API cannot compute master_count: any read of that
    cluster, or a list that holds it, meets it for a moment.
    """
    from magnumclient import exceptions as mc_exc

    return (isinstance(exc, mc_exc.BadRequest)
            and 'master_count' in str(exc))


def classify(exc):
    """A :class:`Failure` for any exception met while calling an API."""
    from keystoneauth1 import exceptions as ks_exc
    from magnumclient import exceptions as mc_exc

    sdk_failure = _classify_sdk(exc)
    if sdk_failure is not None:
        return sdk_failure
    line = describe(exc) or (
        f'unexpected error ({type(exc).__name__}: '
        f'{" ".join(str(exc).split())})')
    status = getattr(exc, 'http_status', None) or getattr(
        exc, 'status_code', None)
    if not isinstance(status, int):
        status = None
    if isinstance(exc, MalformedAnswer):
        kind = MALFORMED
    elif isinstance(exc, (DeadlineExceeded, ks_exc.ConnectTimeout,
                          mc_exc.RequestTimeout,
                          ks_exc.http.RequestTimeout)):
        # keystoneauth's ConnectTimeout is its name for any requests
        # timeout, reads included.
        kind = TIMEOUT
    elif isinstance(exc, (mc_exc.NotFound, ks_exc.http.NotFound)):
        kind = NOT_FOUND
    elif isinstance(exc, (mc_exc.Forbidden, mc_exc.Unauthorized,
                          ks_exc.http.Forbidden, ks_exc.http.Unauthorized)):
        kind = FORBIDDEN
    elif isinstance(exc, (mc_exc.HttpServerError, mc_exc.ConnectionError,
                          ks_exc.ConnectionError,
                          ks_exc.http.HttpServerError)):
        kind = TRANSIENT
    elif status is not None and (status >= 500 or status == 429):
        kind = TRANSIENT
    elif is_magnum_race(exc):
        kind = TRANSIENT
    elif isinstance(exc, ValueError) and 'JSON' in (
            type(exc).__name__ + str(exc)):
        kind = MALFORMED
    elif _is_retry_after_bug(exc):
        kind = TRANSIENT
    else:
        kind = ERROR
    return Failure(kind, line, status, _retry_after_of(exc))


def _is_retry_after_bug(exc):
    """python-magnumclient's TypeError for an error with Retry-After.

    Our guarded sessions (``catalystcoe.cloud``) raise RetryLater before
    it happens; a client used without one still meets it.
    """
    return isinstance(exc, TypeError) and 'retry_after' in str(exc)


def _retry_after_of(exc):
    seconds = getattr(exc, 'retry_after', None)
    if isinstance(seconds, (int, float)) and seconds > 0:
        return float(seconds)
    return None


def retry_after_seconds(value, now=None):
    """Seconds from a ``Retry-After`` header (delta or HTTP date), >= 0."""
    import email.utils
    import time

    text = str(value or '').strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return 0.0
    if when is None:
        return 0.0
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def retry_later(resp):
    """A :class:`RetryLater` for an error response carrying Retry-After."""
    headers = getattr(resp, 'headers', None) or {}
    return RetryLater(
        _server_message(resp), resp.status_code,
        retry_after_seconds(headers.get('Retry-After')),
        url=getattr(resp, 'url', None),
        request_id=headers.get('x-openstack-request-id'))


def _server_message(resp):
    """The server's own words for an error answer, or its reason phrase."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        items = body.get('errors')
        if isinstance(items, list) and items and isinstance(items[0], dict):
            text = items[0].get('detail') or items[0].get('title')
            if isinstance(text, str) and text.strip():
                return ' '.join(text.split())
        for key in ('faultstring', 'message'):
            if isinstance(body.get(key), str) and body[key].strip():
                return ' '.join(body[key].split())
    return getattr(resp, 'reason', None) or 'error'


def _is_sdk(exc):
    """An openstacksdk exception (told apart without importing the SDK)."""
    return type(exc).__module__.split('.')[0] == 'openstack'


def _classify_sdk(exc):
    """The Failure of an openstacksdk exception, or None for others.

    openstacksdk turns HTTP errors into its own ``HttpException``
    subclasses (``NotFoundException``, ``ForbiddenException``, ...) and
    raises ``EndpointNotFound`` for a service missing from the catalog;
    keystoneauth's connection errors and timeouts pass through it
    unchanged and are classified as keystoneauth's.
    """
    if not _is_sdk(exc):
        return None
    from openstack import exceptions as sdk_exc

    line = describe(exc) or str(exc)
    status = getattr(exc, 'status_code', None)
    if not isinstance(status, int):
        status = None
    if isinstance(exc, sdk_exc.NotFoundException):
        kind = NOT_FOUND
    elif (isinstance(exc, sdk_exc.ForbiddenException)
          or status in (401, 403)):
        kind = FORBIDDEN
    elif isinstance(exc, sdk_exc.ResourceTimeout):
        kind = TIMEOUT
    elif status is not None and (status >= 500 or status == 429):
        kind = TRANSIENT
    elif isinstance(exc, sdk_exc.InvalidResponse):
        kind = MALFORMED
    else:
        kind = ERROR
    return Failure(kind, line, status)


def _sdk_line(exc):
    """One line for an openstacksdk exception, or None for others."""
    if not _is_sdk(exc):
        return None
    from openstack import exceptions as sdk_exc

    if isinstance(exc, sdk_exc.HttpException):
        message = getattr(exc, 'details', None) or getattr(
            exc, 'message', None) or type(exc).__name__
        message = ' '.join(str(message).split())
        text = f'{message} (HTTP {exc.status_code}'
        if exc.request_id:
            text += f', request {exc.request_id}'
        return text + ')'
    if isinstance(exc, sdk_exc.EndpointNotFound):
        return f'no such endpoint in the service catalog: {exc}'
    if isinstance(exc, sdk_exc.SDKException):
        return ' '.join(str(exc).split())
    return None


def json_object(resp):
    """The JSON object of a keystoneauth/requests response, or raise.

    Raises MalformedAnswer naming the URL, the status, the content type
    and the first bytes when the body is not a JSON object.
    """
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    raise MalformedAnswer(answer_text(resp, 'a JSON object'))


def answer_text(resp, expected):
    """``<url> answered <status> <type> "<first bytes>", not <expected>``."""
    content = getattr(resp, 'content', b'') or b''
    head = ' '.join(content[:60].decode('utf-8', 'replace').split())
    kind = (getattr(resp, 'headers', None) or {}).get(
        'Content-Type') or 'no content type'
    body = repr(head) if head else 'an empty body'
    return (f'{getattr(resp, "url", "the API")} answered HTTP '
            f'{getattr(resp, "status_code", "?")} ({kind}) '
            f'{body}, not {expected}')


def describe(exc):
    """One line for an API exception, or None if it is not one we know."""
    from keystoneauth1 import exceptions as ks_exc
    from magnumclient import exceptions as mc_exc

    if isinstance(exc, MalformedAnswer):
        return f'the API answered with malformed data: {exc}'
    if isinstance(exc, DeadlineExceeded):
        return str(exc)
    sdk_line = _sdk_line(exc)
    if sdk_line is not None:
        return sdk_line
    if isinstance(exc, (RetryLater, mc_exc.HttpError,
                        ks_exc.http.HttpError)):
        return _http_line(exc)
    if _is_retry_after_bug(exc):
        return ('the API answered an error with Retry-After (it is busy or '
                'down for maintenance; try again later)')
    if isinstance(exc, ks_exc.EndpointNotFound):
        return f'no such endpoint in the service catalog: {exc}'
    if isinstance(exc, ks_exc.ConnectTimeout):
        return f'timed out connecting to the API: {exc}'
    if isinstance(exc, ks_exc.ConnectionError):
        return _unreachable_line(exc)
    if isinstance(exc, ks_exc.ClientException):
        return str(exc)
    if isinstance(exc, mc_exc.ClientException):
        return str(exc)
    if isinstance(exc, ValueError) and 'JSON' in type(exc).__name__ + str(
            exc):
        return f'the API answered with malformed data: {exc}'
    return None


# What requests/urllib3 say deep inside a connection error, in a few words.
_CONNECTION_CAUSES = (
    ('Connection refused', 'connection refused'),
    ('Name or service not known', 'unknown host'),
    ('Temporary failure in name resolution', 'unknown host'),
    ('timed out', 'timed out'),
    ('RemoteDisconnected', 'the server closed the connection'),
    ('Connection reset', 'connection reset'),
    ('SSLError', 'TLS error'),
    ('CERTIFICATE_VERIFY_FAILED', 'certificate not trusted'),
)


def _unreachable_line(exc):
    """``cannot reach the API at <url> (<cause>)`` from keystoneauth's text.

    keystoneauth repeats urllib3's whole exception chain; a person needs
    the URL and the cause.
    """
    text = ' '.join(str(exc).split())
    url = None
    marker = 'Unable to establish connection to '
    if marker in text:
        url = text.split(marker, 1)[1].split(' ', 1)[0].rstrip(':')
    causes = [short for needle, short in _CONNECTION_CAUSES
              if needle in text]
    if url is None:
        return f'cannot reach the API: {text}'
    cause = causes[-1] if causes else 'no answer'
    return f'cannot reach the API at {url} ({cause})'


def _http_line(exc):
    """``<server's message> (HTTP <status>, request <id>)``, said once."""
    message = str(getattr(exc, 'message', None) or exc)
    message = ' '.join(message.split())
    status = getattr(exc, 'http_status', None)
    request_id = getattr(exc, 'request_id', None)
    # Servers and clients sometimes put the status in the message already.
    message = message.replace(f' (HTTP {status})', '').strip()
    text = f'{message} (HTTP {status}'
    if request_id:
        text += f', request {request_id}'
    seconds = _retry_after_of(exc)
    if seconds:
        text += f', retry after {seconds:g} s'
    return text + ')'


@contextlib.contextmanager
def api_errors(doing):
    """Re-raise known API failures as CommandError('<doing>: <why>')."""
    try:
        yield
    except osc_exc.CommandError:
        raise
    except Exception as exc:
        text = describe(exc)
        if text is None:
            raise
        raise osc_exc.CommandError(f'{doing}: {text}') from exc
