"""How results are said: one line each.

* failing checks refuse: :func:`refusal` is the text of the
  ``CommandError`` (one line per failing check, then what to do);
* warnings and checks that could not run go to stderr
  (:func:`notices`), and the request is sent;
* ``--dry-run`` prints every result (:func:`dry_run_lines`) on stdout.
"""

from catalystcoe.preflight import rules

SKIP_OPTION = '--skip-preflight'


def failed(results):
    return [r for r in results if r.outcome == rules.FAIL]


def line(result):
    return f'{result.check}: {result.text}'


def refusal(results, what):
    """The text of the refusal: ``what`` is e.g. ``create cluster x``."""
    bad = failed(results)
    lines = [f'Pre-flight check failed: {line(r)}' for r in bad]
    lines.append(f'Not sent: {len(bad)} pre-flight check(s) failed for '
                 f'{what}. Fix them, or pass {SKIP_OPTION} to send the '
                 'request anyway.')
    return '\n'.join(lines)


def notices(results):
    """Lines for stderr: warnings, and checks that could not run."""
    out = []
    for result in results:
        if result.outcome == rules.WARN:
            out.append(f'Warning: pre-flight: {line(result)}')
        elif result.outcome == rules.SKIP:
            out.append(f'Note: pre-flight: {line(result)}')
    return out


def dry_run_lines(results):
    """Every result: ``<outcome>  <check>: <text>``."""
    return [f'{r.outcome:<4}  {line(r)}' for r in results]
