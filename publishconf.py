"""Production settings: `make publish`. Set SITEURL to the address the site is served from."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = not SITEURL
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = False
