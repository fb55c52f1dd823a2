"""Connecting the firm's own developer application: prove it works (the service's checks, then a
real sign-in in the browser), and only then keep it: the key and redirect port in the settings
folder (app.signin.firm_app), the secret in the keyring.

    session = Session.create(server)
    identity = try_connection(session, application, secret, cancel=token)   # blocks
    save_connection(session, application, secret)
"""

from __future__ import annotations

import logging

from app.logs import register_secret
from app.net.http import CancelToken
from app.session import Session
from app.signin.firm_app import FirmApplication, check_application, save_application
from app.signin.oauth import Identity

log = logging.getLogger(__name__)


def try_connection(
    session: Session,
    application: FirmApplication,
    secret: str,
    *,
    login_hint: str | None = None,
    cancel: CancelToken | None = None,
) -> Identity:
    """The service's checks of the key, secret and redirect address, then the sign-in in the
    browser with them (PKCE too). Signs `session` in; saves nothing of the application.
    Raises SignInFailed (firm_app's codes), Cancelled, TimedOut or a network error."""
    register_secret(secret)
    check_application(
        session.server,
        session.http,
        application.client_id,
        secret,
        application.redirect_uri,
        cancel=cancel,
    )
    session.auth.use_application(application, secret)
    session.sign_in(login_hint=login_hint, cancel=cancel)
    identity = session.identity
    assert identity is not None
    log.info("the firm's application works with %s", session.server.origin)
    return identity


def save_connection(session: Session, application: FirmApplication, secret: str) -> None:
    """Keep the application that `try_connection` proved: the secret in the keyring (memory
    only when there is none), the rest in the settings folder."""
    session.auth.credentials.save_application_secret(application.origin, secret)
    if session.demo:
        return  # the demo service's address changes every run: nothing to remember
    save_application(application)
    log.info("the firm's application for %s is saved", application.origin)
