from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, loading the account's SiteAccount in the same query: the
    session check (middleware.py) and the header's "Users" link then cost no query."""

    def get_user(self, user_id):
        user_model = backends.UserModel
        try:
            user = user_model._default_manager.select_related("site_account").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
