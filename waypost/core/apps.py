from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "waypost.core"
    label = "core"
