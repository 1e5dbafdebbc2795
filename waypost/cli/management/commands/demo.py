"""``waypost demo``: migrate the embedded database, load the demo world, serve it with a worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from waypost.demo import debriefs, travel, world


class Command(BaseCommand):
    help = "Set up and serve a populated Waypost on the embedded database (--no-serve: set up, then exit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="migrate and load the demo world, then exit"
        )
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        result = world.load()
        travel.load_guidance()
        travel.load_briefings()
        travel.load_screening_list()
        travel.load_trips()
        travel.load_invitations()
        travel.load_abroad()
        debriefs.load_debriefs()
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS("Waypost demo world is ready."))
        self.stdout.write(f"\n  Open {url}\n  Password for every login below: {result['password']}\n")
        width = max(len(label) for label, _email in result["logins"])
        for label, email in result["logins"]:
            self.stdout.write(f"    {label.ljust(width)}  {email}")
        self.stdout.write(f"\n  Outgoing e-mail is printed here (EMAIL_BACKEND={settings.EMAIL_BACKEND}).\n")
        if options["no_serve"]:
            return
        worker = subprocess.Popen([sys.executable, "-m", "waypost.cli.main", "worker"])
        try:
            call_command(
                "runserver", f"{options['host']}:{options['port']}", use_reloader=False, use_threading=True
            )
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
