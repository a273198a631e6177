"""The board report is a real, tagged PDF with the plan's progress by theme, its overdue
actions and each tied commitment's live measure against its target."""

import io
import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from waypost.strategy.models import Action, ActionStatus, Commitment
from waypost.testing.strategy import make_strategy


def test_the_board_report_pdf_has_the_figures(commissioner_client, world):
    strategy = make_strategy(world.coventry, themes=2, commitments=1, actions=3)
    Action.objects.filter(text="Action 1.1.1").update(status=ActionStatus.DONE)
    Action.objects.filter(text="Action 2.1.2").update(
        status=ActionStatus.LATE, due_date=timezone.localdate() - timedelta(days=5)
    )
    Commitment.objects.filter(text="Commitment 1.1").update(
        measure_code="swep_offers_accepted", measure_target=80
    )
    response = commissioner_client.get(reverse("strategy:board_report", args=[strategy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "Rough sleeping action plan: progress report" in text
    # Theme 1: 0 not started, 2 on track, 0 at risk, 0 late, 1 done, 3 in all.
    assert "P1: Theme 1 0 2 0 0 1 3" in text
    assert "P2: Theme 2 0 2 0 1 0 3" in text
    assert "Action 2.1.2" in text  # overdue, listed
    assert "SWEP offers of a bed accepted" in text and "No data" in text and "80%" in text


def test_no_overdue_actions_says_so(coordinator_client, world):
    strategy = make_strategy(world.coventry, due_date=date(2099, 1, 1))
    response = coordinator_client.get(reverse("strategy:board_report", args=[strategy.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "No action is past its due date" in text
