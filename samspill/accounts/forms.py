from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from method.roles import Role
from samspill.core.forms import ModelForm
from samspill.projects.models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    # Least access first, as on "Add a member".
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.ROLE_CHOICES, initial=Role.VIEWER.value
    )

    def __init__(self, *args, **kwargs):
        # Shown beside "Add a member" on one page: ids of its own, so labels stay apart.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)


class InvitationSignupForm(UserCreationForm, ModelForm):
    """A new account for an invited address: a username and a password. The address is
    the one the invitation went to; it is set by the view, not typed."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The password validators compare the password with the address too.
        self.instance.email = email


class OwnershipTransferForm(forms.Form):
    """The account that becomes owner of a deactivated account's projects."""

    new_owner = forms.ModelChoiceField(
        label=_("New owner"), queryset=None, to_field_name="username"
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", f"transfer_{user.pk}_%s")
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["new_owner"].queryset = (
            get_user_model().objects.filter(is_active=True).exclude(pk=user.pk).order_by("username")
        )
        self.fields["new_owner"].label_from_instance = _account_label


def _account_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
