from django.contrib.auth import backends

from samspill.accounts.sessions import account_read_with_session


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, loading the account's SiteAccount in the same query: the
    session check (middleware.py) and the header's "Users" link then cost no query. When
    the session store has just read the account with the session (sessions/), that row
    is used and there is no query at all."""

    def get_user(self, user_id):
        user = account_read_with_session(user_id)
        if user is None:
            user_model = backends.UserModel
            try:
                user = user_model._default_manager.select_related("site_account").get(pk=user_id)
            except user_model.DoesNotExist:
                return None
        return user if self.user_can_authenticate(user) else None


class _SessionUser:
    """A login through another backend still gets its session checked by ModelBackend."""

    def get_user(self, user_id):
        return ModelBackend().get_user(user_id)


class RemoteUserBackend(_SessionUser, backends.RemoteUserBackend):
    """SAMSPILL_REMOTE_USER_HEADER: the authenticating proxy names the user. Accounts are
    made for unknown names only with SAMSPILL_REMOTE_USER_CREATE=1."""

    @property
    def create_unknown_user(self) -> bool:
        from django.conf import settings

        return settings.AUTH.remote_user_create

    def configure_user(self, request, user, created=True):
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user


def _ldap_backend_base():
    from django_auth_ldap.backend import LDAPBackend as Base

    return Base


try:
    _LDAPBase = _ldap_backend_base()
except ImportError:  # python-ldap is optional: only an LDAP installation needs it
    _LDAPBase = object


class LDAPBackend(_SessionUser, _LDAPBase):
    """SAMSPILL_LDAP_URI: passwords checked by binding to the directory (django-auth-ldap).
    With SAMSPILL_LDAP_ADMIN_GROUP, members of that group are site admins."""

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            from django.conf import settings

            if settings.AUTH.ldap.admin_group:
                _sync_ldap_admin(user, settings.AUTH.ldap.admin_group in ldap_user.group_dns)
        return user


def _sync_ldap_admin(user, in_group: bool) -> None:
    from django.core.exceptions import ValidationError

    from samspill.accounts import site

    try:
        if in_group:
            site.site_admin_grant(actor=None, user=user)
        elif site.is_site_admin(user) and not user.is_superuser:
            site.site_admin_revoke(actor=None, user=user)
    except ValidationError:
        pass  # the last site admin stays one (site.py)
