"""One Magnum cluster's kubeconfig entries; merging and removing them.

The naming rule: a cluster ``demo`` seen through region ``nz-hlz-1``
gets a context, a cluster entry and a user entry all named
``demo@nz-hlz-1`` (``--context-name`` chooses another name for all
three). Every entry written here carries an extension named
``catalystcoe`` with the Magnum cluster's UUID and region: that is how a
later save or remove knows an entry is this cluster's own, and it never
replaces or deletes an entry that is not (kubectl keeps extensions when
it rewrites the file).

Everything else in the file (other entries, unknown fields, preferences,
the order of keys and entries) is left as it was.
"""

import base64
import dataclasses
import typing

from osc_lib import exceptions as osc_exc

from catalystcoe.kubeconfig import files

EXTENSION = 'catalystcoe'
TLS = 'tls'
KEYSTONE = 'keystone'
AUTH_MODES = (TLS, KEYSTONE)
# The label that turns on Keystone authentication for kubectl (Catalyst
# Cloud's templates set it; kubernetes/appendix.rst lists it).
KEYSTONE_LABEL = 'keystone_auth_enabled'
TRUE_TEXTS = ('1', 't', 'true', 'on', 'y', 'yes')
# The Keystone credential plugin of cloud-provider-openstack
# (docs/keystone-auth/using-client-keystone-auth.md).
KEYSTONE_COMMAND = 'client-keystone-auth'
EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1'
INSTALL_HINT = (
    'kubectl runs client-keystone-auth to turn your OpenStack credentials '
    '(an openrc file or OS_CLOUD) into a token. Install it from '
    'https://github.com/kubernetes/cloud-provider-openstack/releases, or '
    'save a TLS context instead: openstack coe cluster kubeconfig save '
    '<cluster> --use-certificate')


@dataclasses.dataclass(frozen=True)
class Credentials:
    """What one cluster's entries are made of."""

    name: str              # the context (and cluster and user) name
    cluster_uuid: str
    region: str
    server: str
    ca_pem: str
    auth: str              # TLS or KEYSTONE
    cert_pem: str | None = None
    key_pem: str | None = None
    cloud: str | None = None   # clouds.yaml entry for client-keystone-auth


def context_name(cluster_name, region):
    """The default name of a cluster's entries: ``<cluster>@<region>``."""
    return f'{cluster_name}@{region}'


def auth_from_labels(labels):
    """KEYSTONE when the cluster's labels turn Keystone auth on, else TLS."""
    value = (labels or {}).get(KEYSTONE_LABEL)
    return KEYSTONE if str(value).strip().lower() in TRUE_TEXTS else TLS


def _b64(text):
    return base64.b64encode(text.encode('utf-8')).decode('ascii')


def _extension(creds):
    return [{'name': EXTENSION,
             'extension': {'cluster-uuid': creds.cluster_uuid,
                           'region': creds.region}}]


def build(creds):
    """``{'clusters': entry, 'users': entry, 'contexts': entry}``."""
    cluster = {'server': creds.server,
               'certificate-authority-data': _b64(creds.ca_pem),
               'extensions': _extension(creds)}
    user: dict[str, typing.Any]
    if creds.auth == TLS:
        user = {'client-certificate-data': _b64(creds.cert_pem),
                'client-key-data': _b64(creds.key_pem)}
    else:
        exec_: dict[str, typing.Any] = {
            'apiVersion': EXEC_API_VERSION,
            'command': KEYSTONE_COMMAND,
            'interactiveMode': 'IfAvailable',
            'installHint': INSTALL_HINT}
        if creds.cloud:
            exec_['env'] = [{'name': 'OS_CLOUD', 'value': creds.cloud}]
        user = {'exec': exec_}
    user['extensions'] = _extension(creds)
    context = {'cluster': creds.name, 'user': creds.name,
               'extensions': _extension(creds)}
    return {'clusters': {'name': creds.name, 'cluster': cluster},
            'users': {'name': creds.name, 'user': user},
            'contexts': {'name': creds.name, 'context': context}}


def standalone(creds):
    """A whole kubeconfig holding only this cluster (``show``)."""
    built = build(creds)
    return {'apiVersion': 'v1', 'kind': 'Config',
            'clusters': [built['clusters']],
            'users': [built['users']],
            'contexts': [built['contexts']],
            'current-context': creds.name,
            'preferences': {}}


# -- whose entry is it --------------------------------------------------------

def owner(entry, key):
    """The Magnum cluster UUID an entry was written for, or None."""
    one = dict(files.KINDS)[key]
    body = entry.get(one)
    found = body.get('extensions') if isinstance(body, dict) else None
    for ext in found if isinstance(found, list) else ():
        if isinstance(ext, dict) and ext.get('name') == EXTENSION:
            value = ext.get('extension')
            if isinstance(value, dict):
                return value.get('cluster-uuid')
    return None


def _find(data, key, name):
    for index, entry in enumerate(data.get(key) or ()):
        if entry.get('name') == name:
            return index, entry
    return None, None


def check_free(data, path, name, cluster_uuid, cluster_ident):
    """Refuse to replace an entry named ``name`` that is not this cluster's.

    An entry is this cluster's when its ``catalystcoe`` extension names
    ``cluster_uuid``.
    """
    for key, one in files.KINDS:
        _index, entry = _find(data, key, name)
        if entry is None:
            continue
        other = owner(entry, key)
        if other == cluster_uuid:
            continue
        if other:
            how = (f'was saved for another cluster ({other}); if that '
                   'cluster is gone, remove its entries first: openstack '
                   f'coe cluster kubeconfig remove {cluster_ident}')
        else:
            how = (f'was not written by this command (kubectl config '
                   f'delete-{one} {name} removes it)')
        raise osc_exc.CommandError(
            f'{path} already has a {one} entry named {name!r} that {how}; '
            f'or choose another name with --context-name; '
            f'{files.UNCHANGED}')


# -- merging and removing -----------------------------------------------------

def merge(data, path, creds, cluster_ident, set_current):
    """``data`` with this cluster's entries added or replaced in place.

    Returns True when entries of this cluster were there before.
    """
    check_free(data, path, creds.name, creds.cluster_uuid, cluster_ident)
    if not data:
        data.update(apiVersion='v1', kind='Config')
    replaced = False
    for key, entry in build(creds).items():
        entries = data.get(key)
        if entries is None:
            entries = data[key] = []
        index, _old = _find(data, key, creds.name)
        if index is None:
            entries.append(entry)
        else:
            entries[index] = entry
            replaced = True
    if set_current:
        data['current-context'] = creds.name
    data.setdefault('preferences', {})
    return replaced


@dataclasses.dataclass
class Removed:
    """What :func:`remove` took out of the file."""

    kinds: list
    kept: list
    current_cleared: bool


def remove(data, path, name):
    """Take the context ``name`` and its own cluster and user out of data.

    Only entries carrying this plugin's extension are removed; a cluster
    or user entry another context still uses is kept.
    """
    _index, context = _find(data, 'contexts', name)
    if context is not None and owner(context, 'contexts') is None:
        raise osc_exc.CommandError(
            f'the context {name!r} in {path} was not written by this '
            f'command (kubectl config delete-context {name} removes it); '
            f'{files.UNCHANGED}')
    removed, kept = [], []
    # The context first, so that its own cluster and user are not "used".
    for key, one in reversed(files.KINDS):
        index, entry = _find(data, key, name)
        if entry is None:
            continue
        if key != 'contexts' and (owner(entry, key) is None
                                  or _still_used(data, one, name)):
            kept.append(one)
            continue
        del data[key][index]
        removed.append(one)
    if not removed:
        raise osc_exc.CommandError(
            f'{path} has no entries named {name!r} saved by this command'
            + (f' (the {" and ".join(kept)} entry of that name is not '
               'its own)' if kept else '')
            + f'; {files.UNCHANGED}')
    cleared = data.get('current-context') == name
    if cleared:
        data['current-context'] = ''
    return Removed(removed, kept, cleared)


def _still_used(data, one, name):
    for context in data.get('contexts') or ():
        body = context.get('context')
        if isinstance(body, dict) and body.get(one) == name:
            return True
    return False
