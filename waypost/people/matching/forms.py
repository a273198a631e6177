from django import forms


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these records the same person?",
        choices=[
            ("same", "Same person: I will merge them next"),
            ("different", "Different people: do not suggest this pair again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these records are the same person"},
    )
