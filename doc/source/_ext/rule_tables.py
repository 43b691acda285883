"""``.. catalystcoe-rules:: upgrade`` (or ``diagnose``): the rules as a table.

The rules are data in the package (``catalystcoe/data/upgrade_rules.json``,
``catalystcoe.support.rules.RULES``); the user guide shows them from
there, each with its source, so the two never disagree.
"""

from docutils import nodes
from docutils.parsers.rst import Directive


def _table(headers, rows, widths):
    table = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells in ((head, [headers]), (body, rows)):
        for cells_row in cells:
            row = nodes.row()
            for text in cells_row:
                entry = nodes.entry()
                entry += nodes.paragraph(text=str(text))
                row += entry
            target += row
    return table


def _upgrade_rows():
    from catalystcoe.templates import plan

    return [(rule['title'], rule['result'], rule['says'], rule['source'])
            for rule in plan.load_rules()]


def _diagnose_rows():
    from catalystcoe.support import rules

    return rules.documented()


TABLES = {
    'upgrade': (('Rule', 'When not met', 'What Catalyst says',
                 'Source (catalystcloud-docs, source/)'), _upgrade_rows,
                (18, 8, 50, 24)),
    'diagnose': (('Check', 'Looks at', 'Next step', 'Wording from'),
                 _diagnose_rows, (12, 34, 34, 20)),
}


class RulesDirective(Directive):
    required_arguments = 1

    def run(self):
        headers, rows, widths = TABLES[self.arguments[0]]
        return [_table(headers, rows(), widths)]


def setup(app):
    app.add_directive('catalystcoe-rules', RulesDirective)
    return {'parallel_read_safe': True}
