"""What ``localcloud.server.seed`` creates: templates and a few clusters.

Names follow the three generations of Catalyst template names (the table
"Template names" in ``doc/source/user/templates.rst``); label sets follow
Catalyst Cloud's documented ones.  The names are also constants in
``catalystcoe/tests/functional/base.py``; ``test_local_cloud`` checks both
agree with the running cloud.
"""

HLZ, POR = 'nz-hlz-1', 'nz-por-1'

# As Catalyst Cloud names and hides its templates today (its versions page
# and release notes of 2026-07-20): the newest patch of each supported
# minor visible, older patches and unsupported minors hidden. Date suffixes
# of current templates are not published: those here are the release
# notes' dates.
LATEST = 'kubernetes-v1.35.6-20260720'
SUPPORTED = ('kubernetes-v1.34.9-20260720', 'kubernetes-v1.33.13-20260720')
OLDER_PATCH = 'kubernetes-v1.35.5-20260529'
PREVIOUS_MINOR = 'kubernetes-v1.32.13-20260310'
# 1.36 is "to be announced" in the published table; the local cloud's
# service facts document (tools/localcloud/server/servicefacts.py) calls
# it a preview. nz-hlz-1 only.
PREVIEW = 'kubernetes-v1.36.0-20260721'
# A minor no facts document knows: shown as supported, with the reason.
# nz-por-1 only.
UNKNOWN_MINOR = 'kubernetes-v1.37.0-20260721'
CUSTOM = 'my-team-k8s'

# name -> (regions, hidden, tags build date or None)
TEMPLATES = {
    # 2018: first generation (hidden).
    'kubernetes-v1.11.2': ((HLZ,), True, None),
    'kubernetes-v1.11.2-development': ((HLZ, POR), True, None),
    # 2018-2024: <version>-<prod|dev>-<date> (hidden).
    'kubernetes-v1.12.7-prod-20190403': ((HLZ,), True, None),
    'kubernetes-v1.12.7-dev-20190403': ((HLZ,), True, None),
    'kubernetes-v1.18.14-prod-20210211': ((HLZ, POR), True, None),
    'kubernetes-v1.18.14-dev-20210211': ((HLZ, POR), True, None),
    'kubernetes-v1.27.11-prod-20240218': ((HLZ, POR), True, '20240218'),
    'kubernetes-v1.28.14-prod-20240625': ((HLZ,), True, None),
    # 2024 on: <version>-<date>. The last templates of unsupported minors
    # (kubernetes/versions.rst), hidden.
    'kubernetes-v1.28.9-20240416': ((HLZ, POR), True, None),
    'kubernetes-v1.29.14-20250217': ((HLZ, POR), True, None),
    'kubernetes-v1.30.14-20250623': ((HLZ,), True, None),
    'kubernetes-v1.31.13-20250917': ((POR,), True, None),
    'kubernetes-v1.31.14-20251130': ((HLZ, POR), True, None),
    PREVIOUS_MINOR: ((HLZ, POR), True, '20260310'),
    # Older patches of supported minors: hidden by the newer ones.
    'kubernetes-v1.33.12-20260529': ((HLZ, POR), True, '20260529'),
    'kubernetes-v1.34.8-20260529': ((HLZ,), True, '20260529'),
    OLDER_PATCH: ((HLZ, POR), True, '20260529'),
    # Supported and visible: v1.35.6, v1.34.9, v1.33.13 (2026-07-20).
    LATEST: ((HLZ, POR), False, '20260720'),
    SUPPORTED[0]: ((HLZ, POR), False, '20260720'),
    SUPPORTED[1]: ((HLZ, POR), False, '20260720'),
    PREVIEW: ((HLZ,), False, '20260721'),
    UNKNOWN_MINOR: ((POR,), False, '20260721'),
}

IMAGE = 'ubuntu-jammy-x86_64'
EXTERNAL_NETWORK = 'public-net'
KEYPAIR = 'demo-key'


def kube_tag(name):
    """``v1.35.6`` from ``kubernetes-v1.35.6-20260720``."""
    version = name.split('-')[1]
    return version + '-1' if version == 'v1.11.2' else version


def generation(name):
    parts = name.split('-')
    if name.startswith('kubernetes-v1.11.2') and \
            not any(p in ('prod', 'dev') for p in parts):
        return 1
    if 'prod' in parts or 'dev' in parts:
        return 2
    return 3


def labels(name):
    """The label set of a Catalyst template of this name's era."""
    tag = kube_tag(name)
    gen = generation(name)
    if gen == 1:
        return {'kube_tag': tag, 'cloud_provider_enabled': 'true',
                'container_infra_prefix': 'docker.io/catalystcloud/',
                'heat_container_agent_tag': 'rocky-stable',
                'prometheus_monitoring': 'false'}
    if gen == 2:
        prod = '-prod-' in name
        out = {
            'kube_tag': tag,
            'cloud_provider_enabled': 'true',
            'prometheus_monitoring': 'true' if prod else 'false',
            'cloud_provider_tag': 'v1.18.0-catalyst',
            'container_infra_prefix': 'docker.io/catalystcloud/',
            'ingress_controller': 'octavia',
            'octavia_ingress_controller_tag': 'v1.18.0-catalyst',
            'heat_container_agent_tag': 'train-stable-1',
            'etcd_volume_size': '20',
            'magnum_auto_healer_tag': 'v1.18.0-catalyst',
            'kube_dashboard_enabled': 'true',
            'auto_healing_controller': 'magnum-auto-healer',
            'calico_ipv4pool': '10.100.0.0/16',
            'k8s_keystone_auth_tag': 'v1.18.0',
            'auto_scaling_enabled': 'false',
            'master_lb_floating_ip_enabled': 'false',
            'keystone_auth_enabled': 'true',
            'auto_healing_enabled': 'true' if prod else 'false',
        }
        return out
    return {
        'kube_tag': tag,
        'master_lb_floating_ip_enabled': 'false',
        'boot_volume_size': '20',
        'boot_volume_type': 'b1.sr-r3-nvme-1000',
        'csi_cinder_reclaim_policy': 'Retain',
        'csi_cinder_fstype': 'ext4',
        'csi_cinder_allow_volume_expansion': 'true',
        'auto_scaling_enabled': 'false',
        'auto_healing_enabled': 'true',
        'keystone_auth_enabled': 'true',
        'kube_dashboard_enabled': 'false',
        'octavia_provider': 'ovn',
    }


def template_body(name, hidden, tags_date, public=True):
    gen = generation(name)
    prod = gen != 2 or '-prod-' in name
    body = {
        'name': name,
        'coe': 'kubernetes',
        'server_type': 'vm',
        'image_id': IMAGE,
        'external_network_id': EXTERNAL_NETWORK,
        'master_flavor_id': 'c1.c2r4',
        'flavor_id': 'c1.c2r2' if gen == 1 else 'c1.c2r4',
        'network_driver': 'calico',
        'volume_driver': 'cinder',
        'docker_storage_driver': 'overlay2',
        'dns_nameserver': '202.78.240.215',
        'master_lb_enabled': prod and gen != 1,
        'floating_ip_enabled': not prod or gen == 1,
        'public': public,
        'hidden': hidden,
        'labels': labels(name),
    }
    if tags_date:
        body['tags'] = (f'environment:prod,build_id:{tags_date},'
                        f'pipeline_id:4{tags_date[-4:]},'
                        f'created_at:{tags_date}T183133')
    return body


def custom_template_body():
    """A private template of the member's project."""
    body = template_body(LATEST, False, None, public=False)
    body['name'] = CUSTOM
    body['labels'] = dict(body['labels'], kube_tag='v1.32.13',
                          team='platform', boot_volume_size='40')
    body.pop('hidden')
    body['flavor_id'] = 'c1.c4r8'
    return body


# Seeded clusters of the member's project in nz-hlz-1:
# name -> (template, extra labels, final status)
CLUSTERS = {
    'demo-healthy': (LATEST, {}, 'CREATE_COMPLETE'),
    # A Heat-era failure: its stack, resources and events can be read.
    'demo-failed': (LATEST, {'fake_failure': 'quota', 'fake_driver': 'heat'},
                    'CREATE_FAILED'),
    'demo-unhealthy': (LATEST, {'fake_health': 'UNHEALTHY'},
                       'CREATE_COMPLETE'),
    # A bastion server and a load balancer the user made on the cluster's
    # network, a Service load balancer and volumes made by Kubernetes
    # (read by the stand-in's world).
    'demo-neighbours': (LATEST, {'fake_bastion': 'true',
                                 'fake_user_lb': 'true',
                                 'fake_k8s_lb': 'true',
                                 'fake_pv_volumes': '2'},
                        'CREATE_COMPLETE'),
}
