"""Test helpers: sign a client in past the two-factor step."""

from __future__ import annotations


def login_verified(client, user):
    """Sign `client` in as `user` as if the user had entered a valid authenticator code (a
    confirmed TOTP device is created when the user has none). Returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
