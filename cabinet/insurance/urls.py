from django.urls import path

from cabinet.insurance import views

app_name = "insurance"

urlpatterns = [
    path("clients/<int:client_id>/contracts/", views.client_contracts, name="client_contracts"),
    path("clients/<int:client_id>/contracts/new/", views.contract_create, name="contract_create"),
    path(
        "clients/<int:client_id>/premium-receipts/",
        views.client_receipts,
        name="client_receipts",
    ),
    path("clients/<int:client_id>/claims/", views.client_claims, name="client_claims"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:contract_id>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:contract_id>/delete/", views.contract_delete, name="contract_delete"),
    path(
        "contracts/<int:contract_id>/premium-receipts/new/",
        views.receipt_create,
        name="receipt_create",
    ),
    path("contracts/<int:contract_id>/claims/new/", views.claim_create, name="claim_create"),
    path("premium-receipts/<int:receipt_id>/", views.receipt_detail, name="receipt_detail"),
    path("premium-receipts/<int:receipt_id>/edit/", views.receipt_edit, name="receipt_edit"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim_edit"),
]
