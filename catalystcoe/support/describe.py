"""What ``coe support bundle show`` prints about a bundle read by
``archive.read``.

The manifest may have been edited by hand: every field read here is
checked for its JSON type (null or missing is accepted, as "unknown"), and
a wrong one raises ``BundleError`` naming the file and the field. Every
text taken from the bundle goes through ``archive.printable``, so escape
sequences in it are shown, never sent to the terminal; and what is shown
is bounded (MAX_TEXT_CHARS a field, MAX_LINES a list, MAX_SHOWN_CHARS in
all), so that a hand-made manifest cannot make the output, and the table
formatter, grow without end.
"""

from catalystcoe.support import archive
from catalystcoe.support.archive import BundleError
from catalystcoe.support.archive import printable

MAX_TEXT_CHARS = 500
MAX_LINES = 10000
MAX_SHOWN_CHARS = 2000000

_KINDS = {'a string': (str,), 'an integer': (int,),
          'a number': (int, float), 'an object': (dict,),
          'an array': (list,)}


def shown_text(value, limit=MAX_TEXT_CHARS):
    """``value`` escaped, cut after ``limit`` characters."""
    text = printable(value[:limit])
    if len(value) > limit or len(text) > limit:
        return text[:limit] + '...'
    return text


class _Lines(list):
    """A list that keeps lines while ``budget`` (shared) allows.

    ``done()`` adds a line saying how many were left out.
    """

    def __init__(self, budget, items=()):
        super().__init__()
        self.budget = budget
        self.dropped = 0
        for item in items:
            self.append(item)

    def append(self, item):
        if len(self) < MAX_LINES and len(item) <= self.budget[0]:
            self.budget[0] -= len(item)
            super().append(item)
        else:
            self.dropped += 1

    def done(self):
        if self.dropped:
            super().append(f'... and {self.dropped} more, not shown')
        return list(self)


class _Json:
    """A JSON object of the bundle, read field by field with type checks.

    ``where`` names the file (``<bundle>: manifest.json``) and ``label``
    the object's place in it (``clusters[2]``).
    """

    def __init__(self, where, value, label=''):
        self.where = where
        self.value = _check(where, label or 'the top level', value,
                            'an object') or {}
        self.label = label

    def _name(self, key):
        return f'{self.label}.{key}' if self.label else key

    def get(self, key, kind='a string'):
        return _check(self.where, self._name(key), self.value.get(key),
                      kind)

    def text(self, key):
        """A string field as shown: escaped and cut; None when missing."""
        value = self.get(key)
        return None if value is None else shown_text(value)

    def obj(self, key):
        return _Json(self.where, self.get(key, 'an object'),
                     self._name(key))

    def objects(self, key):
        name = self._name(key)
        return [_Json(self.where, item, f'{name}[{i}]')
                for i, item in enumerate(self.get(key, 'an array') or [])]

    def strings(self, key):
        name = self._name(key)
        return [_check(self.where, f'{name}[{i}]', item, 'a string')
                for i, item in enumerate(self.get(key, 'an array') or [])]

    def counts(self, key):
        """``{name: integer}`` (names escaped)."""
        name = self._name(key)
        return {shown_text(k): _check(self.where, f'{name}.{k}', v,
                                      'an integer')
                for k, v in (self.get(key, 'an object') or {}).items()}


def _check(where, label, value, kind):
    if value is None:
        return None
    if isinstance(value, _KINDS[kind]) and not isinstance(value, bool):
        return value
    raise BundleError(f'{where}: {shown_text(label)} should be {kind}, not '
                      f'{archive.type_name(value)}')


def describe(bundle):
    """``{column: value}`` for SHOW_COLUMNS.

    Lists and dicts are returned as they are; the command wraps them in
    its columns.
    """
    shown = printable(bundle.path)
    manifest = _Json(f'{shown}: {archive.MANIFEST}', bundle.manifest)
    generator = manifest.obj('generator')
    clusters = manifest.objects('clusters')
    redactions = manifest.obj('redactions')
    counts = {'total': redactions.get('total', 'an integer') or 0}
    for kind, count in redactions.counts('by_kind').items():
        counts.setdefault(kind, count)
    budget = [MAX_SHOWN_CHARS]
    return {
        'path': shown,
        'size': bundle.size,
        'sha256': bundle.sha256,
        'format_version': manifest.get('format_version', 'an integer'),
        'created_at': manifest.text('created_at'),
        'generator': f'{generator.text("name")} '
                     f'{generator.text("version")}',
        'command': shown_text(' '.join(manifest.strings('command')),
                              limit=10 * MAX_TEXT_CHARS),
        'clusters': _Lines(budget, (
            f'{c.text("name")} ({c.text("uuid")}): {c.text("status")}'
            for c in clusters)).done(),
        'findings': _findings(bundle, shown, clusters, budget).done(),
        'collectors': _Lines(budget, (
            _collector(c) for c in manifest.objects('collectors'))).done(),
        'redactions': counts,
        # archive.read checked each entry's path, size and sha256.
        'files': _Lines(budget, (
            f'{shown_text(f["path"])} ({f["size"]} bytes)'
            for f in bundle.manifest.get('files') or [])).done(),
    }


def _collector(c):
    detail = c.text('detail')
    return (f'{c.text("cluster") or "-"}: {c.text("name")}: '
            f'{c.text("outcome")} '
            f'({c.get("duration_seconds", "a number")} s)'
            + (f': {detail}' if detail else ''))


def _findings(bundle, shown, clusters, budget):
    """Per cluster, a line of counts, then each non-passing finding.

    Findings are ``cluster: RESULT check: detail``.
    """
    rows = _Lines(budget)
    for cluster in clusters:
        name = cluster.text('name')
        counts = cluster.obj('findings')
        rows.append(f'{name}: {counts.get("fail", "an integer") or 0} fail, '
                    f'{counts.get("warn", "an integer") or 0} warn, '
                    f'{counts.get("pass", "an integer") or 0} pass')
        path = f'{cluster.get("directory")}/findings.json'
        try:
            findings = bundle.json(path)
        except KeyError:
            continue
        where = f'{shown}: {shown_text(path)}'
        if not isinstance(findings, list):
            raise BundleError(f'{where}: the top level should be an array, '
                              f'not {archive.type_name(findings)}')
        for i, item in enumerate(findings):
            finding = _Json(where, item, f'[{i}]')
            if finding.get('result') != 'pass':
                rows.append(f'{name}: '
                            f'{str(finding.text("result")).upper()} '
                            f'{finding.text("check")}: '
                            f'{finding.text("detail")}')
    return rows
