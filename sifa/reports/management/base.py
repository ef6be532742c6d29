"""Commands whose errors are one Chinese sentence on stderr and exit code 1, never a traceback."""

import sys

from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import connections


class ReportCommand(BaseCommand):
    requires_system_checks = []  # figures are read-only; a line's check must not block them

    def run_from_argv(self, argv):
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            if options.traceback:
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)
        finally:
            connections.close_all()
