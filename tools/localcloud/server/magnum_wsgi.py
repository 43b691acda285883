"""Magnum's API (``magnum.wsgi.api``) for gunicorn, one per region.

The region's config file comes from ``LOCALCLOUD_MAGNUM_CONF``; oslo.config
reads ``sys.argv``, so set it to ``--config-file <conf>`` before loading.
"""

import os
import sys

sys.argv = [sys.argv[0], '--config-file', os.environ['LOCALCLOUD_MAGNUM_CONF']]

from magnum.wsgi.api import application  # noqa: E402,F401

# The same first-use race as Keystone's: load the policy rules before
# gunicorn's threads serve requests.
from magnum.common import policy  # noqa: E402

policy.init().load_rules()
