"""Oversight routes: the dashboard, the reports, their CSV/XLSX downloads and the compliance PDF."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("oversight/", views.oversight_dashboard, name="oversight-dashboard"),
    path("oversight/reports/", views.oversight_reports, name="oversight-reports"),
    path("oversight/reports/compliance.pdf", views.compliance_report_pdf, name="oversight-compliance-pdf"),
    path("oversight/reports/<slug:key>.csv", views.report_csv, name="oversight-report-csv"),
    path("oversight/reports/<slug:key>.xlsx", views.report_xlsx, name="oversight-report-xlsx"),
]
