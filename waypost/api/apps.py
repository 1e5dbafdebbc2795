from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "waypost.api"
    label = "waypost_api"
