"""The three things ``coe cluster kubeconfig`` does: save, show, remove.

Save checks everything it can before asking Magnum for anything (the
file is a writable regular file, parses, and has no foreign entry of the
name it will use), then gets the credentials, then reads the file again
under the lock, merges, keeps a backup and writes it atomically. Show does
the same without any file. Remove needs no API at all.
"""

import shutil

from catalystcoe import cloud
from catalystcoe.kubeconfig import credentials
from catalystcoe.kubeconfig import entries
from catalystcoe.kubeconfig import files

SAVE_COLUMNS = ('Context', 'File', 'Auth', 'Server', 'Cluster ID',
                'Current Context', 'Replaced', 'Backup')


def _credentials(app, ident, context_name, auth, cloud_name, before=None):
    client = cloud.magnum(app)
    cluster = credentials.find_cluster(client, ident)
    region = cloud.region_name(app)
    name = context_name or entries.context_name(
        cluster.get('name') or cluster['uuid'], region)
    if before is not None:
        before(name, cluster)
    auth = credentials.choose_auth(cluster, auth)
    return credentials.credentials(client, cluster, name, region, auth,
                                   cloud_name)


def keystone_note(creds, stderr):
    """Say so on stderr when kubectl will not find client-keystone-auth."""
    if creds.auth == entries.KEYSTONE and not shutil.which(
            entries.KEYSTONE_COMMAND):
        stderr.write(f'Note: context {creds.name} uses Keystone '
                     f'authentication and {entries.KEYSTONE_COMMAND} is '
                     f'not on your PATH. {entries.INSTALL_HINT}.\n')


def save(app, ident, file_option=None, context_name=None, set_current=True,
         auth=None, cloud_name=None):
    """Merge the cluster's entries into the kubeconfig; one row of facts."""
    path, _source = files.choose(file_option)
    files.check_writable(path)
    first = files.read(path)

    def refuse_foreign(name, cluster):
        entries.check_free(first.data, path, name, cluster['uuid'], ident)

    creds = _credentials(app, ident, context_name, auth, cloud_name,
                         before=refuse_foreign)
    with files.locked(path):
        config = files.read(path)
        replaced = entries.merge(config.data, path, creds, ident,
                                 set_current)
        backup = files.write(config, config.data)
    keystone_note(creds, app.stderr)
    return SAVE_COLUMNS, (
        creds.name, path, creds.auth, creds.server, creds.cluster_uuid,
        config.data.get('current-context') or '', replaced, backup or '')


def show(app, ident, context_name=None, auth=None, cloud_name=None):
    """The cluster's kubeconfig as YAML text; nothing is written."""
    creds = _credentials(app, ident, context_name, auth, cloud_name)
    keystone_note(creds, app.stderr)
    return files.dump(entries.standalone(creds))


def remove(app, cluster_name, file_option=None, context_name=None):
    """Take the cluster's entries out of the kubeconfig.

    Returns ``(path, name, entries.Removed, backup path)``.
    """
    path, _source = files.choose(file_option)
    files.check_writable(path)
    name = context_name or entries.context_name(cluster_name,
                                                cloud.region_name(app))
    with files.locked(path):
        config = files.read(path)
        if config.raw is None:
            raise files.fail(f'{path} does not exist; nothing to remove')
        removed = entries.remove(config.data, path, name)
        backup = files.write(config, config.data)
    return path, name, removed, backup
