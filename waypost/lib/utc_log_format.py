"""Log lines stamped in UTC with a `Z` (ASVS 16.2.2): lines from servers in different time
zones, or either side of a clock change, sort and compare without guessing an offset."""

import logging
import time


class UtcFormatter(logging.Formatter):
    """`%(asctime)s` as ISO 8601 in UTC to the millisecond: 2026-03-29T01:30:00.123Z."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
