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
