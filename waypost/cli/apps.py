from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "waypost.cli"
    label = "waypost_cli"
