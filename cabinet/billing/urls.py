from django.urls import path

from cabinet.billing import views

app_name = "billing"

urlpatterns = [
    path("matters/<int:matter_id>/billing/", views.matter_billing, name="matter_billing"),
    path(
        "matters/<int:matter_id>/billing/proformas/",
        views.proformas_create,
        name="proformas_create",
    ),
    path(
        "matters/<int:matter_id>/billing/activities/<int:activity_id>/write-off/",
        views.activity_write_off,
        name="activity_write_off",
    ),
    path(
        "matters/<int:matter_id>/billing/activities/<int:activity_id>/write-off/cancel/",
        views.activity_write_off_cancel,
        name="activity_write_off_cancel",
    ),
    path("matters/<int:matter_id>/split/", views.matter_split, name="matter_split"),
    path("proformas/<int:proforma_id>/", views.proforma_detail, name="proforma_detail"),
    path(
        "proformas/<int:proforma_id>/lines/<int:line_id>/delete/",
        views.proforma_line_remove,
        name="proforma_line_remove",
    ),
    path("proformas/<int:proforma_id>/delete/", views.proforma_delete, name="proforma_delete"),
    path(
        "proformas/<int:proforma_id>/finalize/", views.proforma_finalize, name="proforma_finalize"
    ),
    path("proformas/<int:proforma_id>/pdf/", views.proforma_pdf, name="proforma_pdf"),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path(
        "invoices/<int:invoice_id>/credit-note/",
        views.credit_note_create,
        name="credit_note_create",
    ),
    path("credit-notes/<int:credit_note_id>/", views.credit_note_detail, name="credit_note_detail"),
    path("credit-notes/<int:credit_note_id>/pdf/", views.credit_note_pdf, name="credit_note_pdf"),
    path("clients/<int:client_id>/invoices/", views.client_invoices, name="client_invoices"),
]
