"""Read-only pages of the correction line (entry goes through the admin screens).

Mount with `path("correction/", include("sifa.correction.urls"))` in sifa/urls.py.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sifa.core.client_ip import client_ip
from sifa.core.idnumber import mask
from sifa.core.workflow import timeline

from . import selectors
from .models import (
    Classification,
    LeaveRequest,
    Monitoring,
    RewardPenalty,
    SupervisionEvent,
    TeamMember,
)


@login_required
def subject_detail(request, pk):
    """A subject's whole file; every opening is written to the audit log."""
    user = request.user
    subject = selectors.subject_file(user, pk, remote_addr=client_ip(request))
    sections = [
        (model._meta.verbose_name_plural, selectors.file_records(user, model, subject))
        for model in (
            TeamMember,
            Classification,
            SupervisionEvent,
            LeaveRequest,
            Monitoring,
            RewardPenalty,
        )
    ]
    context = {
        "subject": subject,
        "masked_id": mask(subject.id_number),
        "sections": sections,
        "events": timeline(subject),
    }
    return render(request, "correction/subject_detail.html", context)
