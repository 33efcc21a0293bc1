from django import forms

from workaloud.campaigns.campaign_file import (
    DESCRIPTION_MAX,
    FILE_MAX,
    NAME_MAX,
    PROMPT_MAX,
    THEME_MAX,
    TITLE_MAX,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateForm(forms.Form):
    """Working Out Loud Week from the shipped template: choose the first day."""

    starts_on = forms.DateField(label="First day", widget=DATE)
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=NAME_MAX,
        help_text="Leave empty for “Working Out Loud Week”.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Campaign file",
        help_text="TOML or JSON, as described below.",
    )
    starts_on = forms.DateField(
        label="First day",
        required=False,
        widget=DATE,
        help_text="Needed when the file has no starts_on; otherwise it moves the campaign.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > FILE_MAX:
            raise forms.ValidationError(f"The file is too large: at most {FILE_MAX:,} bytes.")
        return upload


class CampaignForm(forms.Form):
    """A campaign's own fields (its days are edited one by one)."""

    name = forms.CharField(max_length=NAME_MAX)
    theme = forms.CharField(max_length=THEME_MAX, help_text="The idea the campaign explores.")
    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
    )
    starts_on = forms.DateField(label="First day", widget=DATE)
    ends_on = forms.DateField(label="Last day", widget=DATE)


class NewCampaignForm(CampaignForm):
    """A campaign written by hand, with its first day's prompt (add more days after)."""

    day_title = forms.CharField(label="First day's title", max_length=TITLE_MAX)
    day_prompt = forms.CharField(
        label="First day's prompt",
        max_length=PROMPT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
    )


class DayForm(forms.Form):
    date = forms.DateField(widget=DATE)
    title = forms.CharField(max_length=TITLE_MAX)
    prompt = forms.CharField(
        max_length=PROMPT_MAX, widget=forms.Textarea(attrs={"rows": 5}), help_text="Markdown."
    )
