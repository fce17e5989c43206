#!/usr/bin/env bash
# Installs the Debian packages the app needs when they are missing and we have the rights;
# otherwise says exactly what to install. Never fails the set-up: the app reports a missing font
# itself when it prints, and browser tests skip with a reason when chromium is missing.
set -u
needed=()
dpkg -s fonts-liberation2 >/dev/null 2>&1 || needed+=(fonts-liberation2)      # Times-metric font, all Vietnamese glyphs
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || needed+=(libharfbuzz-subset0)  # fast PDF font subsetting
# Debian's python3.11 (optimised build, preferred by the Makefile) needs its venv module.
if [ -x /usr/bin/python3.11 ] && ! /usr/bin/python3.11 -c 'import ensurepip' >/dev/null 2>&1; then
  needed+=(python3.11-venv)
fi
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint
command -v msgfmt >/dev/null 2>&1 || needed+=(gettext)                        # compiles the admin's Vietnamese (locale/vi)
if [ "${WITH_BROWSER:-0}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || needed+=(chromium)                   # browser tests
  command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
fi
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống: ${needed[*]}"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null || \
    echo "Không cài được: ${needed[*]}. Hãy chạy: sudo apt-get install ${needed[*]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq >/dev/null 2>&1 || true
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null || true
else
  echo "THIẾU gói hệ thống: ${needed[*]}"
  echo "Hãy chạy với quyền quản trị: sudo apt-get install ${needed[*]}"
fi
exit 0
