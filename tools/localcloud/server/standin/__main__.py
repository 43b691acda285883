"""``python -m localcloud.server.standin``: serve every stand-in service."""

from localcloud.server.standin import cinder
from localcloud.server.standin import common
from localcloud.server.standin import glance
from localcloud.server.standin import heat
from localcloud.server.standin import neutron
from localcloud.server.standin import nova
from localcloud.server.standin import octavia

SERVICES = {
    'image': glance.SERVICE,
    'network': neutron.SERVICE,
    'compute': nova.SERVICE,
    'heat': heat.SERVICE,
    'load-balancer': octavia.SERVICE,
    'volume': cinder.SERVICE,
}

if __name__ == '__main__':
    common.serve(SERVICES)
