from django.urls import path

from . import twofactor

urlpatterns = [
    path("verify/", twofactor.verify, name="twofactor_verify"),
    path("two-factor/", twofactor.status, name="twofactor"),
    path("two-factor/enrol/", twofactor.enrol, name="twofactor_enrol"),
    path("two-factor/backup-codes/", twofactor.backup_codes, name="twofactor_codes"),
]
