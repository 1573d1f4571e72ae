"""The client portal's pages (U2), under /portal/."""

from django.urls import path

from cabinet.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.portal_login, name="login"),
    path("logout/", views.portal_logout, name="logout"),
    path("password/forgotten/", views.password_forgotten, name="password_forgotten"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
    path("matters/", views.matter_list, name="matters"),
    path("matters/<int:matter_id>/", views.matter_detail, name="matter_detail"),
    path("invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("credit-notes/<int:credit_note_id>/pdf/", views.credit_note_pdf, name="credit_note_pdf"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("account/", views.account, name="account"),
]
