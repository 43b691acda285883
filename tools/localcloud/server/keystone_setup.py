"""Projects, users, roles, regions and the catalog, after bootstrap.

Runs once, in the server venv, against the running Keystone.
"""

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client

from localcloud import config

# service type -> (name, description, URL for a region)
SERVICES = {
    'container-infra': ('magnum', 'Container Infrastructure Management',
                        config.magnum_url),
    'image': ('glance', 'Image (local stand-in)',
              lambda region: f'{config.standin_url()}/image'),
    'network': ('neutron', 'Networking (local stand-in)',
                lambda region: f'{config.standin_url()}/network'),
    'compute': ('nova', 'Compute (local stand-in)',
                lambda region: f'{config.standin_url()}/compute/v2.1'),
    'load-balancer': ('octavia', 'Load balancing (local stand-in)',
                      lambda region: f'{config.standin_url()}/load-balancer'),
    'block-storage': ('cinderv3', 'Block storage (local stand-in)',
                      lambda region: (f'{config.standin_url()}/volume/v3/'
                                      '%(project_id)s')),
    'orchestration': ('heat', 'Orchestration (local stand-in)',
                      lambda region: (f'{config.standin_url()}/heat/v1/'
                                      '%(project_id)s')),
}


def admin_client():
    admin = config.USERS['admin']
    auth = v3.Password(auth_url=config.KEYSTONE_URL, username='admin',
                       password=admin['password'], project_name='admin',
                       user_domain_id='default', project_domain_id='default')
    return ks_client.Client(session=ks_session.Session(auth=auth),
                            interface='public',
                            region_name=config.DEFAULT_REGION)


def _get_or_create(manager, name, **kwargs):
    for item in manager.list(name=name):
        if item.name == name:
            return item
    return manager.create(name=name, **kwargs)


def main():
    ks = admin_client()
    roles = {r.name: r for r in ks.roles.list()}
    for name in ('admin', 'member', 'reader', 'service',
                 'load-balancer_member'):
        if name not in roles:
            roles[name] = ks.roles.create(name=name)

    projects = {'admin': _get_or_create(ks.projects, 'admin',
                                        domain='default')}
    for name in ('service', 'demo'):
        projects[name] = _get_or_create(
            ks.projects, name, domain='default',
            description=f'{name} project of the local cloud')

    for user, spec in config.USERS.items():
        project = projects[spec['project']]
        found = [u for u in ks.users.list(name=user) if u.name == user]
        if found:
            account = found[0]
        else:
            account = ks.users.create(name=user, domain='default',
                                      password=spec['password'],
                                      default_project=project)
        for role in spec['roles']:
            ks.roles.grant(roles[role], user=account, project=project)

    domain = _get_or_create(ks.domains, config.TRUSTEE_DOMAIN,
                            description='Owns users created by Magnum')
    trustee = config.TRUSTEE_ADMIN
    tadmin = ks.users.create(name=trustee['name'], domain=domain,
                             password=trustee['password'])
    ks.roles.grant(roles['admin'], user=tadmin, domain=domain)

    existing_regions = {r.id for r in ks.regions.list()}
    for region in config.REGIONS:
        if region not in existing_regions:
            ks.regions.create(id=region)

    identity = [s for s in ks.services.list(type='identity')][0]
    have = {(e.service_id, e.region_id, e.interface)
            for e in ks.endpoints.list()}
    for region in config.REGIONS:
        for interface in ('public', 'internal'):
            if (identity.id, region, interface) not in have:
                ks.endpoints.create(service=identity, url=config.KEYSTONE_URL,
                                    interface=interface, region=region)

    for stype, (name, description, url) in SERVICES.items():
        service = ks.services.create(name=name, type=stype,
                                     description=description)
        regions = (config.ORCHESTRATION_REGIONS if stype == 'orchestration'
                   else config.REGIONS)
        for region in regions:
            for interface in ('public', 'internal', 'admin'):
                ks.endpoints.create(service=service, url=url(region),
                                    interface=interface, region=region)


if __name__ == '__main__':
    main()
