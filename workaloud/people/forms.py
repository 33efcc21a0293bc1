from django import forms
from django.contrib.auth import password_validation

from workaloud.people.models import User
from workaloud.people.services import PROFILE_FIELDS


class SignUpForm(forms.Form):
    username = forms.CharField(max_length=30, help_text="Others mention you as @username.")
    display_name = forms.CharField(max_length=80, required=False, label="Your name")
    email = forms.EmailField(required=False, help_text="Optional; used for password resets.")
    password = forms.CharField(widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        widget=forms.PasswordInput, strip=False, label="Password again"
    )

    field_order = ["display_name", "username", "email", "password", "password_again"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        elif data.get("password"):
            candidate = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3, "placeholder": "I help … so that …"}),
            "bio": forms.Textarea(attrs={"rows": 2}),
            "timezone": forms.TextInput(
                attrs={"list": "timezones", "placeholder": "Europe/Berlin"}
            ),
        }


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text="What will use it, e.g. “weekly report script”."
    )
