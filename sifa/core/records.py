"""Core record types: activities of any line recorded by their type (活动类型目录)."""

from .models import Activity
from .registry import RecordType, register

register(RecordType(Activity))
