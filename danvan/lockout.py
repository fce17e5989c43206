"""Sign-in throttling on top of django-axes: who is locked, from which address, and for how long.

- The client address is REMOTE_ADDR, or, when the request comes from one of the site's own
  proxies (settings.TRUSTED_PROXIES), the right-most address of X-Forwarded-For that is not one of
  them: the part to the left of it is whatever the client chose to send.
- A pair (username, address) is locked after settings.AXES_FAILURE_LIMIT failures, an address after
  settings.AXES_ADDRESS_FAILURE_LIMIT failures with any names; the account itself is never locked
  for everyone, so an attacker cannot keep the administrator out.
- The locked page says the wait in words ("15 phút").
"""

from __future__ import annotations

import datetime
import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def _networks() -> list:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in settings.TRUSTED_PROXIES if entry.strip()]


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the person signing in (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    remote_address = _address(remote)
    if not networks or remote_address is None or not any(remote_address in net for net in networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            return remote  # a header our proxies did not write: trust only the connection
        if not any(address in net for net in networks):
            return str(address)
    return remote


class PairAndAddressHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: the first set is
    held to AXES_FAILURE_LIMIT, the second to the looser AXES_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures, scaled to AXES_FAILURE_LIMIT: axes locks when this reaches that limit,
        which is when the pair reaches its limit or the address reaches its own."""
        pair, address = (attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
                         for attempts in self.get_user_attempts(request, credentials))
        return max(pair, address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears its own pair only: one good account must not wipe out the
        failures an address has piled up against other names."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count

    def locked_until(self, request, credentials=None) -> datetime.datetime | None:
        latest = None
        for attempts in self.get_user_attempts(request, credentials):
            last = attempts.aggregate(last=Max("attempt_time"))["last"]
            latest = max(filter(None, (latest, last)), default=None)
        cool_off = get_cool_off(request)
        return latest + cool_off if latest and cool_off else None


def wait_words(delta: datetime.timedelta) -> str:
    """"15 phút", "1 giờ 30 phút": a wait rounded up to the minute, in words."""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} giờ"] if hours else []) + ([f"{minutes} phút"] if minutes else [])
    return " ".join(parts)


def lockout_response(request, original_response=None, credentials=None):
    """The locked page (AXES_LOCKOUT_CALLABLE), telling how long is left to wait."""
    until = PairAndAddressHandler().locked_until(request, credentials)
    wait = until - timezone.now() if until else get_cool_off(request)
    return render(request, "registration/locked.html", {"wait_words": wait_words(wait)},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
