"""Records of the reconsideration line (行政复议): the case and its pipeline are in `case`,
its choices in `choices`, its statutory periods in `periods`."""

from .case import *  # noqa: F403
from .choices import *  # noqa: F403
from .periods import *  # noqa: F403
