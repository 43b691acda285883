"""Remove secrets (and optionally addresses) before anything is written.

One :class:`Redactor` per bundle.  It works on the collected data itself
(dicts, lists, strings), before they are serialised, and once more on
every text written, so that nothing rendered from the data can bring a
secret back.  Every replacement is counted by kind; the counts go into
the bundle's manifest.  ``coe cluster diagnose`` passes what it prints
through the same rules.

What is replaced and what is kept, with an example of each form, is the
table in ``doc/source/user/redaction.rst``; in short:

* Values of keys that name a secret (:func:`key_is_secret`), in data, in
  text (``key=value``, ``key: value``, ``"key": "value"``, YAML block
  scalars, query strings, ``--option value``) and in JSON held in
  strings, at any depth.  Names, IDs (except trust IDs), flags, versions,
  paths and public keys are kept.
* Secrets recognised by their form wherever they are: PEM blocks, tokens
  (Keystone, JWT, GitHub, GitLab, Slack, AWS access key IDs...),
  ``Bearer``/``Basic`` credentials, credentials and tokens in URLs,
  base64 that decodes to something secret, Kubernetes Secret data.
* With ``mask_addresses``: IPv4/IPv6 addresses and host names, each
  mapped to the same placeholder wherever it appears.

Every regular expression here runs in time linear in its input: no
nested quantifiers, and a pattern whose quantified part could fail after
scanning a long run starts only where that run starts (a look-behind
after its literal prefix, or a possessive quantifier).  Scanning that
needs more than a regular expression is done in Python over spans that
never overlap.  ``tools/bench-redact`` measures it.
"""

import base64
import binascii
import bisect
import collections
import functools
import ipaddress
import json
import re
import threading

MARKER = '***REDACTED***'

# Parts of a key name (lower case, separators removed) that make it secret.
SECRET_SUBSTRINGS = (
    'password', 'passwd', 'passphrase', 'passcode', 'secret', 'token',
    'credential', 'kubeconfig', 'dockerconfig', 'dockercfg', 'apikey',
    'privatekey', 'accesskey', 'secretkey', 'authkey', 'signingkey',
    'encryptionkey', 'sessionkey', 'masterkey')
# Whole words of a key name that make it secret.
SECRET_WORDS = frozenset({
    'pass', 'pwd', 'pw', 'auth', 'authorization', 'sig', 'signature',
    'cert', 'certs', 'certificate', 'certificates', 'cacert', 'key', 'keys',
    'trust', 'creds', 'cookie'})
# Keys that name things rather than hold secrets.
KEPT_KEYS = frozenset({
    'keypair', 'keypair_id', 'key_name', 'output_key', 'key',
    'resource_key', 'auth_type', 'auth_url', 'keystone_auth_enabled',
    'parameter_key'})
# Last words of keys that name, locate or describe a secret: kept.
KEPT_SUFFIXES = frozenset({
    'name', 'names', 'username', 'user', 'enabled', 'disabled', 'tag',
    'type', 'url', 'uri', 'host', 'hostname', 'policy', 'version', 'file',
    'files', 'path', 'dir', 'id', 'ids', 'uuid', 'ref', 'mode', 'method',
    'plugin', 'strategy', 'provider', 'backend', 'algorithm', 'length',
    'ttl', 'expiry', 'expires', 'expiration', 'lifetime', 'format', 'size',
    'count', 'endpoint'})
# Words that make a key hold a public key (kept).
_PUBLIC_WORDS = frozenset({'public', 'pub', 'pubkey', 'publickey'})
_FLAG_VALUES = frozenset({'', 'true', 'false', 'yes', 'no', 'on', 'off',
                          'none', 'null', MARKER.lower()})
_VERSION_VALUE_RE = re.compile(
    r'v?\d{1,9}\.\d{1,9}(?:\.\d{1,9})?(?:\.\d{1,9})?')
_VERSION_FIRST = frozenset('v0123456789')
_PATH_VALUE_RE = re.compile(r'(?:~|\.{1,2})?/[\w.@+/-]{1,4095}')
# SSH key types, and the label of PEM public keys.
_SSH_KEY_TYPES = (r'(?:ssh-(?:rsa|dss|ed25519|ed448)'
                  r'|ecdsa-sha2-nistp(?:256|384|521)'
                  r'|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)')
_PEM_PUBLIC = '(?:RSA |EC |SSH2 )?PUBLIC KEY-----'
_PUBLIC_KEY_VALUE_RE = re.compile(
    _SSH_KEY_TYPES + r'[ \t]{1,8}AAAA[A-Za-z0-9+/]{16,16384}={0,3}'
    r'(?:[ \t][^\n]{0,256})?'
    f'|-----BEGIN {_PEM_PUBLIC}' r'[A-Za-z0-9+/=\s]{1,16384}'
    f'-----END {_PEM_PUBLIC}' r'\s{0,8}')
_WORD_RE = re.compile(r'[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+')

# Pairs whose first member names the second: {name_key: value_key}.
_PAIR_KEYS = (('output_key', 'output_value'), ('key', 'value'),
              ('name', 'value'), ('parameter_key', 'parameter_value'))

# Full-width forms, Unicode colons and equals signs as their ASCII
# look-alikes, ASCII in lower case: one character for one, so that
# offsets in the folded text are offsets in the original.
_FOLD = {c: c + 32 for c in range(ord('A'), ord('Z') + 1)}
_FOLD.update({c: ord(chr(c - 0xFEE0).lower())
              for c in range(0xFF01, 0xFF5F)})
_FOLD.update({c: ord(':') for c in (0xFE13, 0xFE55, 0x2236, 0xA789, 0x02D0,
                                    0x02F8, 0x05C3, 0x0589, 0x205A)})
_FOLD.update({c: ord('=') for c in (0xFE66, 0x2E40)})
_FOLD_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# Users that name a service account rather than carry a secret.
_PLAIN_URL_USERS = frozenset({'git', 'root', 'ubuntu', 'core', 'fedora',
                              'centos', 'debian', 'admin', 'anonymous'})


def _fold(text):
    """``text`` lower-cased, full-width and Unicode colons made ASCII."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def _secret_name(key):
    """True when a key with this name holds a secret (its value aside)."""
    return _secret_name_start(key[:256])


@functools.lru_cache(maxsize=4096)
def _secret_name_start(key):
    key = key.translate(_FOLD_WIDTH)
    lowered = key.lower().strip('-_.')
    if lowered in KEPT_KEYS:
        return False
    words = [w.lower() for w in _WORD_RE.findall(key)]
    compact = ''.join(words)
    if not words:
        return False
    if _PUBLIC_WORDS.intersection(words) or 'publickey' in compact:
        return any(w in compact for w in ('password', 'secret', 'token',
                                          'privatekey'))
    secret = (any(s in compact for s in SECRET_SUBSTRINGS)
              or not SECRET_WORDS.isdisjoint(words))
    if not secret:
        return False
    if words[-1] in ('id', 'ids', 'uuid'):
        # IDs stay, except a trust's (it works as a credential) and an
        # access key's.
        return 'trust' in words or ('access' in words and 'key' in words)
    return words[-1] not in KEPT_SUFFIXES


def _value_kept(value):
    """True when ``value`` is not a secret whatever its key says."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, (dict, list, tuple)):
        if not value:
            return True
        return (not isinstance(value, dict)
                and all(isinstance(v, str) and _is_public_key(v)
                        for v in value))
    if not isinstance(value, str):
        return False
    return _text_kept(value)


def _text_kept(value):
    """True when the text ``value`` is a flag, version, path or public key.

    The cheap tests first: this runs for every value (and short values
    repeat, so their answers are remembered).
    """
    if len(value) <= 64:
        return _short_text_kept(value)
    return _short_text_kept.__wrapped__(value)


@functools.lru_cache(maxsize=4096)
def _short_text_kept(value):
    stripped = value.strip()
    first = stripped[:1]
    return (not first
            or (len(stripped) <= 16 and stripped.lower() in _FLAG_VALUES)
            or (first in _VERSION_FIRST
                and _VERSION_VALUE_RE.fullmatch(stripped) is not None)
            or (first in '~./' and _is_path(stripped))
            or _is_public_key(stripped))


def _is_path(value):
    return (_PATH_VALUE_RE.fullmatch(value) is not None
            and (value.count('/') >= 2 or value.startswith('~/')))


def _is_public_key(value):
    if 'AAAA' not in value and 'PUBLIC KEY' not in value:
        return False
    if value.lstrip().startswith('-----BEGIN'):
        return _PUBLIC_KEY_VALUE_RE.fullmatch(value.strip()) is not None
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return bool(lines) and all(
        _PUBLIC_KEY_VALUE_RE.fullmatch(line) for line in lines)


@functools.lru_cache(maxsize=4096)
def _assigned_secret(key, query):
    """True when ``key``, written in text (in a query), names a secret."""
    name = key.lstrip('-')
    return _secret_name(name) or (query and name.lower() in (
        'key', 'sig', 'signature', 'auth'))


def key_is_secret(key, value=None):
    """True when the value under ``key`` must be replaced."""
    if not isinstance(key, str) or not _secret_name(key):
        return False
    if key.lower() == 'pass' and (
            isinstance(value, int) or str(value).strip().isdigit()):
        return False  # a count of passed checks, not a password
    return not _value_kept(value)


# -- text rules ---------------------------------------------------------
#
# A rule is (kind, needs, pattern, judge, folded); see _rule.

_PUBKEY_SSH_RE = re.compile(
    _SSH_KEY_TYPES + r'[ \t]{1,8}+AAAA[A-Za-z0-9+/]{16,}+={0,3}+')
_PUBKEY_PEM_RE = re.compile('-----BEGIN ' + _PEM_PUBLIC)
_PUBKEY_PEM_END_RE = re.compile('-----END ' + _PEM_PUBLIC)
_PEM_RE = re.compile(r'-----BEGIN [A-Z0-9 ]{1,64}+-----')
_PEM_END_RE = re.compile(r'-----END [A-Z0-9 ]{1,64}+-----')
_B64_CHARS = r'[A-Za-z0-9+/_-]'
_CONTROL_RE = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def _whole(group=0):
    """A judge replacing ``group`` unless it already is the marker."""
    def judge(redactor, text, match):
        start, end = match.span(group)
        if start < 0 or text[start:end] == MARKER:
            return None
        return start, end, MARKER
    return judge


def _basic_judge(redactor, text, match):
    start, end = match.span('cred')
    if _b64decode(text[start:end], ':') is None:
        return None
    return start, end, MARKER


def _base64_judge(redactor, text, match):
    """Replace base64 whose decoded text holds a secret."""
    start, end = match.span()
    decoded = _b64decode(text[start:end])
    if (decoded is None or redactor._depth >= 2
            or ':' not in decoded and '=' not in decoded):
        return None  # no key: value, no URL, no PEM: nothing to find
    probe = Redactor()
    probe._depth = redactor._depth + 1
    if probe.text(decoded) == decoded:
        return None
    return start, end, MARKER


def _b64decode(blob, needle=''):
    """``blob`` decoded as base64 text (with ``needle`` in it), or None."""
    blob = blob.rstrip('=')
    blob += '=' * (-len(blob) % 4)
    try:
        if '-' in blob or '_' in blob:
            raw = base64.urlsafe_b64decode(blob)
        else:
            raw = base64.b64decode(blob, validate=True)
        decoded = raw.decode('utf-8')
    except (binascii.Error, ValueError):
        return None
    if needle not in decoded or _CONTROL_RE.search(decoded):
        return None
    return decoded


def _url_userinfo_judge(redactor, text, match):
    start, end = match.span('ui')
    user = text[start:end]
    if user == MARKER or user.lower() in _PLAIN_URL_USERS:
        return None
    return start, end, MARKER


def _rule(kind, pattern, judge=None, folded=False, needs=()):
    """A text rule.

    ``pattern`` is searched in the text (or its folded copy when
    ``folded``), only when every string of ``needs`` is in it (a search
    for a literal is much faster than any pattern); the judge gives the
    span to replace for a match, or None to keep it.
    """
    return (kind, tuple(needs), re.compile(pattern), judge or _whole(),
            folded)


def _token_rule(prefix, body, behind=None):
    """A token: literal ``prefix`` then ``body``.

    With ``behind`` (a class), only where the prefix does not continue a
    run of that class.
    """
    literal = re.escape(prefix)
    guard = f'(?<!{behind}{literal})' if behind else ''
    return _rule('token', literal + guard + body, needs=(prefix,))


def _url_token_rule(literal, needs):
    return _rule('url_token', literal + rf'(?P<tok>{_URL_CHAR}{{1,2048}}+)',
                 _whole('tok'), folded=True, needs=(needs,))


_URL_CHAR = r'[^\s"\'<>?#]'
_ALL_RULES = (
    _rule('pem', r'LS0tLS1CRUdJT[A-Za-z0-9+/=]*+', needs=('LS0tLS1CRUdJT',)),
    # Keystone fernet and PKI tokens, JWTs.
    _token_rule('gAAAAA', r'[A-Za-z0-9_=-]{20,}+'),
    _token_rule('MII', r'[A-Za-z0-9+/=_-]{60,}+'),
    _token_rule('eyJ', r'[A-Za-z0-9_-]{5,}+\.[A-Za-z0-9_-]{5,}+'
                r'\.[A-Za-z0-9_-]*+', behind='[A-Za-z0-9_-]'),
    # Tokens of code hosts, chat and clouds, by their documented prefixes.
    _token_rule('gh', r'[pousr]_[A-Za-z0-9]{20,}+', behind='[A-Za-z0-9]'),
    _token_rule('github_pat_', r'[A-Za-z0-9_]{20,}+'),
    _token_rule('gl', r'(?:pat|dt|ptt|rt|cbt|oas|soat|ft|imt|agent|wt|ffct'
                r'|sa)-[A-Za-z0-9_-]{20,}+', behind='[A-Za-z0-9]'),
    _token_rule('GR1348941', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('xox', r'[abposre]-[A-Za-z0-9-]{10,}+'),
    _token_rule('xapp-', r'[0-9]-[A-Za-z0-9-]{10,}+'),
    _rule('token', r'A(?<![A-Za-z0-9]A)(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|BIA'
          r'|CCA)[A-Z0-9]{16}(?![A-Za-z0-9])',
          needs=('A',)),
    _token_rule('AIza', r'[0-9A-Za-z_-]{35}'),
    _token_rule('sk_live_', r'[0-9A-Za-z]{16,}+'),
    _token_rule('rk_live_', r'[0-9A-Za-z]{16,}+'),
    _token_rule('sk-proj-', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('sk-ant-', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('npm_', r'[A-Za-z0-9]{36}'),
    _token_rule('pypi-AgE', r'[A-Za-z0-9_-]{50,}+'),
    _token_rule('dckr_pat_', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('hvs.', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('hvb.', r'[A-Za-z0-9_-]{20,}+'),
    _token_rule('SG.', r'[A-Za-z0-9_-]{16,}+\.[A-Za-z0-9_-]{16,}+'),
    # Base64 of JSON ({"...), of a cloud-config or of a script, when what
    # it decodes to holds a secret (Docker config, user data).
    *(_rule('base64', f'{p}(?<!{_B64_CHARS}{p}){_B64_CHARS}{{12,}}+={{0,2}}+',
            _base64_judge, needs=(p,))
      for p in ('eyJ', 'eyAi', 'ewo', 'I2Nsb3VkLWNvbmZpZ', 'IyEv')),
    # Credentials without a key: Bearer tokens, Basic user:password.
    _rule('token', r'bearer[ \t]{1,8}+(?P<cred>[a-z0-9._~+/=-]{8,}+)',
          _whole('cred'), folded=True, needs=('bearer',)),
    _rule('token', r'basic[ \t]{1,8}+(?P<cred>[a-z0-9+/]{8,}+={0,2}+)',
          _basic_judge, folded=True, needs=('basic',)),
    # user:password@, :password@, token@ in URLs of any scheme.
    _rule('url_credentials', r'://(?P<ui>[^/\s"\'<>?#]{1,256})@',
          _url_userinfo_judge, needs=('://', '@')),
    # Tokens in URL paths: webhooks, etcd discovery.
    _url_token_rule(r'hooks\.slack\.com/(?:services|workflows|triggers)/',
                    'hooks.slack.com/'),
    _url_token_rule('/api/webhooks/', '/api/webhooks/'),
    _url_token_rule(r'webhook\.office\.com/', 'webhook.office.com/'),
    _url_token_rule(r'hooks\.zapier\.com/', 'hooks.zapier.com/'),
    _url_token_rule(r'api\.telegram\.org/', 'api.telegram.org/'),
    _url_token_rule('/webhook[a-z0-9]{0,8}+/', '/webhook'),
    _url_token_rule('/hooks/(?=[a-z0-9_-]{16})', '/hooks/'),
    _url_token_rule(r'discovery(?<=[/@.]discovery)[a-z0-9.-]{0,253}+'
                    r'(?::[0-9]{1,5}+)?/', 'discovery'),
)
# No form of _ALL_RULES (but a URL's user) fits in fewer characters.
_SHORTEST_FORM = 13
_PLAIN_RULES = tuple(rule[:4] for rule in _ALL_RULES if not rule[4])
_FOLDED_RULES = tuple(rule[:4] for rule in _ALL_RULES if rule[4])

_KQ = r'(?:\\{0,7}+["\'])?'
# Where an unquoted value ends before the end of its line: at the next
# ``; key=``, ``, key:``, `` key=`` or at a quote closing the string the
# assignment sits in.
_VALUE_STOP = (
    rf'[;,&][ \t]{{0,8}}+{_KQ}[A-Za-z_][\w.-]{{0,63}}+{_KQ}[ \t]{{0,8}}+[:=]'
    rf'|[ \t]{{1,8}}+{_KQ}[A-Za-z_][\w.-]{{0,63}}+{_KQ}[ \t]{{0,8}}+='
    r'|\\{0,7}+["\'](?=[ \t]{0,8}+(?:[,;:}\])]|$))')
_VALUE_STOP_RE = re.compile(_VALUE_STOP, re.MULTILINE)
# A secret-looking word in a key, the rest of the key, then a separator
# (``=``, ``:`` or a Unicode colon, after an optional closing quote) or,
# for ``--option value``, blanks.  Searched in the folded text.  When the
# value is plain (no quote, blank, separator) and ends where a value ends
# (_VALUE_STOP or the end of the line), it is matched too ("simple"):
# most values are, and this spares reading them again in Python.
_ASSIGN_RE = re.compile(
    r'(?:pass|pw|secret|token|cred|key|auth|sig|cert|kubeconfig|trust'
    r'|docker|cookie)(?P<tail>[a-z0-9_.-]{0,40}+)'
    r'(?:(?P<kq>\\{0,7}+["\'])?[ \t]{0,8}+(?P<sep>[:=]>?)'
    r'(?:[ \t]{0,8}+(?P<simple>[^\s"\'\\|>;,&:=][^\s"\'\\;,&:=]{0,255}+)'
    rf'(?={_VALUE_STOP}|[ \t]*+(?:\n|\Z)))?'
    r'|[ \t]{1,8}+(?=[^\s-]))', re.MULTILINE)
_KEY_BACK_RE = re.compile(r'[\w.-]{0,64}')
# Characters of keys, and any other character that may be one (\w).
_KEY_CHARS = frozenset('abcdefghijklmnopqrstuvwxyz0123456789_.-').union(
    chr(c) for c in range(128, 0x3000))
_BLANKS_RE = re.compile(r'[ \t]*+')
_BLANK_CHARS = frozenset(' \t')
_BLOCK_LINE_START = frozenset(' \t\n\r')
_OPEN_QUOTE_RE = re.compile(r'\\{0,7}+["\']')
_QUOTE_CHARS = frozenset('"\'\\')
_JSON_VALUE_STOP_RE = re.compile(r'[,}\]]')
_QUERY_VALUE_STOP_RE = re.compile(r'[&#\s"\'<>]')
_SPACE_RE = re.compile(r'\s')
_NEWLINE_RE = re.compile('\n')
_BLOCK_INDICATOR_RE = re.compile(r'[|>][-+0-9]{0,2}+[ \t]*+(?:#.*)?')

_K8S_SECRET_RE = re.compile(r'kind\\{0,7}["\']?[ \t]*:[ \t]*\\{0,7}["\']?'
                            r'secret\b')
_K8S_YAML_DATA_RE = re.compile(r'^([ \t]*)(?:data|stringdata)[ \t]*:[ \t]*$',
                               re.MULTILINE)
_K8S_JSON_DATA_RE = re.compile(
    r'"(?:data|stringdata)"[ \t]*:[ \t]*(?P<obj>\{[^{}]{0,65536}+\})')


@functools.lru_cache(maxsize=256)
def _dedent_re(col):
    """The start of the next line indented ``col`` columns or less."""
    return re.compile(r'\n[ \t]{0,%d}+(?=[^ \t\n])' % min(col, 256))


def _splice(text, spans):
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end, new in spans:
        out += (text[pos:start], new)
        pos = end
    out.append(text[pos:])
    return ''.join(out)


def _public_key_spans(text):
    """Spans of SSH and PEM public keys (kept as they are)."""
    spans = []
    if 'AAAA' in text:
        spans += [m.span() for m in _PUBKEY_SSH_RE.finditer(text)]
    if 'PUBLIC KEY-----' in text:
        pos = 0
        for m in _PUBKEY_PEM_RE.finditer(text):
            if m.start() < pos:
                continue
            closing = _PUBKEY_PEM_END_RE.search(text, m.end())
            if closing is None:
                break
            spans.append((m.start(), closing.end()))
            pos = closing.end()
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Redactor:
    """Redact secrets (and addresses) consistently across one bundle."""

    def __init__(self, extra_patterns=(), mask_addresses=False):
        self.extra = [re.compile(p) for p in extra_patterns]
        self.mask_addresses = mask_addresses
        self.counts: collections.Counter[str] = collections.Counter()
        self._addresses: dict[str, str] = {}
        self._address_counts: collections.Counter[str] = (
            collections.Counter())
        self._hosts: dict[str, str] = {}
        self._placeholders: set[str] = set()
        self._lock = threading.Lock()
        self._depth = 0

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
        kube_secret = obj.get('kind') == 'Secret'
        out = {}
        for key, value in obj.items():
            new_key = self.text(key) if isinstance(key, str) else key
            if (key == pair_secret or key_is_secret(key, value)
                    or (kube_secret and key in ('data', 'stringData')
                        and not _value_kept(value))):
                self._count('secret_key')
                out[new_key] = MARKER
            else:
                out[new_key] = self.redact(value)
        return out

    # -- text ---------------------------------------------------------

    def text(self, text):
        """``text`` with every secret pattern (and address) replaced."""
        if not text or not isinstance(text, str):
            return text
        as_json = self._json_text(text)
        if as_json is not None:
            return as_json
        spans = _public_key_spans(text)
        if not spans:
            return self._text(text)
        out: list[str] = []
        pos = 0
        for start, end in spans:
            out += (self._text(text[pos:start]), text[start:end])
            pos = end
        out.append(self._text(text[pos:]))
        return ''.join(out)

    def _json_text(self, text):
        """JSON in a string, redacted as data (None: not JSON)."""
        if text[0] not in '{[' and text.lstrip()[:1] not in ('{', '['):
            return None
        try:
            obj = json.loads(text)
            if not isinstance(obj, (dict, list)):
                return None
            redacted = self.redact(obj)
        except (ValueError, RecursionError):
            return None
        if redacted == obj:
            return text
        return json.dumps(redacted, ensure_ascii=False)

    def _text(self, text):
        if not text:
            return text
        if len(text) < _SHORTEST_FORM and '://' not in text:
            folded = _fold(text)  # too short for any form but key: value
        else:
            text = self._pem(text)
            text, _same = self._apply(text, _PLAIN_RULES, None)
            text, folded = self._apply(text, _FOLDED_RULES, _fold)
        changed = self._kubernetes_secret(text, folded)
        if changed is not text:
            text, folded = changed, _fold(changed)
        text = self._assignments(text, folded)
        for pattern in self.extra:
            text = self._sub('custom', pattern, MARKER, text)
        if self.mask_addresses:
            text = self._mask(text)
        return text

    def _apply(self, text, rules, fold):
        """``text`` through ``rules``, and the text they searched."""
        target = fold(text) if fold else text
        for kind, needs, pattern, judge in rules:
            if needs[0] not in target or (
                    len(needs) > 1 and needs[1] not in target):
                continue
            spans = []
            for match in pattern.finditer(target):
                got = judge(self, text, match)
                if got:
                    spans.append(got)
            if spans:
                self._count(kind, len(spans))
                text = _splice(text, spans)
                target = fold(text) if fold else text
        return text, target

    def _pem(self, text):
        """PEM blocks, up to their end line or the end of the text."""
        if '-----BEGIN ' not in text:
            return text
        spans = []
        pos = 0
        for match in _PEM_RE.finditer(text):
            if match.start() < pos:
                continue
            end = _PEM_END_RE.search(text, match.end())
            pos = end.end() if end else len(text)
            spans.append((match.start(), pos, MARKER))
            if end is None:
                break
        self._count('pem', len(spans))
        return _splice(text, spans)

    def _kubernetes_secret(self, text, folded):
        """The data of a Kubernetes Secret written as YAML or JSON."""
        if 'secret' not in folded or not _K8S_SECRET_RE.search(folded):
            return text
        spans = []
        for match in _K8S_YAML_DATA_RE.finditer(folded):
            indent = len(match.group(1))
            block = _block(text, match.end(), indent)
            if block:
                spans.append(block + ('\n' + ' ' * (indent + 2) + MARKER,))
        for match in _K8S_JSON_DATA_RE.finditer(folded):
            start, end = match.span('obj')
            spans.append((start, end, f'"{MARKER}"'))
        spans.sort()
        spans = [span for i, span in enumerate(spans)
                 if not i or span[0] >= spans[i - 1][1]]
        self._count('kubernetes_secret', len(spans))
        return _splice(text, spans)

    def _assignments(self, text, folded):
        """Values of secret keys written in text (see _ASSIGN_RE)."""
        spans: list[tuple[int, int, str]] = []
        lines = _Lines(text)
        pos = 0
        for match in _ASSIGN_RE.finditer(folded):
            if match.start() >= pos:  # not inside the last value
                pos = _assignment(text, folded, lines, match, pos, spans)
        self._count('assignment', len(spans))
        return _splice(text, spans)

    def _sub(self, kind, pattern, replacement, text):
        hits = 0

        def replace(match):
            nonlocal hits
            new = (replacement(match) if callable(replacement)
                   else replacement)
            if new != match.group(0):
                hits += 1
            return new

        text = pattern.sub(replace, text)
        self._count(kind, hits)
        return text

    def _count(self, kind, count=1):
        if count:
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
        host = host.strip().rstrip('.').lower()
        known = self._hosts.get(host)
        if known is not None:
            return known
        if (not host or '.' not in host or _is_ip(host)
                or not _HOST_NAME_RE.fullmatch(host)):
            return None
        with self._lock:
            if host in self._placeholders:
                return host
            if host not in self._hosts:
                placeholder = f'host-{len(self._hosts) + 1}.invalid'
                self._hosts[host] = placeholder
                self._placeholders.add(placeholder)
            return self._hosts[host]

    def _address_placeholder(self, address):
        known = self._addresses.get(address)
        if known is not None:
            return known
        with self._lock:
            if address not in self._addresses:
                kind = ('ip' if ipaddress.ip_address(address).version == 4
                        else 'ipv6')
                self._address_counts[kind] += 1
                self._addresses[address] = (
                    f'<{kind}-{self._address_counts[kind]}>')
            return self._addresses[address]

    def _mask(self, text):
        def ip(match):
            candidate = match.group(0)
            if not _is_ip(candidate):
                return candidate
            return self._address_placeholder(
                str(ipaddress.ip_address(candidate)))

        def host(match):
            name = match.group(0)
            bare = name.rstrip('.')
            placeholder = self._hosts.get(bare.lower())
            if placeholder is None:
                return name
            return placeholder + name[len(bare):]

        if '.' in text:
            text = self._sub('address', _IPV4_RE, ip, text)
        if ':' in text:
            text = self._sub('address', _IPV6_RE, ip, text)
            if '://' in text:
                for match in _URL_HOST_RE.finditer(text):
                    self._host_placeholder(match.group(1))
        if self._hosts and '.' in text:
            text = self._sub('hostname', _DOTTED_RE, host, text)
        return text

    # -- summary ------------------------------------------------------

    def summary(self):
        """Counts for the manifest: ``{'total': n, 'by_kind': {...}}``."""
        with self._lock:
            by_kind = dict(sorted(self.counts.items()))
        return {'total': sum(by_kind.values()), 'by_kind': by_kind}


def _assignment(text, folded, lines, match, pos, spans):
    """Add the span of the value ``match`` assigns, if it is a secret.

    Returns where the value ends (``pos`` when there is none).
    """
    anchor = match.start()
    sep, quoted_key, simple = match.group('sep', 'kq', 'simple')
    start = anchor
    if anchor and folded[anchor - 1] in _KEY_CHARS:
        back = _KEY_BACK_RE.match(folded[max(pos, anchor - 64):anchor][::-1])
        start -= back.end() if back else 0
    key = text[start:match.end('tail')]
    option = key[:1] == '-'
    if sep is None and not option:
        return pos
    query = start > 0 and text[start - 1] in '?&'
    if not _assigned_secret(key, query):
        return pos
    if simple is not None and quoted_key is None:
        value_start, end = match.span('simple')
    else:
        got = _value_span(text, lines, start, match, option, query)
        if got is None:
            return pos
        value_start, end, block = got
        if block:
            spans.append((value_start, end, '\n' + ' ' * (
                _key_column(text, lines, start) + 2) + MARKER))
            return end
    value = text[value_start:end]
    if not _text_kept(value) and not (value.isdigit()
                                      and key.lower() == 'pass'):
        spans.append((value_start, end, MARKER))
    return end


class _Lines:
    """Where the lines of a text start and end, found once."""

    def __init__(self, text):
        self.text = text
        self._ends: list[int] | None = None

    def _find(self, pos):
        if self._ends is None:
            self._ends = [m.start() for m in _NEWLINE_RE.finditer(self.text)]
        return self._ends, bisect.bisect_left(self._ends, pos)

    def end(self, pos):
        """Offset of the end of the line holding ``pos``."""
        ends, i = self._find(pos)
        return ends[i] if i < len(ends) else len(self.text)

    def start(self, pos):
        """Offset of the start of the line holding ``pos``."""
        ends, i = self._find(pos)
        return ends[i - 1] + 1 if i else 0


def _value_span(text, lines, key_start, match, option, query):
    """(start, end, is_block) of the value after ``match``, or None."""
    start = match.end()
    if text[start:start + 1] in _BLANK_CHARS:
        blanks = _BLANKS_RE.match(text, start)
        start = blanks.end() if blanks else start
    eol = lines.end(start)
    if start >= eol or (text[start] in '|>' and not (option or query)
                        and _BLOCK_INDICATOR_RE.fullmatch(text, start, eol)):
        if option or query or text[eol + 1:eol + 2] not in _BLOCK_LINE_START:
            return None
        # "key:" or "key: |" ending its line: the lines indented under it.
        block = _block(text, eol, _key_column(text, lines, key_start))
        return block and block + (True,)
    if query:
        stop = _QUERY_VALUE_STOP_RE.search(text, start, eol)
        end = stop.start() if stop else eol
    elif text[start] in _QUOTE_CHARS and (
            quote := _OPEN_QUOTE_RE.match(text, start)) is not None:
        inner = quote.end()
        end = _closing_quote(text, inner, eol, quote.group()[-1],
                             len(quote.group()) - 1)
        if end is None:
            end = eol
        else:
            start = inner
    elif option:
        stop = _SPACE_RE.search(text, start, eol)
        end = stop.start() if stop else eol
    else:
        stop = _VALUE_STOP_RE.search(text, start, eol)
        end = stop.start() if stop else eol
        if match.group('kq') is not None:
            stop = _JSON_VALUE_STOP_RE.search(text, start, end)
            end = stop.start() if stop else end
        end = start + len(text[start:end].rstrip())
    return start, end, False


def _key_column(text, lines, key_start):
    """The indentation a YAML block under the key must exceed.

    The key's column; when the key does not start its line (not YAML, so
    no rule to follow), one less than the line's indentation.
    """
    line_start = lines.start(key_start)
    lead = text[line_start:key_start]
    if not lead.strip(' \t-"\''):
        return len(lead)
    return max(len(lead) - len(lead.lstrip(' \t')) - 1, 0)


def _closing_quote(text, first, eol, quote, backslashes):
    """Offset of the quote closing a string opened at ``first``, or None."""
    pos = first
    while True:
        found = text.find(quote, pos, eol)
        if found < 0:
            return None
        run = 0
        while (run <= backslashes and found - run - 1 >= first
               and text[found - run - 1] == '\\'):
            run += 1
        if run == backslashes:
            if quote == "'" and not backslashes and text.startswith(
                    "'", found + 1):
                pos = found + 2
                continue
            return found - backslashes
        pos = found + 1


def _block(text, eol, col):
    """(start, end) of the lines after ``eol`` indented beyond ``col``.

    None when there are none or they are the marker.
    """
    if text[eol + 1:eol + 2] not in _BLOCK_LINE_START:
        return None  # the next line is not indented: no block
    nxt = _dedent_re(col).search(text, eol)
    end = nxt.start() if nxt else len(text)
    body = text[eol:end]
    stripped = body.strip()
    if not stripped or stripped == MARKER:
        return None
    return eol, eol + len(body.rstrip())


_IPV4_RE = re.compile(
    r'(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\.?\w)')
_IPV6_RE = re.compile(
    r'(?<![\w:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]{1,38}+(?![\w:])')
_URL_HOST_RE = re.compile(
    r'://(?:[^/\s@"\'<>]{0,256}@)?([A-Za-z0-9][A-Za-z0-9.-]{0,252}+)')
_HOST_NAME_RE = re.compile(r'[a-z0-9][a-z0-9.-]{0,252}')
_DOTTED_RE = re.compile(r'(?<![\w.-])[\w-]{1,63}+\.[\w.-]{1,253}+')
_HOST_KEYS_RE = re.compile(r'(?i)(^|_)(host|hostname|fqdn)$')


def _is_ip(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# Options whose value is a secret, in full: an abbreviation of one of these
# (argparse accepts any unambiguous prefix) hides its value too.
SECRET_OPTIONS = (
    'os-password', 'os-token', 'os-application-credential-secret',
    'os-client-secret', 'os-access-token', 'os-passcode', 'os-trust-id',
    'os-access-secret', 'os-consumer-secret', 'os-secret-key',
    # The text of a --redact pattern is what the user wants hidden.
    'redact')


def _option_is_secret(name):
    if key_is_secret(name.replace('-', '_'), 'x'):
        return True
    shortest = 5 if name.startswith('os-') else 3
    return len(name) >= shortest and any(
        option.startswith(name) for option in SECRET_OPTIONS)


def redact_argv(argv, redactor):
    """A command line with the values of secret-looking options removed.

    ``--os-password X``, ``--os-password=X``, ``--os-token X``,
    ``--os-application-credential-secret X``, their abbreviations
    (``--os-passw X``) and ``--redact PATTERN`` become the marker; every
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
        if word.startswith('--') and len(word) > 2:
            name, eq, _value = word[2:].partition('=')
            if _option_is_secret(name):
                if eq:
                    out.append(f'--{name}={MARKER}')
                    redactor._count('command_line')
                else:
                    out.append(word)
                    hide_next = True
                continue
        out.append(redactor.text(word))
    return out
