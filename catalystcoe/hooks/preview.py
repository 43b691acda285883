"""The preview hook, attached to every ``openstack coe`` command.

Imported for coe commands only (cliff loads hooks per command); keep its
imports light.
"""

import os

from cliff import hooks

from catalystcoe import preview

_SHOWN_FLAG = '_catalystcoe_preview_shown'


class PreviewHook(hooks.CommandHook):
    """Print the service's preview status once, on stderr, before a run."""

    def get_parser(self, parser):
        parser.add_argument(
            '--no-preview-warning',
            dest='catalystcoe_no_preview_warning',
            action='store_true',
            default=False,
            help='Do not print the Catalyst Cloud preview notice on stderr '
                 '(default: printed for Catalyst Cloud regions in preview; '
                 f'see also {preview.ENV_VAR}=never|always|auto).')
        return parser

    def get_epilog(self):
        return preview.epilog(preview.load_status_data())

    def before(self, parsed_args):
        app = self.cmd.app
        if getattr(parsed_args, 'catalystcoe_no_preview_warning', False):
            return parsed_args
        if getattr(getattr(app, 'options', None), 'verbose_level', 1) == 0:
            return parsed_args
        if getattr(app, _SHOWN_FLAG, False):
            return parsed_args
        region, auth_url, cloud_mode = _cloud_facts(app)
        env_mode = os.environ.get(preview.ENV_VAR)
        mode = preview.parse_mode(env_mode if env_mode else cloud_mode)
        text = preview.notice(preview.load_status_data(), region, auth_url,
                              mode)
        if text:
            app.stderr.write(text + '\n')
            app.stderr.flush()
            setattr(app, _SHOWN_FLAG, True)
        return parsed_args

    def after(self, parsed_args, return_code):
        return return_code


def _cloud_facts(app):
    """Region, auth URL and clouds.yaml setting, without any request."""
    cli_options = getattr(getattr(app, 'client_manager', None),
                          '_cli_options', None)
    config = getattr(cli_options, 'config', None) or {}
    region = getattr(cli_options, 'region_name', None) or config.get(
        'region_name')
    auth_url = (config.get('auth') or {}).get('auth_url')
    return region, auth_url, config.get(preview.CLOUDS_YAML_KEY)
