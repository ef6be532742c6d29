"""Time the demo county build, line by line: `python bench/demo_bench.py`.

Builds into a fresh SQLite file under a temporary SIFA_HOME (migrations included) and prints
the seconds each step takes; the README records the figures.
"""

import os
import sys
import tempfile
import time

os.environ["SIFA_HOME"] = tempfile.mkdtemp(prefix="sifa-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402


def main() -> None:
    from sifa.core import demo
    from sifa.core.demo import county as county_data

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t1 = time.perf_counter()
    print(f"migrate                {t1 - t0:6.2f} s")
    with transaction.atomic():
        profile, townships, villages = county_data.build_county()
        ctx = demo.DemoContext(
            seed=demo.DEMO_SEED,
            county=profile.region,
            townships=townships,
            villages=villages,
            profile=profile,
        )
        county_data.build_units(ctx)
        county_data.build_accounts(ctx)
        t2 = time.perf_counter()
        print(f"county, units, users   {t2 - t1:6.2f} s")
        for _order, app, generate in demo.line_generators():
            start = time.perf_counter()
            generate(ctx)
            print(f"{app.split('.')[-1]:<22} {time.perf_counter() - start:6.2f} s")
    print(f"total                  {time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
