"""What a create, resize or node group create will ask the cloud for.

A :class:`Plan` is built from the command's arguments and the template
(create) or the cluster (resize, node group create); :func:`needs`
turns it, with the flavors, into amounts of each quota'd resource.

How the Cluster API driver spends resources (``magnum-capi-helm``):
every node is a server of its node group's flavor; ``boot_volume_size``
gives every node a root volume of that many GB; ``etcd_volume_size``
(or ``etcd_blockdevice_size``) gives every control plane node one more
unless ``etcd_blockdevice_type`` is ``local``; a cluster has one
network, router and two security groups of its own (unless given a
fixed network) and its API behind one load balancer when the master
load balancer is enabled; the API gets one floating IP when
``master_lb_floating_ip_enabled`` (default: ``floating_ip_enabled``) is
true.
"""

import dataclasses

from catalystcoe.preflight import rules
from catalystcoe.templates import names

MASTER = 'master'
WORKER = 'worker'

# Resources in the order they are reported.
RESOURCES = ('clusters', 'instances', 'cores', 'ram', 'volumes',
             'gigabytes', 'load_balancers', 'floating_ips', 'networks',
             'routers', 'security_groups')
CREATE = 'create'
RESIZE = 'resize'
NODEGROUP = 'nodegroup'


@dataclasses.dataclass
class Group:
    """Nodes to add: a role, a count, a flavor (name or id, or None)."""

    role: str
    count: int
    flavor: str | None


@dataclasses.dataclass
class Plan:
    action: str
    target: str
    groups: list
    labels: dict                 # what the nodes will run with
    given_labels: dict | None    # what --labels says (None: not given)
    base_labels: dict            # the template's or cluster's labels
    version: tuple | None = None
    image: str | None = None
    keypair: str | None = None
    master_count: int | None = None
    load_balancers: int = 0
    floating_ips: int = 0
    clusters: int = 0
    networks: int = 0
    routers: int = 0
    security_groups: int = 0

    @property
    def flavors(self):
        """The distinct flavors, masters first."""
        seen = []
        for group in sorted(self.groups, key=lambda g: g.role != MASTER):
            if group.flavor and group.flavor not in seen:
                seen.append(group.flavor)
        return seen


def _int(value, default=0):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def effective_labels(base, given, merge):
    """The labels Magnum will use: --labels replace unless merged."""
    if given is None:
        return dict(base or {})
    if merge:
        return dict(base or {}, **given)
    return dict(given)


def version_of(labels_given, template=None, cluster=None):
    """The Kubernetes version a cluster will run, as a tuple, or None.

    A kube_tag given with --labels wins; then the template's name, its
    kube_tag label, or the cluster's coe_version.
    """
    candidates = [(labels_given or {}).get('kube_tag')]
    if template is not None:
        parsed = names.parse_name(template.get('name') or '')
        if parsed is not None:
            return _first_version(candidates) or parsed.version
        candidates.append((template.get('labels') or {}).get('kube_tag'))
    if cluster is not None:
        candidates += [cluster.get('coe_version'),
                       (cluster.get('labels') or {}).get('kube_tag')]
    return _first_version(candidates)


def _first_version(texts):
    for text in texts:
        version = names.parse_version(text) if text else None
        if version is not None:
            return version
    return None


def _chosen(flag_values, default):
    """magnumclient's ``--x-enabled``/``--x-disabled``: a list of bools."""
    if flag_values:
        return bool(flag_values[-1])
    return bool(default)


def for_create(args, template, given_labels):
    """The plan of ``coe cluster create`` (its parsed arguments)."""
    base = template.get('labels') or {}
    labels = effective_labels(base, given_labels, args.merge_labels)
    masters = args.master_count
    lb = _chosen(getattr(args, 'master_lb_enabled', []),
                 template.get('master_lb_enabled'))
    floating = _chosen(getattr(args, 'floating_ip_enabled', []),
                       template.get('floating_ip_enabled'))
    public_api = labels.get('master_lb_floating_ip_enabled')
    public = rules.truthy(public_api) if public_api is not None \
        else floating
    own_network = not getattr(args, 'fixed_network', None)
    return Plan(
        action=CREATE, target=args.name,
        groups=[Group(MASTER, masters,
                      args.master_flavor or template.get('master_flavor_id')),
                Group(WORKER, args.node_count,
                      args.flavor or template.get('flavor_id'))],
        labels=labels, given_labels=given_labels, base_labels=base,
        version=version_of(given_labels, template=template),
        image=template.get('image_id'),
        keypair=args.keypair or template.get('keypair_id'),
        master_count=masters, load_balancers=1 if lb else 0,
        floating_ips=1 if public else 0, clusters=1,
        networks=1 if own_network else 0,
        routers=1 if own_network else 0,
        security_groups=2)


def for_resize(cluster, nodegroup, node_count):
    """The plan of ``coe cluster resize`` of ``nodegroup`` (a dict)."""
    added = max(0, node_count - (nodegroup.get('node_count') or 0))
    role = MASTER if nodegroup.get('role') == MASTER else WORKER
    labels = dict(cluster.get('labels') or {})
    return Plan(
        action=RESIZE, target=cluster.get('name') or cluster.get('uuid'),
        groups=[Group(role, added, nodegroup.get('flavor_id'))],
        labels=labels, given_labels=None, base_labels=labels,
        version=version_of(None, cluster=cluster),
        master_count=node_count if role == MASTER else None)


def for_nodegroup(args, cluster, given_labels):
    """The plan of ``coe nodegroup create`` (its parsed arguments)."""
    base = cluster.get('labels') or {}
    labels = effective_labels(base, given_labels, args.merge_labels)
    role = MASTER if args.role == MASTER else WORKER
    return Plan(
        action=NODEGROUP, target=args.name,
        groups=[Group(role, args.node_count,
                      args.flavor or cluster.get('flavor_id'))],
        labels=labels, given_labels=given_labels, base_labels=base,
        version=version_of(given_labels, cluster=cluster),
        image=args.image)


def needs(plan, flavors):
    """``{resource: amount}`` (RESOURCES order, zeros left out).

    ``flavors`` maps flavor names and ids to flavor dicts; a flavor not
    in it counts as an instance without cores or RAM (the flavor check
    refuses it).
    """
    nodes = sum(g.count for g in plan.groups)
    masters = sum(g.count for g in plan.groups if g.role == MASTER)
    boot = _int(plan.labels.get('boot_volume_size'))
    etcd = _int(plan.labels.get('etcd_blockdevice_size'),
                _int(plan.labels.get('etcd_volume_size')))
    if plan.labels.get('etcd_blockdevice_type') == 'local':
        etcd = 0
    volumes = (nodes if boot > 0 else 0) + (masters if etcd > 0 else 0)
    amounts = {
        'clusters': plan.clusters,
        'instances': nodes,
        'cores': sum(g.count * (flavors.get(g.flavor) or {}).get('vcpus', 0)
                     for g in plan.groups),
        'ram': sum(g.count * (flavors.get(g.flavor) or {}).get('ram', 0)
                   for g in plan.groups),
        'volumes': volumes,
        'gigabytes': nodes * max(boot, 0) + masters * max(etcd, 0),
        'load_balancers': plan.load_balancers,
        'floating_ips': plan.floating_ips,
        'networks': plan.networks,
        'routers': plan.routers,
        'security_groups': plan.security_groups,
    }
    return {key: amounts[key] for key in RESOURCES if amounts[key] > 0}
