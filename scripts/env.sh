# Sourced by scripts/run and scripts/test: makes .venv from the lock file when it is missing or
# older than the lock (pinned versions with hashes, so a fresh machine installs what was tested).
ensure_venv() {
    local python="${PYTHON:-python3}"
    local stamp=".venv/.samstyre-lock-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
    if [ -f "$stamp" ]; then
        return 0
    fi
    echo "== installing Python dependencies into .venv (requirements.lock)"
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        --require-hashes -r requirements.lock
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v -e "^ *$" -e "!!" -e "***" -e "Please be careful" -e "name as your package" -e "BuildBackendWarning" -e "with strategy" || true
    rm -f .venv/.samstyre-lock-*
    touch "$stamp"
}

# Debian's Chromium, the browser of the card-rendering and end-to-end tests.
ensure_chromium() {
    if command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    echo "== installing Chromium (Debian package)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
