"""Production settings: `TRANSPARENCY_PUBLIC_URL=https://data.example.gov.uk/caseloads make publish`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The address the site is served from, without a trailing slash (or write it here instead). Left empty, the
# plugin refuses to build, naming the setting: a published site must not carry preview addresses.
TRANSPARENCY_PUBLIC_URL = os.environ.get("TRANSPARENCY_PUBLIC_URL", "")
# How readers reach the site's editors, shown on the contact page and in the accessibility statement: a real
# route is required to publish (an e-mail address or a web address).
TRANSPARENCY_CONTACT = os.environ.get("TRANSPARENCY_CONTACT", "")
# Pelican's feeds take their absolute addresses from these; links between pages stay relative.
SITEURL = FEED_DOMAIN = TRANSPARENCY_PUBLIC_URL
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = False
