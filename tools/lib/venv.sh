# Sourced by tools/bootstrap and tools/make-venv: build a venv only when
# what it is made from changed, and run its pip quietly.
#
#   venv_fingerprint FILE... [-- WORD...]  hash of the files (and words)
#   venv_current DIR FINGERPRINT [PART]    true when DIR (or that part of
#                                          it) was built from FINGERPRINT
#   venv_create DIR [--clear]              python -m venv, when missing
#   venv_pip DIR ARG...                    DIR/bin/pip install -q ARG...
#   venv_stamp DIR FINGERPRINT [PART]      record what it was built from
#   project_state                          git HEAD and uncommitted changes
#                                          of what a wheel of ours holds

venv_fingerprint() {
    local files=() words=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    words=("$@")
    { cat "${files[@]}"; printf '%s\n' "${words[@]}"; } |
        sha256sum | cut -d' ' -f1
}

venv_current() {
    local stamp="$1/.catalystcoe-${3:-venv}"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$2" ]
}

venv_create() {
    local python=${PYTHON:-python3}
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "$python is Python $("$python" -c 'import platform
print(platform.python_version())'); catalystcoe needs 3.11 or newer" \
             "(python-magnumclient 5.0.0 does); set PYTHON=python3.11" >&2
        return 1
    fi
    if [ "${2:-}" = --clear ] || [ ! -x "$1/bin/python" ]; then
        "$python" -m venv ${2:+"$2"} "$1"
    fi
}

venv_pip() {
    local venv=$1; shift
    # The machine's pip.conf names find-links directories that may be
    # missing; pip warns about each on every run.
    "$venv/bin/pip" install -q --disable-pip-version-check "$@" \
        2> >(grep -v "WARNING: Location" >&2)
}

venv_stamp() {
    echo "$2" > "$1/.catalystcoe-${3:-venv}"
}

project_state() {
    local paths=(catalystcoe setup.cfg setup.py pyproject.toml
                 requirements.txt README.rst)
    { git rev-parse HEAD; git diff HEAD -- "${paths[@]}"
      git ls-files -o --exclude-standard -z -- "${paths[@]}" | xargs -0r cat
    } | sha256sum | cut -d' ' -f1
}
