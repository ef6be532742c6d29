"""Child tables edited with their parent record, through the services."""

from __future__ import annotations


def save_children(request, formset, save, delete):
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        delete(obj, user=request.user)
    for obj in instances:
        save(obj, user=request.user)
