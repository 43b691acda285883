"""The diagnosis rules: one per known failure, as data.

Each :class:`~catalystcoe.support.diagnosis.Rule` names the wording it
looks for (``patterns``), the wording that belongs to another rule's
cause (``excludes``), what to do next in Catalyst Cloud's terms and where
the wording comes from (``source``).  Most rules use the generic
:func:`check_text`; the rest are small functions below.  The rules were
written from the drivers' sources and Catalyst's documentation, and are
measured against a corpus of real failure texts kept apart from them
(``catalystcoe/tests/unit/support/failure_corpus.py``).
"""

import re

from catalystcoe import drivers
from catalystcoe.support import diagnosis
from catalystcoe.support.diagnosis import FAIL
from catalystcoe.support.diagnosis import PASS
from catalystcoe.support.diagnosis import Rule
from catalystcoe.support.diagnosis import SUPPORT
from catalystcoe.support.diagnosis import WARN
from catalystcoe.templates import catalogue
from catalystcoe.templates import names

short = diagnosis.short
excerpt = diagnosis.excerpt

MAGNUM = 'Magnum (magnum/common/exception.py)'
CAPI_HELM = 'magnum-capi-helm (driver.py)'
CAPI_MONITOR = 'magnum-capi-helm (common/capi_monitor.py)'
CAPO = 'cluster-api-provider-openstack, Neutron and Octavia error bodies'
HEAT = 'Heat resource errors (Magnum Heat-era drivers)'
DOCS = 'Catalyst Cloud documentation'


# -- generic ------------------------------------------------------------

def _whats(found):
    """The names a rule's patterns captured, without trailing stops."""
    out = []
    for _source, match in found:
        if match.lastindex:
            what = (match.group(1) or '').strip().rstrip('.,;:')
            if what:
                out.append(what)
    return sorted(dict.fromkeys(out))


def _fill(rule, found, step=None):
    whats = _whats(found)
    return (step or rule.next_step).replace(
        '{what}', (' ' + ', '.join(whats)) if whats else '')


def _detail(found):
    """Each different excerpt once, with every field it was found in."""
    sources: dict[str, list] = {}
    for source, match in found:
        sources.setdefault(excerpt(match), []).append(source)
    return '; '.join(f'{diagnosis.first(where, 3)}: {text}'
                     for text, where in sources.items())


def check_text(facts, rule):
    """``rule.result`` when a pattern matches a text, else pass."""
    if rule.statuses and not facts.status.startswith(rule.statuses):
        return rule.finding(PASS, f'not applicable ({facts.status or "?"})',
                            '')
    found = rule.matches(facts)
    if not found:
        return rule.finding(PASS, f'no {rule.check.lower()} errors', '')
    return rule.finding(rule.result, _detail(found), _fill(rule, found))


# -- the cluster as a whole ---------------------------------------------

def _what_is_said(facts):
    """The most telling text the API gives for a failed cluster."""
    reason = facts.cluster.get('status_reason') or ''
    found = drivers.addons(reason)
    if found is not None:
        return found.summary()
    texts = [text for source, text in facts.texts()
             if source != 'status_reason']
    if reason and not re.fullmatch(r'[\w-]+ failed(?:, [\w-]+ failed)*',
                                   reason):
        return reason
    # Heat-era Magnum sums up as "default-worker failed": the cause is in
    # the faults (and a Cluster API failure may say nothing at all).
    if texts:
        return (reason + ': ' if reason else '') + texts[0]
    return reason or 'no reason given'


def check_status(facts, rule):
    status = facts.status
    if status.endswith('_FAILED'):
        return rule.finding(FAIL, short(f'{status}: {_what_is_said(facts)}',
                                        240))
    if facts.in_progress:
        said = drivers.progress(facts.cluster) or 'no progress reported'
        return rule.finding(WARN, f'{status}: {short(said, 200)}',
                            'wait, then run this again; see "Progress"')
    return rule.finding(PASS, status or 'unknown', '')


def _not_ready(health):
    bad = []
    for key, text in sorted(health.items()):
        if key.endswith('.Ready'):
            if text.lower() != 'true':
                bad.append(f'node {key[:-len(".Ready")]} not Ready')
        elif text not in (drivers.READY, 'ok', 'True', 'true'):
            bad.append(f'{key}: {text}')
    return bad


def check_health(facts, rule):
    health = facts.cluster.get('health_status') or ''
    parts = facts.health
    if health == 'HEALTHY':
        return rule.finding(PASS, 'HEALTHY', '')
    if health == 'UNHEALTHY':
        failing = drivers.failures(parts)
        if facts.in_progress and not failing:
            # Magnum reports UNHEALTHY while the Cluster API driver works.
            said = drivers.progress(facts.cluster)
            return rule.finding(
                PASS, f'UNHEALTHY while {facts.status}, as expected while '
                      f'the operation runs' + (f': {said}' if said else ''),
                '')
        bad = _not_ready(parts) or (
            [short(facts.cluster.get('health_status_reason'))]
            if facts.cluster.get('health_status_reason') else [])
        said = '; '.join(bad) or 'no reason given'
        if facts.in_progress and facts.status.startswith('DELETE'):
            # Its parts go as the cluster is taken apart: not the nodes'
            # health.  What blocks a delete is the Delete blocked check's.
            return rule.finding(
                WARN, short(f'UNHEALTHY while {facts.status}: {said}', 300),
                'a cluster being deleted loses its parts; if the delete '
                'does not end, see the Delete blocked check')
        return rule.finding(FAIL, short('UNHEALTHY: ' + said, 300))
    if facts.status.endswith('_COMPLETE'):
        return rule.finding(
            WARN, f'health status {health or "not reported"}',
            'Magnum cannot reach the Kubernetes API of a private cluster '
            'to check its health; check the nodes with kubectl get nodes')
    return rule.finding(PASS, f'health status {health or "not reported"} '
                              f'while the cluster is {facts.status}', '')


def check_stuck(facts, rule):
    status = facts.status
    if not facts.in_progress:
        return rule.finding(PASS, f'not in progress ({status or "?"})', '')
    minutes = facts.timeout_minutes()
    elapsed = facts.elapsed_minutes()
    if elapsed is None:
        return rule.finding(WARN, f'{status}, start time unknown', '')
    said = drivers.progress(facts.cluster)
    at = f' ({short(said, 120)})' if said else ''
    if elapsed > minutes:
        step = rule.next_step
        if status.startswith('DELETE'):
            step = ('look for servers (a bastion), load balancers, floating '
                    'IPs or router interfaces you added on the cluster '
                    'network (see "Delete blocked"); then ' + SUPPORT)
        return rule.finding(
            FAIL, f'{status} for {elapsed:.0f} min, longer than its '
                  f'create_timeout of {minutes} min{at}', step)
    return rule.finding(
        PASS, f'{status} for {elapsed:.0f} of {minutes} min{at}', '')


# -- causes that need more than a pattern --------------------------------

_QUOTA_NAMES = {'LoadBalancer': 'load balancers', 'floatingip':
                'floating IPs', 'ram': 'RAM', 'port': 'ports',
                'gigabytes': 'volume gigabytes', 'Listener': 'listeners'}


def check_quota(facts, rule):
    found = rule.matches(facts)
    if not found:
        return rule.finding(PASS, 'no quota errors', '')
    quotas = []
    for _source, match in found:
        name = (match.group(1) if match.lastindex else None) or 'unknown'
        quotas.append(_QUOTA_NAMES.get(name, name))
    quotas = list(dict.fromkeys(quotas))
    sources = diagnosis.first(dict.fromkeys(s for s, _m in found), 4)
    detail = f'quota exceeded for {", ".join(quotas)} (in {sources})'
    return rule.finding(FAIL, detail, rule.next_step.replace(
        '{what}', ' ' + ', '.join(quotas)))


_BLOCKERS = (
    (r'floating ?ips?', 'floating IPs still associated on the cluster '
                        'network (openstack floating ip list)'),
    (r'still has ports|RouterInUse', 'an interface you added to the '
                                     "cluster's router (openstack router "
                                     'show <router>)'),
    (r'load ?balancers?', 'load balancers left on the cluster network '
                          '(openstack loadbalancer list)'),
    (r'ports?|NetworkInUse|SubnetInUse|bastion',
     'servers (such as a bastion), load balancers of Services of type '
     'LoadBalancer or ports you added on the cluster network (openstack '
     'server list; openstack loadbalancer list; openstack port list '
     '--network <network>)'),
)


def check_delete(facts, rule):
    if not facts.status.startswith('DELETE'):
        return rule.finding(PASS, f'not applicable ({facts.status or "?"})',
                            '')
    found = rule.matches(facts)
    if not found:
        return rule.finding(PASS, 'no delete errors', '')
    what = []
    for _source, match in found:
        for pattern, blocker in _BLOCKERS:
            if re.search(pattern, match.string, re.IGNORECASE):
                what.append(blocker)
                break
    what = list(dict.fromkeys(what)) or ['what was added on the cluster '
                                         'network']
    return rule.finding(FAIL, _detail(found), (
        f'delete {"; ".join(what)}, then delete the cluster again; a '
        'cluster stuck deleting: ' + SUPPORT))


_ROTATED_WITH_WARNING = re.compile(
    r'applied successfully but the previous application credential could '
    r'not be deleted', re.IGNORECASE)


def check_credential(facts, rule):
    found = rule.matches(facts)
    warned = [(s, m) for s, m in found if _ROTATED_WITH_WARNING.search(
        m.string)]
    failed = [(s, m) for s, m in found if (s, m) not in warned]
    if failed:
        return rule.finding(FAIL, _detail(failed))
    if warned:
        return rule.finding(
            WARN, _detail(warned),
            'the new application credential works; delete the old one '
            "yourself ('openstack application credential list', then "
            "'openstack application credential delete <id>')")
    return rule.finding(PASS, 'no credential errors', '')


def check_addons(facts, rule):
    found = rule.matches(facts)
    if found:
        return rule.finding(FAIL, _detail(found))
    addons = facts.addons
    if addons is None:
        return rule.finding(PASS, 'no add-on progress reported', '')
    if addons.failed:
        return rule.finding(FAIL, addons.summary(), rule.next_step)
    if addons.done:
        return rule.finding(PASS, addons.summary(), '')
    if facts.overdue():
        return rule.finding(
            FAIL, f'{addons.summary()} after {facts.elapsed_minutes():.0f} '
                  f'min (create_timeout {facts.timeout_minutes()} min)',
            rule.next_step)
    return rule.finding(PASS, addons.summary(), '')


def _capi_stuck_on(facts, part):
    """True when a Cluster API operation is overdue waiting on ``part``."""
    if facts.driver != drivers.CLUSTER_API or not facts.overdue():
        return False
    health = facts.health
    if part == 'controlplane':
        return health.get('controlplane', drivers.READY) != drivers.READY
    return (health.get('controlplane') == drivers.READY
            and health.get('nodegroup', drivers.READY) != drivers.READY)


def _stuck_detail(facts, part):
    return (f'{facts.status} for {facts.elapsed_minutes():.0f} min: '
            f'{part} {short(facts.health.get(part, ""), 140)}')


def check_control_plane(facts, rule):
    found = rule.matches(facts)
    if found:
        return rule.finding(FAIL, _detail(found))
    if _capi_stuck_on(facts, 'controlplane'):
        return rule.finding(FAIL, _stuck_detail(facts, 'controlplane'))
    return rule.finding(PASS, 'control plane not reported stuck', '')


def _upgrade_to_131_without_healing(facts):
    labels = facts.cluster.get('labels') or {}
    version = names.parse_version(str(facts.cluster.get('coe_version')
                                      or labels.get('kube_tag') or ''))
    healing = str(labels.get('auto_healing_enabled', '')).lower()
    return (facts.status.startswith('UPDATE') and version is not None
            and version[:2] == (1, 31) and healing != 'true')


def check_nodes_joining(facts, rule):
    found = rule.matches(facts)
    if found:
        return rule.finding(FAIL, _detail(found))
    if _capi_stuck_on(facts, 'nodegroup'):
        step = rule.next_step
        if _upgrade_to_131_without_healing(facts):
            step = ('a known problem of 1.30 to 1.31 upgrades without '
                    'auto_healing_enabled=true: the first new worker cannot '
                    'join; ' + SUPPORT + ' to have auto-healing enabled')
        return rule.finding(FAIL, _stuck_detail(facts, 'nodegroup'), step)
    return rule.finding(PASS, 'nodes not reported stuck joining', '')


def check_node_addresses(facts, rule):
    found = rule.matches(facts)
    if found:
        return rule.finding(FAIL, _detail(found))
    if facts.driver == drivers.CLUSTER_API:
        return rule.finding(PASS, 'not reported by the Cluster API driver',
                            '')
    cluster = facts.cluster
    missing = []
    if facts.status in ('CREATE_COMPLETE', 'UPDATE_COMPLETE'):
        if (cluster.get('node_count') or 0) > 0 and not cluster.get(
                'node_addresses'):
            missing.append('workers')
        if (cluster.get('master_count') or 0) > 0 and not cluster.get(
                'master_addresses'):
            missing.append('masters')
    if missing:
        return rule.finding(WARN, f'no addresses reported for '
                                  f'{" and ".join(missing)}')
    return rule.finding(PASS, 'nodes have addresses', '')


# -- node groups, the stack, the template ---------------------------------

def check_nodegroups(facts, rule):
    if not facts.nodegroups:
        return rule.finding(WARN, 'no node groups could be read', '')
    failed, busy = [], []
    for ng in facts.nodegroups:
        status = str(ng.get('status') or '')
        if status.endswith('_FAILED'):
            failed.append(f'{ng.get("name")} {status}: '
                          f'{short(ng.get("status_reason") or "", 100)}')
        elif status.endswith('_IN_PROGRESS'):
            busy.append(f'{ng.get("name")} {status}')
    if failed:
        return rule.finding(FAIL, '; '.join(failed))
    if busy:
        return rule.finding(WARN, '; '.join(busy),
                            'wait for the operation to finish')
    return rule.finding(PASS, f'{len(facts.nodegroups)} node group(s), '
                              f'none failed', '')


def check_stack(facts, rule):
    if not facts.stack_readable:
        return None
    failed = facts.failed_resources
    if failed:
        return rule.finding(FAIL, diagnosis.first([
            f'{r.get("resource_name")} ({r.get("resource_type")}) '
            f'{r.get("resource_status")}: '
            f'{short(r.get("resource_status_reason") or "", 100)}'
            for r in failed], 2, '; '))
    status = (facts.stack or {}).get('stack_status') or ''
    if status.endswith('_FAILED'):
        return rule.finding(FAIL, short(
            f'{status}: {(facts.stack or {}).get("stack_status_reason")}'))
    return rule.finding(PASS, f'stack {status or "readable"}, no failed '
                              f'resources', '')


def check_template(facts, rule):
    info = facts.template_info
    if facts.template is None:
        template_id = facts.cluster.get('cluster_template_id')
        return rule.finding(
            WARN, f'cluster template {template_id} could not be read '
                  f'(deleted, or private to another project?)', '')
    if info is None:
        return rule.finding(PASS, f'{facts.template.get("name")}: support '
                                  f'status not known', '')
    reason = info.reason or ''
    detail = f'{info.name}: {info.support}' + (f' ({reason})' if reason
                                               else '')
    if info.support == catalogue.UNSUPPORTED:
        return rule.finding(FAIL, detail)
    if info.support in (catalogue.SUPERSEDED, catalogue.ENDING,
                        catalogue.TBA, catalogue.PREVIEW):
        step = (rule.next_step if info.support != catalogue.PREVIEW else
                'preview versions may change or fail; use the latest '
                "supported template for production ('openstack coe "
                "catalyst template list')")
        return rule.finding(WARN, detail, step)
    return rule.finding(PASS, detail, '')


def check_patch(facts, rule):
    info, newer = facts.template_info, facts.newer_patch
    if info is None or info.version is None:
        return rule.finding(PASS, 'Kubernetes version not known', '')
    if newer is None or newer.version is None or \
            newer.version <= info.version:
        return rule.finding(PASS, f'{names.version_text(info.version)} is '
                                  'the newest patch of its minor version '
                                  'offered', '')
    name = facts.cluster.get('name') or '<cluster>'
    return rule.finding(
        WARN, f'on {names.version_text(info.version)}; '
              f'{names.version_text(newer.version)} ({newer.name}) is '
              'offered',
        f"'openstack coe cluster upgrade {name} {newer.name}' (see "
        "--dry-run first): patch releases carry security fixes and "
        'Catalyst may force patch upgrades for HIGH or CRITICAL CVEs')


def check_labels(facts, rule):
    if facts.template is None:
        return rule.finding(PASS, 'template not readable; labels not '
                                  'compared', '')
    cluster_labels = facts.cluster.get('labels') or {}
    template_labels = facts.template.get('labels') or {}
    skipped = facts.cluster.get('labels_skipped')
    if not isinstance(skipped, dict):
        skipped = {k: v for k, v in template_labels.items()
                   if k not in cluster_labels}
    overridden = facts.cluster.get('labels_overridden') or {}
    if skipped:
        names_ = sorted(skipped)
        shown = ', '.join(names_[:8]) + (', ...' if len(names_) > 8 else '')
        return rule.finding(
            WARN, f'{len(names_)} of the template\'s {len(template_labels)} '
                  f'labels are missing from the cluster: {shown}')
    detail = 'cluster has all of the template\'s labels'
    if isinstance(overridden, dict) and overridden:
        detail += f' ({len(overridden)} overridden)'
    return rule.finding(PASS, detail, '')


# -- the table ------------------------------------------------------------

_QUOTA_PATTERNS = (
    # Nova: "Quota exceeded for cores: Requested 2, but already used ..."
    r'quota exceeded for (cores|ram|instances|server_groups|'
    r'server_group_members|key_pairs)\b',
    # Neutron: "Quota exceeded for resources: ['floatingip']."
    r"quota exceeded for resources: \[?'?([a-z_]+)",
    # Octavia: "Quota has been met for resources: LoadBalancer"
    r'quota has been met for resources?: ?([A-Za-z_]+)',
    # Cinder
    r'exceeds allowed (gigabytes) quota',
    r"maximum number of (volumes|snapshots) allowed",
    r'(?:VolumeLimitExceeded|VolumeSizeExceedsAvailableQuota)',
    # Magnum's own
    r'maximum (clusters) per project',
    r'\bOverQuota\b',
    r'quota exceeded',
)
_QUOTA_WORDS = r'quota (?:exceeded|has been met)|OverQuota|exceeds allowed'

RULES = (
    Rule('status', 'Cluster status', check_status,
         about=('the status, and for a failed cluster the most telling text: '
                'status_reason, else the first fault, failing health part or '
                "node group reason, or the add-ons' progress"),
         next_step='see the checks below; if none names the cause, '
                   + SUPPORT),
    Rule('health', 'Health', check_health,
         about=('health_status and health_status_reason, judged against the '
                'operation in progress (a Cluster API cluster is UNHEALTHY '
                'while it is created or resized)'),
         next_step='check the nodes (kubectl get nodes; kubectl describe '
                   'node <node>); auto-healing replaces NotReady nodes '
                   'when auto_healing_enabled=true',
         source=CAPI_MONITOR),
    Rule('quota', 'Quota', check_quota, patterns=_QUOTA_PATTERNS,
         about=('Nova, Neutron, Octavia and Cinder quota errors (cores, RAM, '
                'instances, floating IPs, networks, load balancers, volume '
                'gigabytes)'),
         next_step='free up or ask for more quota for{what} (Support '
                   'Centre, quota increase), then delete the failed '
                   'cluster and create it again',
         source='Nova, Neutron, Octavia, Cinder quota errors', cause=True),
    Rule('timeout', 'Time-out', check_text,
         about='Heat\'s stack time-out ("Timed out", "CREATE aborted")',
         statuses=('CREATE', 'UPDATE', 'RESUME'),
         patterns=(r'\btimed out\b', r'\btimeout\b: ',
                   r'(?:create|update) (?:aborted|cancelled)'),
         excludes=(r'load ?balancer', r'WaitCondition'),
         next_step='creation took longer than create_timeout; delete the '
                   'cluster and create it again (--timeout for more '
                   'minutes); if it happens again, ' + SUPPORT,
         source=HEAT, cause=True),
    Rule('stuck', 'Progress', check_stuck,
         about=("an operation in progress for longer than the cluster's "
                'create_timeout, with what the driver reports'),
         next_step='the operation has run longer than create_timeout '
                   'and is probably stuck; ' + SUPPORT),
    Rule('delete_blocked', 'Delete blocked', check_delete,
         about=('a delete that Neutron refuses (ports, a bastion, floating '
                'IPs, router interfaces, security groups still in use) or '
                'load balancers not deleted in time, in status_reason or '
                'health_status_reason'),
         statuses=('DELETE',),
         patterns=(r'one or more ports have an ip allocation from this '
                   r'subnet',
                   r'there are one or more ports still in use',
                   r'ports? (?:are )?still in use',
                   r'required by one or more floating ips',
                   r'still has ports',
                   r'\b(?:NetworkInUse|SubnetInUse|RouterInUse)\b',
                   r'failed to delete (?:network|subnet|router|ports?|'
                   r'security groups?|floating ip|bastion|load balancer)',
                   r'failed to pre-delete resources',
                   r'timeout waiting for the load balancers',
                   r'(?:DELETE failed|delete).{0,80}\bConflict\b',
                   r'\bbastion\b'),
         source=f'{CAPO}; {MAGNUM} (PreDeletionFailed); Catalyst '
                'clusters.rst (deleting)', cause=True),
    Rule('credential', 'Credentials', check_credential,
         about=('trust and application-credential failures (a disabled owner,'
                ' a failed or half-done rotation)'),
         patterns=(r'\banswered 401\b',
                   r'failed to create trustee',
                   r'failed to create trust\b',
                   r'could not find trust',
                   r'keystone connection failed',
                   r'application credential',
                   r'requires authentication',
                   r'\bUnauthorized\b'),
         next_step='the credential the cluster runs with (the application '
                   'credential of whoever created it or last rotated it) '
                   "no longer works: 'openstack coe credential rotate "
                   "<cluster>' as an enabled user with an unrestricted "
                   'application credential (python-magnumclient 4.9.0 or '
                   'later), or ' + SUPPORT,
         source=f'{MAGNUM}; {CAPI_HELM} (rotate_credential); Catalyst '
                'application-credentials.rst', cause=True),
    Rule('certificates', 'Certificates', check_text,
         about=("Magnum failing to make or store the cluster's certificates; "
                'x509 errors'),
         patterns=(r'failed to create certificates for cluster',
                   r'could not store certificate',
                   r'\bx509: ',
                   r'certificate (?:has expired|verify failed|signed by '
                   r'unknown authority)'),
         next_step='Magnum could not make or use the cluster\'s '
                   'certificates; delete the cluster and create it again; '
                   'if it happens again, ' + SUPPORT,
         source=MAGNUM, cause=True),
    Rule('keypair', 'Keypair', check_text,
         about='a keypair that does not exist',
         patterns=(r'the key \(([^)]+)\) could not be found',
                   r'unable to find keypair ([^\s,]+)',
                   r'key ?pair ([^\s,.]+) (?:could )?not (?:be )?found',
                   r'keypair not found'),
         next_step="the keypair{what} does not exist in this region "
                   "('openstack keypair list'); create or import it, or "
                   "create the cluster with an existing --keypair",
         source=f'{MAGNUM}; {HEAT}', cause=True),
    Rule('image_flavor', 'Image and flavor', check_text,
         about=('a missing image or flavor, an image without kube_version or '
                'os_distro, a flavor with too little RAM or too few vCPUs'),
         patterns=(r'image ([^\s,]+) could not be found',
                   r'the image \(([^)]+)\) could not be found',
                   r"no images? matching \{?'?name'?:? ?'?([^\s'}]+)",
                   r'unable to find flavor ([^\s,]+)',
                   r'flavor (?:id )?\(?([^\s)]+)\)? could not be found',
                   r"image ([^\s,]+) doesn't contain os_distro",
                   r'image ([^\s,]+) does not have an? (?:kube_version|'
                   r'os_distro) property',
                   r'flavor ([^\s,]+) does not have enough (?:RAM|CPU) to '
                   r'run Kubernetes'),
         next_step='the image or flavor{what} is not available or too '
                   'small (Kubernetes nodes need at least 2 vCPUs and 2 GB '
                   'of RAM); use a current cluster template '
                   "('openstack coe catalyst template list') and a flavor "
                   "from 'openstack flavor list' such as c1.c2r4",
         source=f'{CAPI_HELM} (_get_kube_version, _get_os_distro, '
                f'_validate_allowed_flavor); {MAGNUM}; {HEAT}', cause=True),
    Rule('network', 'Networks', check_text,
         about=('an external or fixed network or subnet that cannot be found '
                'or reconciled'),
         patterns=(r'unable to find external network ([^\s,]+)',
                   r'unable to find fixed (?:network|subnet) ([^\s,]+)',
                   r'failed to reconcile (?:external )?network'),
         excludes=(r'answered 401\b',),
         next_step='the network{what} could not be found in this region '
                   "('openstack network list --external'); use the "
                   "template's external network and an existing "
                   '--fixed-network/--fixed-subnet',
         source=f'{MAGNUM} (ExternalNetworkNotFound); {CAPO}', cause=True),
    Rule('load_balancer', 'Load balancer', check_text,
         about=('the API load balancer in ERROR, not active in time, or '
                'Octavia answering 5xx'),
         patterns=(r'load ?balancer provisioning error',
                   r'provisioning status of the load ?balancer is error',
                   r'resources\.(?:api|etcd)_lb\b[^:]*: went to status '
                   r'error',
                   r'load balancer "[^"]+" with id \S+ is not active',
                   r'failed to (?:reconcile|create) load ?balancer',
                   r'lbaas/loadbalancers\S* answered 5\d\d\b'),
         excludes=(_QUOTA_WORDS,),
         next_step='the load balancer in front of the Kubernetes API '
                   'failed; delete the cluster and create it again; '
                   'load-balancer problems: ' + SUPPORT,
         source=f'{CAPO} (loadbalancer.go); {HEAT}', cause=True),
    Rule('no_valid_host', 'Capacity', check_text,
         about='Nova\'s "No valid host was found"',
         patterns=(r'no valid host was found',),
         next_step='the region had no room for the flavor asked for; try '
                   'again later or with another flavor; if it persists, '
                   + SUPPORT,
         source='Nova scheduler (via Heat, or on the Cluster API '
                'machines)', cause=True),
    Rule('addons', 'Add-ons', check_addons,
         about=("the add-ons' progress in status_reason (failed, or not "
                'installed by create_timeout) and the Heat-era add-on '
                'deployment'),
         patterns=(r'resources\.kube_cluster_deploy: deployment to server '
                   r'failed',),
         next_step='an add-on did not install (often an admission webhook '
                   'of yours blocking it); get the cluster\'s kubeconfig '
                   "('openstack coe cluster config <cluster>') and look "
                   'at the pods of kube-system and openstack-system; '
                   'if it is ours, ' + SUPPORT,
         source=f'{CAPI_HELM} (add-on phases Failed/Unknown); Catalyst '
                'release notes 2025-06-16 (addons in status_reason); '
                f'{HEAT}', cause=True),
    Rule('control_plane', 'Control plane', check_control_plane,
         about=("a control plane that never becomes ready (Heat's master "
                'WaitConditionTimeout; a Cluster API control plane still '
                'waiting after create_timeout)'),
         patterns=(r'WaitConditionTimeout: resources\.kube_masters',
                   r'master_wait_condition'),
         next_step='the control plane never became ready; delete the '
                   'cluster and create it again; if it happens again, '
                   + SUPPORT,
         source=f'{CAPI_MONITOR} (controlplane); {HEAT} '
                '(WaitConditionTimeout)', cause=True),
    Rule('nodes_not_joining', 'Nodes joining', check_nodes_joining,
         about=("worker nodes that do not join (Heat's minion "
                'WaitConditionTimeout; machine deployments still waiting '
                'after create_timeout; the 1.30 to 1.31 upgrade without auto-'
                'healing)'),
         patterns=(r'WaitConditionTimeout: resources\.kube_minions',
                   r'minion_wait_condition'),
         next_step='worker nodes did not join the cluster; check '
                   "'openstack server list' for servers in ERROR, then "
                   'resize or create the node group again; if they still '
                   'do not join, ' + SUPPORT,
         source=f'{CAPI_MONITOR} (nodegroup); {HEAT} '
                '(WaitConditionTimeout); Catalyst versions.rst (1.30 to '
                '1.31)', cause=True),
    Rule('node_addresses', 'Node addresses', check_node_addresses,
         about='Heat-era nodes without an address',
         patterns=(r'no address found for host \S+',
                   r'no (?:ip )?address(?:es)? (?:found )?for (?:host|'
                   r'server) \S+'),
         next_step='nodes did not get an address on the cluster network; '
                   'check the network and subnet the cluster uses '
                   '(fixed_network, fixed_subnet) have free addresses, '
                   'then create the cluster again',
         source=HEAT, cause=True),
    Rule('autoscaling', 'Autoscaling limits', check_text,
         about='node groups refused for their min/max node counts',
         patterns=(r'(?:min|max) node count must be',),
         next_step='min_node_count must be at least 1 and at most the node '
                   'count, max_node_count at least min_node_count; set '
                   "them with 'openstack coe nodegroup update <cluster> "
                   "<node group> --min-nodes N --max-nodes M' "
                   '(python-magnumclient 5.0.0)',
         source=f'{CAPI_HELM} (_validate_allowed_node_counts); Catalyst '
                'autoscaling docs', cause=True),
    Rule('nodegroups', 'Node groups', check_nodegroups,
         about='node groups that failed or are still busy',
         next_step="see 'openstack coe nodegroup show <cluster> <node "
                   "group>'; resize or delete the failed node group"),
    Rule('stack', 'Heat stack', check_stack,
         about=("the Heat stack's failed resources, where you may read the "
                'stack (Heat era only)'),
         next_step='the failed resources above name the cause; '
                   + SUPPORT),
    Rule('template', 'Template support', check_template,
         about=("whether the cluster's template is supported, deprecated, a "
                'preview or unsupported'),
         next_step="upgrade to a supported template ('openstack coe "
                   "catalyst template list'; one minor version at a time)"),
    Rule('patch', 'Patch currency', check_patch,
         about=("a newer patch of the cluster's Kubernetes minor version "
                'offered by the cloud'),
         source='Catalyst versions.rst (patch releases; forced patch '
                'upgrades for HIGH/CRITICAL CVEs)'),
    Rule('labels', 'Labels', check_labels,
         about=('template labels missing from the cluster (a create with '
                '--labels but without --merge-labels)'),
         next_step='the cluster was probably created with --labels but '
                   'without --merge-labels, which replaces the template\'s '
                   'labels; create it again with --merge-labels'),
)

CAUSES = tuple(rule.id for rule in RULES if rule.cause)


def documented():
    """``(check, looks at, next step, source)`` of every rule (docs)."""
    return [(rule.check, rule.about, rule.next_step or '(depends on what '
             'is found)', rule.source or 'Magnum API fields')
            for rule in RULES]
