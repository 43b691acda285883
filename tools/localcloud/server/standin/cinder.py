"""Cinder stand-in: volumes and limits (API v3, microversions 3.0-3.71).

Answers as Cinder does for the calls openstacksdk makes, under the
catalog's ``/volume/v3/<project id>``: ``/limits`` (the project's quota
and usage), ``/volumes[/detail]`` (filters ``name``, ``status``,
``bootable`` and ``metadata`` as Cinder reads it, ``limit``/``marker``
with ``volumes_links``), one volume by id.  The project in the URL must
be the caller's unless the caller is an admin.  The volumes are the
world's (:mod:`world`): nodes' root volumes and Cinder CSI volumes.
"""

import ast

from localcloud.server.standin import common
from localcloud.server.standin import world

MIN_VERSION = (3, 0)
MAX_VERSION = (3, 71)


def _error(code, message):
    kind = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
            406: 'computeFault'}[code]
    return code, {kind: {'code': code, 'message': message}}


def _version_doc(root):
    return {'id': 'v3.0', 'status': 'CURRENT',
            'version': common.text_version(MAX_VERSION),
            'min_version': common.text_version(MIN_VERSION),
            'updated': '2023-08-31T00:00:00Z',
            'links': [{'rel': 'self', 'href': f'{root}/v3/'}],
            'media-types': [{
                'base': 'application/json',
                'type': 'application/vnd.openstack.volume+json;version=3'}]}


def versions(root):
    return {'versions': [_version_doc(root)]}


def public(root, parts):
    """``GET /volume/v3``: the version document, without a token."""
    if parts == ['v3']:
        return 200, {'versions': [_version_doc(root)]}
    return None


def volume_body(root, project_id, volume, version, detail, admin):
    links = [{'rel': 'self', 'href': f'{root}/v3/{project_id}/volumes/'
                                     f'{volume["id"]}'}]
    body = {'id': volume['id'], 'name': volume['name'], 'links': links}
    if not detail:
        return body
    attachments = []
    if volume['server_id']:
        attachments = [{
            'id': volume['id'], 'attachment_id': world.uid(volume['id'],
                                                           'attachment'),
            'volume_id': volume['id'], 'server_id': volume['server_id'],
            'host_name': None, 'device': '/dev/vda',
            'attached_at': volume['created_at'].rstrip('Z')}]
    body.update({
        'status': volume['status'], 'size': volume['size'],
        'availability_zone': 'nova',
        'created_at': volume['created_at'].rstrip('Z'),
        'updated_at': volume['created_at'].rstrip('Z'),
        'attachments': attachments,
        'bootable': 'true' if volume['bootable'] else 'false',
        'encrypted': False, 'multiattach': False,
        'metadata': dict(volume['metadata']), 'description': None,
        'snapshot_id': None, 'source_volid': None,
        'user_id': volume['user_id'], 'volume_type': volume['volume_type'],
        'replication_status': 'disabled', 'consistencygroup_id': None})
    if admin:
        body['os-vol-tenant-attr:tenant_id'] = volume['project_id']
    if version >= (3, 13):
        body['group_id'] = None
    if version >= (3, 48):
        body['service_uuid'] = world.uid('cinder-volume')
        body['shared_targets'] = False
    if version >= (3, 63):
        body['volume_type_id'] = world.uid('type', volume['volume_type'])
    if version >= (3, 65):
        body['consumes_quota'] = True
    return body


def _metadata_filter(text):
    """Cinder reads ``metadata={'k': 'v'}`` as a Python/JSON dict."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, dict) else None


def volumes(req, project_id, version, rest):
    who = req.identity
    admin = who.admin
    everyone = admin and req.query.get('all_tenants', ['0'])[0] in (
        '1', 'true', 'True')
    items = [v for v in world.build().volumes
             if everyone or v['project_id'] == project_id]
    if rest and rest != ['detail']:
        for volume in items:
            if volume['id'] == rest[0] and len(rest) == 1:
                return 200, {'volume': volume_body(
                    req.root, project_id, volume, version, True, admin)}
        return _error(404, f'Volume {rest[0]} could not be found.')
    if 'metadata' in req.query:
        wanted = _metadata_filter(req.query['metadata'][0])
        if wanted is None:
            return _error(400, 'Invalid filter: metadata must be a dict')
        items = [v for v in items
                 if all(v['metadata'].get(k) == val
                        for k, val in wanted.items())]
    bodies = [volume_body(req.root, project_id, v, version, True, admin)
              for v in items]
    bodies = common.filtered(
        bodies, {k: v for k, v in req.query.items()
                 if k in ('name', 'status', 'bootable')})
    if not rest:
        bodies = [{k: b[k] for k in ('id', 'name', 'links')}
                  for b in bodies]
    return common.page(bodies, req.query, 'volumes',
                       f'{req.root}/v3/{project_id}/volumes'
                       + ('/detail' if rest else ''))


def limits(req, project_id):
    who = req.identity
    name = (who.project_name if project_id == who.project_id
            else common.project_name(project_id))
    limit = world.quota(name)
    used = world.build().usage(project_id)
    return 200, {'limits': {'rate': [], 'absolute': {
        'maxTotalVolumes': limit['volumes'],
        'totalVolumesUsed': used['volumes'],
        'maxTotalVolumeGigabytes': limit['gigabytes'],
        'totalGigabytesUsed': used['gigabytes'],
        'maxTotalSnapshots': limit['snapshots'],
        'totalSnapshotsUsed': used['snapshots'],
        'maxTotalBackups': limit['backups'],
        'totalBackupsUsed': used['backups'],
        'maxTotalBackupGigabytes': limit['backup_gigabytes'],
        'totalBackupGigabytesUsed': used['backup_gigabytes']}}}


def handle(req):
    parts = req.parts
    if parts[:1] != ['v3'] or len(parts) < 3:
        return _error(404, 'The resource could not be found.')
    version, headers = common.negotiate(req.headers, 'volume', None,
                                        MIN_VERSION, MAX_VERSION)
    if version is None:
        return _error(406, headers)
    project_id, rest = parts[1], parts[2:]
    if project_id != req.identity.project_id and not req.identity.admin:
        return _error(400, 'Malformed request url')
    if req.method != 'GET':
        answer = _error(400, 'Not supported by the local stand-in')
    elif rest == ['limits']:
        answer = limits(req, project_id)
    elif rest[:1] == ['volumes']:
        answer = volumes(req, project_id, version, rest[1:])
    else:
        answer = _error(404, 'The resource could not be found.')
    return answer[0], answer[1], headers


SERVICE = common.Service(versions, public=public, handle=handle)
