"""Oversight API routes: the dashboard, the reports, and their CSV/XLSX downloads."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("oversight/dashboard/", views.DashboardApi.as_view(), name="oversight-dashboard"),
    path("oversight/reports/", views.ReportListApi.as_view(), name="oversight-reports"),
    path("oversight/reports/<slug:key>/", views.ReportApi.as_view(), name="oversight-report"),
    path("oversight/reports/<slug:key>.csv", views.ReportCsvApi.as_view(), name="oversight-report-csv"),
    path("oversight/reports/<slug:key>.xlsx", views.ReportXlsxApi.as_view(), name="oversight-report-xlsx"),
]
