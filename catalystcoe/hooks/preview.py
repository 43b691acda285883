"""The preview hook, attached to every ``openstack coe`` command.

Imported for coe commands only (cliff loads hooks per command); keep its
imports light. What it costs a run: one read of the service facts (the
cached document when one is configured, else the packaged one); the
configured document is fetched at most once a day, never for --help.
"""

from cliff import hooks

from catalystcoe import cli
from catalystcoe import cloud
from catalystcoe import facts
from catalystcoe import preview

REGION_NOTICE = 'region'


class PreviewHook(hooks.CommandHook):
    """Print the service's preview status once, on stderr, before a run."""

    def get_parser(self, parser):
        parser.add_argument(
            '--no-preview-warning',
            dest=preview.OPTION_DEST,
            action='store_true',
            default=False,
            help='Do not print the Catalyst Cloud preview notice on stderr '
                 '(default: printed for Catalyst Cloud regions in preview; '
                 f'see also {preview.ENV_VAR}=never|always|auto).')
        return parser

    def get_epilog(self):
        # Built for every run (cliff makes the parser first): no network.
        return preview.epilog(facts.for_app(self.cmd.app, network=False))

    def before(self, parsed_args):
        app = self.cmd.app
        settings = cloud.settings(app)
        mode = preview.mode_for(app, parsed_args, settings.config)
        if mode == preview.NEVER:
            return parsed_args
        text = preview.notice(facts.for_app(app), settings.region,
                              settings.auth_url, mode)
        cli.say_once(app, REGION_NOTICE, text)
        return parsed_args

    def after(self, parsed_args, return_code):
        return return_code
