"""The checks before ``coe cluster create``, ``coe cluster resize`` and
``coe nodegroup create``: what to read, then every check's result.

Each function reads everything at once (:mod:`.gather`), builds the
:class:`~catalystcoe.preflight.plan.Plan` and returns the list of
:class:`~catalystcoe.preflight.rules.Result`; it raises only
``CommandError`` when it cannot authenticate.
"""

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.preflight import checks
from catalystcoe.preflight import gather
from catalystcoe.preflight import plan as plan_mod
from catalystcoe.preflight import rules

Job = gather.Job
R = rules.Result


def _session(app):
    with errors.api_errors('authenticating'):
        return cloud.authenticate(app)


def _quota_jobs(conn, client, project_id, network=True):
    """Reads of every quota and usage a request may need."""
    jobs = {
        'compute': Job(lambda _p: cloud.compute_limits(conn),
                       ('proxy:nova',)),
        'volume': Job(lambda _p: cloud.volume_limits(conn),
                      ('proxy:cinder',)),
    }
    if network:
        jobs.update({
            'network_quota': Job(
                lambda _p: cloud.network_quota(conn, project_id),
                ('proxy:neutron',)),
            'lb_quota': Job(
                lambda _p: cloud.load_balancer_quota(conn, project_id),
                ('proxy:octavia',)),
            'lbs': Job(
                lambda _p: cloud.list_load_balancers(conn, project_id),
                ('proxy:octavia',)),
            'magnum_quota': Job(
                lambda: cloud.magnum_quota(client, project_id)),
            'clusters': Job(lambda: cloud.list_clusters(client)),
        })
    return jobs


def _flavor_index(conn, outcome, the_plan):
    """Flavors by name and id, with extra specs of the plan's flavors.

    Nova before 2.61 leaves ``extra_specs`` out of the list: those of the
    plan's flavors are then read one by one.
    """
    index = checks.flavor_index(outcome.value)
    for name in the_plan.flavors:
        flavor = index.get(name)
        if flavor is not None and flavor.get('extra_specs') is None:
            try:
                flavor['extra_specs'] = cloud.flavor_extra_specs(
                    conn, flavor['id'])
            except Exception:
                flavor['extra_specs'] = {}
    return index


def _common(conn, the_plan, outcomes):
    """Every check that needs only the plan and what was read."""
    results = checks.check_master_count(the_plan)
    flavors = outcomes['flavors']
    if flavors.ok:
        index = _flavor_index(conn, flavors, the_plan)
        results += checks.check_flavors(the_plan, index)
    else:
        index = {}
        results.append(R('flavor', rules.SKIP,
                         f'flavors not checked: {flavors.failure.line}'))
    image = outcomes.get('image')
    if image is not None:
        results += checks.check_image(the_plan, image.value, index,
                                      image.failure)
    if 'keypair' in outcomes:
        results += checks.check_keypair(the_plan, outcomes['keypair'])
    if flavors.ok:
        results += checks.check_gpu(the_plan, index)
    results += checks.check_labels(the_plan)
    results += checks.check_dashboard(the_plan)
    needs = plan_mod.needs(the_plan, index)
    results += checks.check_quota(needs, checks.quotas(outcomes))
    return results


def _unreadable(what, ident, failure):
    outcome = rules.FAIL if failure.kind == errors.NOT_FOUND else rules.SKIP
    return [R(what, outcome, f'{what} {ident}: {failure.line}')]


def for_create(app, args, given_labels):
    """Results of the checks before ``coe cluster create``."""
    client, conn = cloud.magnum(app), cloud.sdk(app)
    project_id, credential = _session(app)
    ident = args.cluster_template

    def keypair(_proxy, template):
        name = args.keypair or template.get('keypair_id')
        return cloud.get_keypair(conn, name) if name else None

    def image(_proxy, template):
        ref = template.get('image_id')
        return cloud.find_image(conn, ref) if ref else {}

    jobs = gather.proxy_jobs(conn, gather.PROXIES)
    jobs['template'] = Job(lambda: cloud.get_template(client, ident))
    jobs['flavors'] = Job(lambda _p: cloud.list_flavors(conn),
                          ('proxy:nova',))
    jobs['keypair'] = Job(keypair, ('proxy:nova', 'template'))
    jobs['image'] = Job(image, ('proxy:glance', 'template'))
    jobs.update(_quota_jobs(conn, client, project_id))
    outcomes = gather.run(jobs)
    template = outcomes['template']
    if not template.ok:
        return _unreadable('cluster template', ident, template.failure)
    the_plan = plan_mod.for_create(args, template.value, given_labels)
    return (checks.check_application_credential(credential)
            + _common(conn, the_plan, outcomes))


def _pick_nodegroup(nodegroups, wanted):
    for ng in nodegroups:
        if wanted and wanted in (ng.get('name'), ng.get('uuid')):
            return ng
    if wanted:
        return None
    workers = [ng for ng in nodegroups if ng.get('role') != 'master']
    for ng in workers:
        if ng.get('is_default') or ng.get('name') == 'default-worker':
            return ng
    return workers[0] if workers else None


def for_resize(app, args):
    """Results of the checks before ``coe cluster resize``."""
    client, conn = cloud.magnum(app), cloud.sdk(app)
    project_id, _credential = _session(app)
    jobs = gather.proxy_jobs(conn, ('nova', 'cinder'))
    jobs['cluster'] = Job(lambda: cloud.get_cluster(client, args.cluster))
    jobs['nodegroups'] = Job(
        lambda: cloud.list_nodegroups(client, args.cluster))
    jobs['flavors'] = Job(lambda _p: cloud.list_flavors(conn),
                          ('proxy:nova',))
    jobs.update(_quota_jobs(conn, client, project_id, network=False))
    outcomes = gather.run(jobs)
    for name in ('cluster', 'nodegroups'):
        if not outcomes[name].ok:
            return _unreadable('cluster', args.cluster,
                               outcomes[name].failure)
    nodegroup = _pick_nodegroup(outcomes['nodegroups'].value,
                                args.nodegroup)
    if nodegroup is None:
        return [R('nodegroup', rules.FAIL,
                  f'cluster {args.cluster} has no node group '
                  f'{args.nodegroup or "of workers"}')]
    the_plan = plan_mod.for_resize(outcomes['cluster'].value, nodegroup,
                                   args.node_count)
    return _common(conn, the_plan, outcomes)


def for_nodegroup(app, args, given_labels):
    """Results of the checks before ``coe nodegroup create``."""
    client, conn = cloud.magnum(app), cloud.sdk(app)
    project_id, _credential = _session(app)
    jobs = gather.proxy_jobs(conn, ('nova', 'cinder', 'glance'))
    jobs['cluster'] = Job(lambda: cloud.get_cluster(client, args.cluster))
    jobs['flavors'] = Job(lambda _p: cloud.list_flavors(conn),
                          ('proxy:nova',))
    if args.image:
        jobs['image'] = Job(lambda _p: cloud.find_image(conn, args.image),
                            ('proxy:glance',))
    jobs.update(_quota_jobs(conn, client, project_id, network=False))
    outcomes = gather.run(jobs)
    cluster = outcomes['cluster']
    if not cluster.ok:
        return _unreadable('cluster', args.cluster, cluster.failure)
    the_plan = plan_mod.for_nodegroup(args, cluster.value, given_labels)
    return _common(conn, the_plan, outcomes)
