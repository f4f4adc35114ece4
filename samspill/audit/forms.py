from django import forms

# The sequence column is a PositiveBigIntegerField: a longer number is no entry number.
MAX_SEQUENCE = 2**63 - 1


class TrailQueryForm(forms.Form):
    """The trail's ?before=, read like any other input rather than with int()."""

    before = forms.IntegerField(min_value=0, max_value=MAX_SEQUENCE, required=False)
