"""Keystone's WSGI application for gunicorn.

oslo.config parses the process's command line, where gunicorn's own
options would make it exit; reset ``sys.argv`` before loading.  The config
directory comes from ``OS_KEYSTONE_CONFIG_DIR``.
"""

import sys

sys.argv = sys.argv[:1]

from keystone.server import wsgi  # noqa: E402

application = wsgi.initialize_public_application()
