"""The sign-in form.

Django's AuthenticationForm sets the username's max_length after the field is built, so
the limit reaches the HTML attribute but not the validators: a longer name still goes to
authenticate(), and django-axes then records the failed attempt in a 255-character column,
which PostgreSQL refuses with a server error. The validator is added here.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
