"""The checks: a :class:`~catalystcoe.preflight.plan.Plan` and what was
read, turned into :class:`~catalystcoe.preflight.rules.Result` lines.

Every function here is pure: it gets dicts (or a failure where a read
failed) and returns results. A check whose facts could not be read says
so (``skip``); it never refuses on what it does not know.
"""

import dataclasses
import difflib

from catalystcoe.preflight import plan as plan_mod
from catalystcoe.preflight import rules
from catalystcoe.templates import names

R = rules.Result
UNLIMITED = -1


@dataclasses.dataclass(frozen=True)
class Quota:
    limit: int          # -1: unlimited
    used: int
    service: str

    @property
    def left(self):
        return self.limit - self.used


# resource -> (one, many) for the texts; RAM counts MB, shown in GB.
_NOUNS = {
    'clusters': ('cluster', 'clusters'),
    'instances': ('instance', 'instances'), 'cores': ('core', 'cores'),
    'ram': ('RAM', 'RAM'), 'volumes': ('volume', 'volumes'),
    'gigabytes': ('of volumes', 'of volumes'),
    'load_balancers': ('load balancer', 'load balancers'),
    'floating_ips': ('floating IP', 'floating IPs'),
    'networks': ('network', 'networks'), 'routers': ('router', 'routers'),
    'security_groups': ('security group', 'security groups'),
}


def _amount(resource, value):
    if resource == 'ram':
        gb = value / 1024
        return f'{gb:g} GB' if gb == int(gb) else f'{gb:.1f} GB'
    if resource == 'gigabytes':
        return f'{value} GB'
    return str(value)


def quotas(outcomes):
    """``{resource: Quota or errors.Failure}`` from what was read.

    ``outcomes`` holds the reads named ``compute`` (Nova limits),
    ``volume`` (Cinder limits), ``network_quota`` (Neutron, with
    usage), ``lb_quota`` and ``lbs`` (Octavia has no usage: the load
    balancers are counted), ``magnum_quota`` and ``clusters``.
    """
    out = {}

    def put(resources, name, fn):
        outcome = outcomes.get(name)
        if outcome is None:
            return
        for resource in resources:
            out[resource] = (fn(outcome.value, resource) if outcome.ok
                             else outcome.failure)

    nova_keys = {'cores': 'total_cores', 'ram': 'total_ram',
                 'instances': 'instances'}
    put(nova_keys, 'compute', lambda v, r: Quota(
        _n(v.get(nova_keys[r])), _n(v.get(nova_keys[r] + '_used')), 'Nova'))
    cinder_keys = {'volumes': ('max_total_volumes', 'total_volumes_used'),
                   'gigabytes': ('max_total_volume_gigabytes',
                                 'total_gigabytes_used')}
    put(cinder_keys, 'volume', lambda v, r: Quota(
        _n(v.get(cinder_keys[r][0])), _n(v.get(cinder_keys[r][1])),
        'Cinder'))
    put(('floating_ips', 'networks', 'routers', 'security_groups'),
        'network_quota', lambda v, r: _neutron(v.get(r)))

    def counted(resource, limits, items, key, service):
        """Services without usage: the limit, and the items counted."""
        count = outcomes.get(items)
        if count is not None and not count.ok:
            out[resource] = count.failure
        elif count is not None:
            put((resource,), limits, lambda v, r: Quota(
                _n(v.get(key), UNLIMITED), len(count.value), service))

    counted('load_balancers', 'lb_quota', 'lbs', 'load_balancers',
            'Octavia')
    counted('clusters', 'magnum_quota', 'clusters', 'hard_limit', 'Magnum')
    return out


def _n(value, default=0):
    if value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _neutron(entry):
    entry = entry if isinstance(entry, dict) else {}
    return Quota(_n(entry.get('limit'), UNLIMITED),
                 _n(entry.get('used')) + _n(entry.get('reserved')),
                 'Neutron')


def check_quota(needs, available):
    """One result per resource the request needs."""
    results = []
    for resource, amount in needs.items():
        quota = available.get(resource)
        noun = _NOUNS[resource][0 if amount == 1 else 1]
        need = f'needs {_amount(resource, amount)} {noun}'
        if quota is None:
            continue
        if not isinstance(quota, Quota):
            results.append(R('quota', rules.SKIP,
                             f'{need}; not checked: {quota.line}'))
            continue
        if quota.limit < 0:
            results.append(R('quota', rules.PASS,
                             f'{need}, no limit ({quota.service})'))
            continue
        left = max(quota.left, 0)
        text = (f'{need}, {_amount(resource, left)} left of '
                f'{_amount(resource, quota.limit)} ({quota.service})')
        results.append(R('quota', rules.PASS if amount <= left
                         else rules.FAIL, text))
    return results


def flavor_index(flavors):
    """Flavors by name and by id."""
    index = {}
    for flavor in flavors:
        for key in (flavor.get('id'), flavor.get('name')):
            if key:
                index[key] = flavor
    return index


def _describe_flavor(flavor):
    return (f'{flavor.get("name")} ({flavor.get("vcpus")} vCPUs, '
            f'{_amount("ram", flavor.get("ram") or 0)} RAM)')


def check_flavors(the_plan, index, data=None):
    results = []
    minimum = (data or rules.load())['control_plane_flavor']
    masters = {g.flavor for g in the_plan.groups
               if g.role == plan_mod.MASTER and g.count}
    for name in the_plan.flavors:
        flavor = index.get(name)
        if flavor is None:
            results.append(R('flavor', rules.FAIL,
                             f'flavor {name} does not exist or is not '
                             'available to the project'))
            continue
        small = (name in masters and (
            (flavor.get('vcpus') or 0) < minimum['min_vcpus']
            or (flavor.get('ram') or 0) < minimum['min_ram_mb']))
        if small:
            results.append(R(
                'flavor', rules.FAIL,
                f'control plane flavor {_describe_flavor(flavor)} is too '
                f'small: kubeadm needs {minimum["min_vcpus"]} vCPUs and '
                f'{minimum["min_ram_mb"]} MB RAM'))
        else:
            results.append(R('flavor', rules.PASS,
                             _describe_flavor(flavor)))
    if not the_plan.flavors:
        results.append(R('flavor', rules.SKIP,
                         'no flavor given or in the template'))
    return results


def check_image(the_plan, image, index, failure=None):
    """The template's (or --image) image exists, is usable and fits."""
    if not the_plan.image:
        return []
    if failure is not None:
        if failure.kind == 'not_found':
            return [R('image', rules.FAIL,
                      f'image {the_plan.image} does not exist or is not '
                      'visible to the project')]
        return [R('image', rules.SKIP, f'image {the_plan.image} not '
                                       f'checked: {failure.line}')]
    name = image.get('name') or the_plan.image
    if (image.get('status') or 'active') != 'active':
        return [R('image', rules.FAIL,
                  f'image {name} is {image.get("status")}, not active')]
    if not image.get('os_distro'):
        return [R('image', rules.FAIL,
                  f'image {name} has no os_distro property: Magnum cannot '
                  'choose a driver for it')]
    boot = plan_mod._int(the_plan.labels.get('boot_volume_size'))
    min_disk = image.get('min_disk') or 0
    min_ram = image.get('min_ram') or 0
    for flavor_name in the_plan.flavors:
        flavor = index.get(flavor_name)
        if flavor is None:
            continue
        disk = boot if boot > 0 else (flavor.get('disk') or 0)
        where = ('boot_volume_size' if boot > 0
                 else f'flavor {flavor_name}\'s disk')
        if disk and disk < min_disk:
            return [R('image', rules.FAIL,
                      f'image {name} needs a {min_disk} GB disk; {where} '
                      f'is {disk} GB')]
        if (flavor.get('ram') or 0) < min_ram:
            return [R('image', rules.FAIL,
                      f'image {name} needs {min_ram} MB RAM; flavor '
                      f'{flavor_name} has {flavor.get("ram")} MB')]
    return [R('image', rules.PASS,
              f'{name} ({image.get("os_distro")}, active)')]


def check_keypair(the_plan, keypair_outcome):
    if not the_plan.keypair:
        return [R('keypair', rules.PASS, 'none given (no SSH access to '
                                         'the nodes)')]
    if keypair_outcome is None or keypair_outcome.ok:
        return [R('keypair', rules.PASS, f'{the_plan.keypair} exists')]
    failure = keypair_outcome.failure
    if failure.kind == 'not_found':
        return [R('keypair', rules.FAIL,
                  f'keypair {the_plan.keypair} does not exist for your '
                  'user (see "openstack keypair list")')]
    return [R('keypair', rules.SKIP,
              f'keypair {the_plan.keypair} not checked: {failure.line}')]


def check_gpu(the_plan, index, data=None):
    gpus = [name for name in the_plan.flavors
            if index.get(name) is not None
            and rules.is_gpu_flavor(index[name], data)]
    if not gpus:
        return [R('gpu', rules.PASS, 'no GPU flavor')]
    flavors = ', '.join(gpus)
    if the_plan.version is None:
        return [R('gpu', rules.WARN,
                  f'GPU flavor {flavors}: cannot tell the Kubernetes '
                  'version; Catalyst Cloud supports GPUs from '
                  f'{rules.gpu_minimums_text(data)}')]
    version = names.version_text(the_plan.version)
    minimum = rules.gpu_minimum(the_plan.version, data)
    if minimum is None or the_plan.version >= minimum:
        return [R('gpu', rules.PASS,
                  f'GPU flavor {flavors} on Kubernetes {version}')]
    return [R('gpu', rules.FAIL,
              f'GPU flavor {flavors} needs Kubernetes '
              f'{names.version_text(minimum)} or later on Catalyst Cloud '
              f'(GPU support starts at {rules.gpu_minimums_text(data)}); '
              f'this cluster would run {version}')]


def check_master_count(the_plan, data=None):
    if the_plan.master_count is None:
        return []
    allowed = (data or rules.load())['master_counts']['allowed']
    text = ', '.join(map(str, allowed[:-1])) + f' or {allowed[-1]}'
    if the_plan.master_count in allowed:
        return [R('master-count', rules.PASS,
                  f'{the_plan.master_count} control plane node(s)')]
    return [R('master-count', rules.FAIL,
              f'master count {the_plan.master_count} is not {text} '
              '(Catalyst Cloud)')]


def check_labels(the_plan, data=None):
    """Warn about --labels keys no one knows, naming the closest one."""
    if not the_plan.given_labels:
        return [R('labels', rules.PASS, 'no labels given')]
    known = rules.known_labels(data) | set(the_plan.base_labels)
    unknown = [key for key in the_plan.given_labels if key not in known]
    if not unknown:
        return [R('labels', rules.PASS,
                  f'{len(the_plan.given_labels)} label(s), all known')]
    results = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(known), n=1,
                                          cutoff=0.75)
        why = ('not a label the driver or Catalyst Cloud documents; '
               'Magnum ignores it')
        text = (f'{key}: did you mean {close[0]}? ({why})' if close
                else f'{key}: {why}')
        results.append(R('labels', rules.WARN, text))
    return results


def check_dashboard(the_plan, data=None):
    rule = (data or rules.load())['dashboard']
    value = the_plan.labels.get(rule['label'])
    removed = tuple(int(x) for x in rule['removed_in'].split('.'))
    if value is None or not rules.truthy(value):
        shown = 'not set' if value is None else f'is {value}'
        return [R('dashboard', rules.PASS, f'{rule["label"]} {shown}')]
    if the_plan.version is None:
        return [R('dashboard', rules.PASS,
                  f'{rule["label"]}={value}; the Kubernetes version is not '
                  'known')]
    if the_plan.version[:2] < removed:
        return [R('dashboard', rules.PASS,
                  f'{rule["label"]}={value} on Kubernetes '
                  f'{names.version_text(the_plan.version)}: the dashboard '
                  f'is kept until {rule["removed_in"]}')]
    return [R('dashboard', rules.WARN,
              f'{rule["label"]}={value} on Kubernetes '
              f'{names.version_text(the_plan.version)}: the dashboard is '
              f'removed from {rule["removed_in"]} on (Catalyst Cloud '
              'suggests Headlamp)')]


def check_application_credential(credential, data=None):
    """Refuse a create by a restricted application credential."""
    rule = (data or rules.load())['application_credentials']
    if not credential:
        return [R('credential', rules.PASS,
                  'not an application credential')]
    name = credential.get('name') or credential.get('id')
    if credential.get('restricted', True) and rule[
            'restricted_create_fails']:
        return [R('credential', rules.FAIL,
                  f'authenticated with application credential {name}, '
                  'which is restricted: Catalyst Cloud cannot create a '
                  'cluster with it (Magnum needs to create a trust); use '
                  'an unrestricted credential or a password')]
    return [R('credential', rules.PASS,
              f'application credential {name} is unrestricted')]
