"""Remove secrets (and optionally addresses) before anything is written.

One :class:`Redactor` per bundle.  It works on the collected data itself
(dicts, lists, strings), before they are serialised, and once more on
every text written, so that nothing rendered from the data can bring a
secret back.  Every replacement is counted by kind; the counts go into
the bundle's manifest.

Rules (documented in ``doc/source/user/support.rst``):

* Values of keys that look secret: the key contains one of
  :data:`SECRET_WORDS` in any case and position, also in nested labels,
  Heat stack parameters and outputs (``{"output_key": k, "output_value":
  v}`` and ``{"key"/"name": k, "value": v}`` pairs are read as ``k: v``).
  Kept: names, not secrets (:data:`KEPT_KEYS`, and keys ending in one of
  :data:`KEPT_SUFFIXES` such as ``_name``, ``_enabled``, ``_tag``,
  ``_url``), flag values (true/false/yes/no/on/off, empty, None) and
  version numbers (``5.18.1``, ``v1.15.0``).
* In every string: PEM blocks, base64 PEM (kubeconfig ``*-data``),
  Keystone fernet and PKI tokens, JWTs, bearer tokens, ``X-Auth-Token``
  headers, ``secret=...``-style assignments, credentials in URLs.
* Extra patterns given by the user (``--redact REGEX``).
* With ``mask_addresses``: IPv4/IPv6 addresses and host names of URLs,
  each mapped to the same placeholder wherever it appears.
"""

import collections
import ipaddress
import re
import threading

MARKER = '***REDACTED***'

SECRET_WORDS = ('password', 'passwd', 'passphrase', 'secret', 'token',
                'key', 'credential', 'trust', 'private', 'cert', 'auth',
                'kubeconfig')
_SECRET_KEY_RE = re.compile('|'.join(SECRET_WORDS), re.IGNORECASE)

# Keys that name things rather than hold secrets.
KEPT_KEYS = frozenset({
    'keypair', 'keypair_id', 'key_name', 'output_key', 'key',
    'resource_key', 'auth_type', 'auth_url', 'keystone_auth_enabled',
})
KEPT_SUFFIXES = ('_name', '_username', '_enabled', '_disabled', '_tag',
                 '_type', '_url', '_host', '_policy', '_version')
_VERSION_VALUE_RE = re.compile(r'v?\d+(?:\.\d+){1,3}')
_FLAG_VALUES = frozenset({'', 'true', 'false', 'yes', 'no', 'on', 'off',
                          'none', 'null', MARKER.lower()})

# Pairs whose first member names the second: {name_key: value_key}.
_PAIR_KEYS = (('output_key', 'output_value'), ('key', 'value'),
              ('name', 'value'), ('parameter_key', 'parameter_value'))

# (kind, compiled pattern, replacement).  Order matters: whole blocks
# first, then tokens, then assignments inside free text.
_TEXT_RULES = (
    ('pem', re.compile(
        r'-----BEGIN [A-Z0-9 ]{1,64}-----.*?'
        r'(?:-----END [A-Z0-9 ]{1,64}-----|\Z)', re.DOTALL), MARKER),
    ('pem', re.compile(
        # base64 of "-----BEGIN" (kubeconfig *-data fields).
        r'LS0tLS1CRUdJT[A-Za-z0-9+/=]*'), MARKER),
    ('kubeconfig', re.compile(
        r'((?:client-certificate|client-key|certificate-authority)-data'
        r'["\']?\s*[:=]\s*["\']?)[A-Za-z0-9+/=]+'), r'\1' + MARKER),
    ('token', re.compile(r'\bgAAAAA[A-Za-z0-9_=-]{20,}'), MARKER),
    ('token', re.compile(r'\bMII[A-Za-z0-9+/=_-]{60,}'), MARKER),
    ('token', re.compile(
        r'\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*'),
     MARKER),
    ('token', re.compile(r'(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}'),
     r'\1' + MARKER),
    ('token', re.compile(
        r'(?i)(\bx-(?:auth|subject|service)-token["\']?\s*[:=]\s*["\']?)'
        r'[^\s"\',;]+'), r'\1' + MARKER),
    ('url_credentials', re.compile(
        r'(?i)\b([a-z][a-z0-9+.-]{1,15}://)[^/\s:@"\']+:[^/\s@"\']*@'),
     r'\1' + MARKER + '@'),
    ('assignment', re.compile(
        r'(?i)\b([\w.-]*(?:password|passwd|secret|token|credential|'
        r'private[_-]?key|api[_-]?key|access[_-]?key)[\w.-]*)'
        r'(["\']?\s*(?:=|:)\s*["\']?)(?!\*\*\*REDACTED)([^\s"\',;&}\]]+)'),
     None),
)

_IPV4_RE = re.compile(r'(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)')
_IPV6_RE = re.compile(
    r'(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])')
_URL_HOST_RE = re.compile(
    r'(?i)\b[a-z][a-z0-9+.-]{1,15}://(?:[^/\s@"\']*@)?'
    r'([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?'
    r'(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+)')
_HOST_KEYS_RE = re.compile(r'(?i)(^|_)(host|hostname|fqdn)$')


def key_is_secret(key, value=None):
    """True when the value under ``key`` must be replaced."""
    if not isinstance(key, str):
        return False
    lowered = key.lower()
    if not _SECRET_KEY_RE.search(lowered):
        return False
    if lowered in KEPT_KEYS or lowered.endswith(KEPT_SUFFIXES):
        return False
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str) and (
            value.strip().lower() in _FLAG_VALUES
            or _VERSION_VALUE_RE.fullmatch(value.strip())):
        return False
    if isinstance(value, (dict, list)) and not value:
        return False
    return True


class Redactor:
    """Redact secrets (and addresses) consistently across one bundle."""

    def __init__(self, extra_patterns=(), mask_addresses=False):
        self.extra = [re.compile(p) for p in extra_patterns]
        self.mask_addresses = mask_addresses
        self.counts: collections.Counter[str] = collections.Counter()
        self._addresses = {}
        self._hosts = {}
        self._lock = threading.Lock()

    # -- structured data ----------------------------------------------

    def redact(self, obj):
        """A redacted deep copy of ``obj`` (dicts, lists, scalars)."""
        if isinstance(obj, dict):
            return self._redact_dict(obj)
        if isinstance(obj, (list, tuple)):
            return [self.redact(item) for item in obj]
        if isinstance(obj, str):
            return self.text(obj)
        return obj

    def _redact_dict(self, obj):
        pair_secret = None
        for name_key, value_key in _PAIR_KEYS:
            name = obj.get(name_key)
            if (isinstance(name, str) and value_key in obj
                    and key_is_secret(name, obj[value_key])):
                pair_secret = value_key
                break
        out = {}
        for key, value in obj.items():
            new_key = self.text(key) if isinstance(key, str) else key
            if key == pair_secret or key_is_secret(key, value):
                self._count('secret_key')
                out[new_key] = MARKER
            else:
                out[new_key] = self.redact(value)
        return out

    # -- text ---------------------------------------------------------

    def text(self, text):
        """``text`` with every secret pattern (and address) replaced."""
        if not text:
            return text
        for kind, pattern, replacement in _TEXT_RULES:
            text = self._sub(kind, pattern, replacement, text)
        for pattern in self.extra:
            text = self._sub('custom', pattern, MARKER, text)
        if self.mask_addresses:
            text = self._mask(text)
        return text

    def _sub(self, kind, pattern, replacement, text):
        hits = 0

        def replace(match):
            nonlocal hits
            if replacement is None:
                # An assignment: the same key rules as for structured data.
                name, sep, value = match.groups()
                if not key_is_secret(name, value):
                    return match.group(0)
                new = name + sep + MARKER
            else:
                new = match.expand(replacement)
            if new != match.group(0):
                hits += 1
            return new

        text = pattern.sub(replace, text)
        if hits:
            self._count(kind, hits)
        return text

    def _count(self, kind, count=1):
        with self._lock:
            self.counts[kind] += count

    # -- addresses ----------------------------------------------------

    def learn_hosts(self, obj):
        """Remember host names in ``obj`` so they are masked everywhere."""
        if not self.mask_addresses:
            return
        if isinstance(obj, dict):
            for key, value in obj.items():
                if (isinstance(key, str) and isinstance(value, str)
                        and _HOST_KEYS_RE.search(key)):
                    self._host_placeholder(value)
                self.learn_hosts(value)
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                self.learn_hosts(item)
        elif isinstance(obj, str):
            for match in _URL_HOST_RE.finditer(obj):
                self._host_placeholder(match.group(1))

    def _host_placeholder(self, host):
        host = host.strip().lower()
        if not host or _is_ip(host) or '.' not in host:
            return None
        with self._lock:
            if host.endswith('.invalid') and host in self._hosts.values():
                return host
            if host not in self._hosts:
                self._hosts[host] = f'host-{len(self._hosts) + 1}.invalid'
            return self._hosts[host]

    def _address_placeholder(self, address):
        with self._lock:
            if address not in self._addresses:
                version = ipaddress.ip_address(address).version
                kind = 'ip' if version == 4 else 'ipv6'
                count = sum(1 for p in self._addresses.values()
                            if p.startswith(f'<{kind}-'))
                self._addresses[address] = f'<{kind}-{count + 1}>'
            return self._addresses[address]

    def _mask(self, text):
        def ip(match):
            candidate = match.group(0)
            if not _is_ip(candidate):
                return candidate
            self._count('address')
            return self._address_placeholder(
                str(ipaddress.ip_address(candidate)))

        text = _IPV4_RE.sub(ip, text)
        text = _IPV6_RE.sub(ip, text)
        for match in list(_URL_HOST_RE.finditer(text)):
            self._host_placeholder(match.group(1))
        with self._lock:
            hosts = sorted(self._hosts.items(), key=lambda kv: -len(kv[0]))
        for host, placeholder in hosts:
            pattern = re.compile(r'(?<![\w.-])' + re.escape(host)
                                 + r'(?![\w-])', re.IGNORECASE)
            text = self._sub('hostname', pattern, placeholder, text)
        return text

    # -- summary ------------------------------------------------------

    def summary(self):
        """Counts for the manifest: ``{'total': n, 'by_kind': {...}}``."""
        with self._lock:
            by_kind = dict(sorted(self.counts.items()))
        return {'total': sum(by_kind.values()), 'by_kind': by_kind}


def _is_ip(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def redact_argv(argv, redactor):
    """A command line with the values of secret-looking options removed.

    ``--os-password X``, ``--os-password=X``, ``--os-token X``,
    ``--os-application-credential-secret X``... become the marker; every
    other word goes through :meth:`Redactor.text`.
    """
    out = []
    hide_next = False
    for word in argv:
        if hide_next:
            out.append(MARKER)
            redactor._count('command_line')
            hide_next = False
            continue
        if word.startswith('--'):
            name, eq, value = word[2:].partition('=')
            if key_is_secret(name.replace('-', '_'), value or 'x'):
                if eq:
                    out.append(f'--{name}={MARKER}')
                    redactor._count('command_line')
                else:
                    out.append(word)
                    hide_next = True
                continue
        out.append(redactor.text(word))
    return out
