"""Turn errors from python-magnumclient and keystoneauth into one line.

Every command and hook of ours that calls an API does it inside
``with errors.api_errors('what we were doing'):`` so that an expected
failure (not found, ambiguous name, forbidden, unreachable, timeout,
malformed answer) ends as an ``osc_lib.exceptions.CommandError`` with one
clear line, never a traceback.
"""

import contextlib

from osc_lib import exceptions as osc_exc


def describe(exc):
    """One line for an API exception, or None if it is not one we know."""
    from keystoneauth1 import exceptions as ks_exc
    from magnumclient import exceptions as mc_exc

    if isinstance(exc, (mc_exc.HttpError, ks_exc.http.HttpError)):
        return _http_line(exc)
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
