from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "waypost.web"
    label = "waypost_web"
