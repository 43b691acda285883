"""Seed the cloud through the real Magnum API: templates, then clusters.

One process, a keystoneauth session per user, requests in parallel; the
clusters are created by the conductor and driven by the fake driver.
"""

import concurrent.futures
import sys
import time

from keystoneauth1 import adapter
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from localcloud import config
from localcloud import seeddata

API_VERSION = 'container-infra latest'


def magnum(user, region):
    spec = config.USERS[user]
    auth = v3.Password(auth_url=config.KEYSTONE_URL, username=user,
                       password=spec['password'],
                       project_name=spec['project'],
                       user_domain_id='default', project_domain_id='default')
    sess = ks_session.Session(auth=auth)
    return adapter.Adapter(sess, service_type='container-infra',
                           interface='public', region_name=region,
                           additional_headers={
                               'OpenStack-API-Version': API_VERSION})


def template_jobs():
    """``(api, body)`` for every template; the clusters' template first."""
    jobs = []
    for region in config.REGIONS:
        admin = magnum('admin', region)
        for name, (regions, hidden, tags) in seeddata.TEMPLATES.items():
            if region in regions:
                jobs.append((admin, seeddata.template_body(name, hidden,
                                                           tags)))
    jobs.append((magnum('demo', seeddata.HLZ),
                 seeddata.custom_template_body()))
    first = [j for j in jobs if j[1]['name'] == seeddata.LATEST
             and j[0].region_name == seeddata.HLZ]
    return first + [j for j in jobs if j not in first]


def create_clusters(api):
    for name, (template, extra, _final) in seeddata.CLUSTERS.items():
        labels = dict(seeddata.labels(template), **extra)
        api.post('/clusters', json={
            'name': name, 'cluster_template_id': template,
            'keypair': seeddata.KEYPAIR, 'master_count': 1,
            'node_count': 2, 'labels': labels, 'merge_labels': True,
            'create_timeout': 60})


def wait_for_clusters(api, timeout=60):
    deadline = time.monotonic() + timeout
    pending = dict((n, v[2]) for n, v in seeddata.CLUSTERS.items())
    while pending and time.monotonic() < deadline:
        for cluster in api.get('/clusters').json()['clusters']:
            if pending.get(cluster['name']) == cluster['status']:
                del pending[cluster['name']]
        if pending:
            time.sleep(0.5)
    if pending:
        raise RuntimeError(f'seeded clusters not final: {sorted(pending)}')


def main():
    t = time.monotonic()
    jobs = template_jobs()
    api, body = jobs[0]
    api.post('/clustertemplates', json=body)
    member = magnum('demo', seeddata.HLZ)
    # The conductor works on the clusters while the templates are made.
    create_clusters(member)
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        for job in [pool.submit(api.post, '/clustertemplates', json=body)
                    for api, body in jobs[1:]]:
            job.result()
    print(f'seed: {len(jobs)} templates in {time.monotonic() - t:.1f}s',
          flush=True)
    wait_for_clusters(member)
    print(f'seed: clusters final after {time.monotonic() - t:.1f}s',
          flush=True)


if __name__ == '__main__':
    sys.exit(main())
