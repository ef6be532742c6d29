"""Child tables edited with their parent record, through the services."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from sifa.core import access


class ChildInline(admin.TabularInline):
    """A child table edited with its parent record: the parent's access rules apply."""

    extra = 0

    def _parent_writable(self, request, obj) -> bool:
        if not access.can_write(request.user, self.parent_model):
            return False
        if obj is not None:
            try:
                access.ensure_can_write(request.user, obj)
            except PermissionDenied:
                return False
        return True

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) != "viewer"

    def has_add_permission(self, request, obj=None):
        return self._parent_writable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_writable(request, obj)


def save_children(request, formset, save, delete):
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        delete(obj, user=request.user)
    for obj in instances:
        save(obj, user=request.user)
