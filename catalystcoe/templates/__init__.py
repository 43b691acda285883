"""Catalyst Cloud cluster templates: names, lifecycle, aliases, upgrades."""

# Kept here (not in aliases) so that command help can name them without
# importing the template logic.
ALIAS_EXAMPLES = 'latest, latest-prod, latest-dev, 1.33, 1.33-prod, v1.33.4'
