"""Glance stand-in: the images Magnum validates (``os_distro``)."""

from localcloud.server.standin import common

IMAGES = [
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e01',
     'name': 'ubuntu-jammy-x86_64', 'os_distro': 'ubuntu',
     'os_version': '22.04'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e02',
     'name': 'ubuntu-noble-x86_64', 'os_distro': 'ubuntu',
     'os_version': '24.04'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e03',
     'name': 'flatcar-stable-x86_64', 'os_distro': 'flatcar',
     'os_version': '4081.2.0'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e04',
     'name': 'fedora-coreos-38', 'os_distro': 'fedora-coreos',
     'os_version': '38'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e05',
     'name': 'no-distro-image', 'os_distro': None, 'os_version': None},
]


def _image(img):
    body = {'id': img['id'], 'name': img['name'], 'status': 'active',
            'visibility': 'public', 'disk_format': 'qcow2',
            'container_format': 'bare', 'min_disk': 10, 'min_ram': 0,
            'size': 1073741824, 'protected': False, 'tags': [],
            'created_at': '2026-01-10T00:00:00Z',
            'updated_at': '2026-01-10T00:00:00Z',
            'self': f'/v2/images/{img["id"]}', 'file':
            f'/v2/images/{img["id"]}/file', 'schema': '/v2/schemas/image'}
    if img['os_distro']:
        body['os_distro'] = img['os_distro']
        body['os_version'] = img['os_version']
    return body


def versions(root):
    return common.version_list(root, 'v2.16', 'v2')


def route(root, parts, query):
    if parts[:1] != ['v2'] or parts[1:2] != ['images']:
        return 404, {'message': 'Not found'}
    if len(parts) == 3:
        for img in IMAGES:
            if parts[2] == img['id']:
                return 200, _image(img)
        return 404, {'message': f'No image found with ID {parts[2]}',
                     'code': '404 Not Found', 'title': 'Not Found'}
    found = [img for img in IMAGES
             if 'name' not in query or img['name'] == query['name'][0]]
    return 200, {'images': [_image(i) for i in found],
                 'schema': '/v2/schemas/images', 'first': '/v2/images'}


SERVICE = common.Service(versions, route)
