"""Keystone's WSGI application for gunicorn.

oslo.config parses the process's command line, where gunicorn's own
options would make it exit; reset ``sys.argv`` before loading.  The config
directory comes from ``OS_KEYSTONE_CONFIG_DIR``.
"""

import sys

sys.argv = sys.argv[:1]

from keystone.server import wsgi  # noqa: E402

application = wsgi.initialize_public_application()

# Load the policy rules now, before gunicorn's threads serve requests:
# Keystone publishes its enforcer before registering the rules, so
# threads that meet it first at the same moment answered 403 on
# identity:validate_token (and Magnum then answered 503).
from keystone.common.rbac_enforcer import enforcer  # noqa: E402

# Outside a request Keystone would log every deprecated default rule;
# inside one it logs a single line, so stay as quiet here.
enforcer.RBACEnforcer.suppress_deprecation_warnings = True
enforcer.RBACEnforcer()._enforcer.load_rules()
