#!/usr/bin/env python
"""Django's command-line utility, for `python manage.py check` and the like.

To run the site, use `python run.py`: it creates the in-memory database first.
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
